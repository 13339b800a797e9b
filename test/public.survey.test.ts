// 群众评议 by phone, end to end: a reviewer opens a survey with ballots, the slips are downloaded,
// a slip's QR is decoded and answered on the phone page in Debian's Chromium at a phone's width,
// a second answer and an answer after closing are refused, and the survey evaluation's counts
// are exactly the answers — also when 50 ballots are each sent twice at the same moment.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { testDatabases } from './support/databases';
import { startTestServer, type TestServer } from './support/server';
import { publicWorld, type PublicWorld } from './support/publicWorld';
import { qrCodesIn } from './support/qr';
import { launchChromium, REPO } from './browser/harness';
import { buildReport } from '../server/reports/build';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const ARTIFACTS = `${REPO}/test/artifacts/public`;

describe.each(dbs)('phone survey on $name', ({ name, url }) => {
  let server: TestServer;
  let world: PublicWorld;
  let browser: Browser;
  let now = new Date('2011-07-15T04:00:00Z');
  let survey: { id: number; codes: string[] };
  let addresses: string[];

  const answer = (address: string, form: Record<string, string>) =>
    fetch(address, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const surveyNow = async () => (await world.reviewer.get(`/surveys/${survey.id}`)).body;
  const ballotsEvaluation = async () => {
    const list = await world.reviewer.get(`/evaluations?org=${world.org.chengguan}&kind=survey&period=2011-H1`);
    const target = (await surveyNow()).targets.find((t: { targetType: string }) => t.targetType === 'organization');
    return list.body.items.find((e: { id: number }) => e.id === target.evaluationId);
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now, publicLimits: { perBallot: 20 } });
    world = await publicWorld(server);
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens a survey of the branch and its members with 60 one-time ballots, from the level above only', async () => {
    const body = { orgId: world.org.chengguan, period: '2011-H1', ballots: 60, closesOn: '2011-07-31', members: true };
    expect((await world.clerk.post('/surveys', body)).status).toBe(403);
    const res = await world.reviewer.post('/surveys', body);
    expect(res.status).toBe(201);
    survey = res.body;
    expect(survey.codes).toHaveLength(60);
    expect(new Set(survey.codes).size).toBe(60);
    for (const code of survey.codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/); // 80 bits
    expect(res.body).toMatchObject({ ballots: 60, answered: 0, unused: 60, closed: false, counts: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 } });
    // The members with commitments on this year's notice: 王芳 and 李强.
    expect(res.body.targets.map((t: { name: string }) => t.name)).toEqual(['城关社区党支部', '王芳', '李强']);
    expect((await world.reviewer.post('/surveys', body)).status).toBe(409);
    const audit = await server.ctx.db.selectFrom('audit').select('action').where('entity', '=', 'survey').where('entity_id', '=', survey.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['open']);
  });

  it('refuses a survey it cannot run, naming the field', async () => {
    const base = { orgId: world.org.dongfeng, period: '2011-H1', ballots: 50, closesOn: '2011-07-31' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ballots: 5000 }, 'ballots', 'too_big'],
      [{ period: '2011-06' }, 'period', 'period.wrong_kind'],
      [{ closesOn: '2011-07-01' }, 'closesOn', 'survey.closes_in_past'],
      [{ closesOn: '2011-02-30' }, 'closesOn', 'invalid'],
    ];
    for (const [change, field, code] of cases) {
      const res = await world.reviewer.post('/surveys', { ...base, ...change });
      expect(res.status, field).toBe(400);
      expect(res.body.errors, field).toEqual([expect.objectContaining({ field, code, message: expect.any(String) })]);
    }
    expect((await world.clerk.get(`/surveys/${survey.id}`)).status).toBe(200); // the clerk's own branch
    expect((await server.api(await server.login('cg-clerk', 'Qingshan-2011!')).get(`/surveys?org=${world.org.dongfeng}`)).status).toBe(404);
  });

  it('prints slips whose QR codes are the ballots’ phone pages', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/surveys/${survey.id}/ballots`, { headers: { authorization: `Bearer ${await server.login('county-reviewer', 'Qingshan-2011!')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    addresses = await qrCodesIn(Buffer.from(await res.arrayBuffer()));
    expect(addresses).toEqual(survey.codes.map((c) => `${server.baseUrl}/s/${c}`));
  });

  it('is answered on a phone, once; a second try is told kindly', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await page.goto(addresses[0]);
    expect(await page.locator('h1').textContent()).toBe('城关社区党支部群众满意度评议');
    await page.getByRole('group', { name: '对党组织：城关社区党支部' }).getByLabel('满意', { exact: true }).check();
    await page.getByRole('group', { name: '对党员：王芳' }).getByLabel('基本满意').check();
    await page.getByLabel(/意见和建议/).fill('=HYPERLINK("http://x")希望多组织义诊');
    if (name === 'sqlite') await page.screenshot({ path: `${ARTIFACTS}/ballot-zh.png`, fullPage: true });
    // No horizontal scrolling at a phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: '提交评议' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('提交成功');
    if (name === 'sqlite') await page.screenshot({ path: `${ARTIFACTS}/ballot-thanks-zh.png` });

    const again = await page.goto(addresses[0]);
    expect(again!.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('这张评议票已经使用过了');
    await page.close();
    const resent = await answer(addresses[0], { answer: 'unsatisfied' });
    expect(resent.status).toBe(409);

    const now = await surveyNow();
    expect(now).toMatchObject({ answered: 1, unused: 59, counts: { satisfied: 1, basicallySatisfied: 0, unsatisfied: 0 } });
    expect(now.targets.map((t: { counts: unknown }) => t.counts)).toEqual([
      { satisfied: 1, basicallySatisfied: 0, unsatisfied: 0 },
      { satisfied: 0, basicallySatisfied: 1, unsatisfied: 0 },
      { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 },
    ]);
    const comments = await world.reviewer.get(`/surveys/${survey.id}/comments`);
    expect(comments.body.items).toEqual([expect.objectContaining({ about: '城关社区党支部', comment: '=HYPERLINK("http://x")希望多组织义诊' })]);
  });

  it('takes a typed code as printed, in any case, and says so when it is wrong', async () => {
    const code = survey.codes[59];
    const typed = code.toLowerCase().match(/.{4}/g)!.join('-');
    const res = await fetch(`${server.baseUrl}/s?code=${typed}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, `${server.baseUrl}/s`).pathname).toBe(`/s/${code}`);
    const wrong = await fetch(`${server.baseUrl}/s?code=1234`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('票码应为 16 位字母和数字');
    expect((await fetch(`${server.baseUrl}/s/${'0'.repeat(16)}`)).status).toBe(404);
  });

  it('counts 50 ballots sent twice each at the same moment exactly once each', async () => {
    const fifty = addresses.slice(1, 51);
    const choices = ['satisfied', 'basically_satisfied', 'unsatisfied'];
    const sends = fifty.flatMap((a, i) => [answer(a, { answer: choices[i % 3] }), answer(a, { answer: choices[(i + 1) % 3] })]);
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    const now = await surveyNow();
    expect(now.answered).toBe(51);
    const total = now.counts.satisfied + now.counts.basicallySatisfied + now.counts.unsatisfied;
    expect(total).toBe(51);
    // The survey evaluation (source: ballots) holds exactly what was answered.
    const evaluation = await ballotsEvaluation();
    expect(evaluation.source).toBe('ballots');
    expect({ satisfied: evaluation.satisfied, basicallySatisfied: evaluation.basicallySatisfied, unsatisfied: evaluation.unsatisfied }).toEqual(now.counts);
  });

  it('the public page shows the half-year’s result, paper and phone summed', async () => {
    const counts = (await surveyNow()).counts;
    const links = await world.clerk.get(`/public-links?org=${world.org.chengguan}&year=2011`);
    const link = links.body.items[0] ?? (await world.clerk.post('/public-links', { orgId: world.org.chengguan, year: 2011 })).body;
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true });
    await page.goto(link.url);
    expect(await page.locator('main').textContent()).toContain(`满意 ${30 + counts.satisfied} 票，基本满意 ${5 + counts.basicallySatisfied} 票，不满意 ${1 + counts.unsatisfied} 票`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (name === 'sqlite') await page.screenshot({ path: `${ARTIFACTS}/public-page-zh.png`, fullPage: true });
    await page.close();
  });

  it('the half-year bulletin counts the phone ballots with the paper tallies', async () => {
    const counts = (await surveyNow()).counts;
    const wb = await readBook((await buildReport(server.ctx, { kind: 'half-year', orgId: world.org.county, period: '2011-H1' })).buffer);
    const row = records(table(wb, '半年通报')).find((r) => r['党组织'] === '城关社区党支部')!;
    expect([row['满意'], row['基本满意'], row['不满意']]).toEqual([30 + counts.satisfied, 5 + counts.basicallySatisfied, 1 + counts.unsatisfied]);
  });

  it('limits requests per ballot, not per address', async () => {
    const code = addresses[55];
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await fetch(code)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await fetch(addresses[56])).status).toBe(200); // the same address, another ballot
  });

  it('takes nothing after closing: closed early by the reviewer, or past the closing date', async () => {
    expect((await fetch(addresses[57])).status).toBe(200);
    const closed = await world.reviewer.post(`/surveys/${survey.id}/close`);
    expect(closed.body.closed).toBe(true);
    const refused = await answer(addresses[57], { answer: 'satisfied' });
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain('评议已结束');
    expect((await surveyNow()).answered).toBe(51);
    const audit = await server.ctx.db.selectFrom('audit').select('action').where('entity', '=', 'survey').where('entity_id', '=', survey.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['open', 'close']);

    // A second survey, for the second half, closing on 31 December: answered on 1 January it is refused.
    const h2 = await world.reviewer.post('/surveys', { orgId: world.org.chengguan, period: '2011-H2', ballots: 2, closesOn: '2011-12-31' });
    expect(h2.status).toBe(201);
    now = new Date('2011-12-31T15:59:00Z'); // 23:59 in Beijing
    expect((await answer(`${server.baseUrl}/s/${h2.body.codes[0]}`, { answer: 'satisfied' })).status).toBe(200);
    now = new Date('2011-12-31T16:01:00Z'); // 00:01 on 1 January in Beijing
    expect((await answer(`${server.baseUrl}/s/${h2.body.codes[1]}`, { answer: 'satisfied' })).status).toBe(410);
  });
});
