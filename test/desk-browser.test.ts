// A reviewer's morning at the review desk, in Debian's Chromium with the built pane served by the
// real server (Excel faked by test/browser/fake-office.js): open the 待审 queue, read the hints and
// the late flags, approve three, return one with a note drafted from its hints, publish; then type
// a branch's paper 群众评议 tallies beside its phone ballots, and correct them.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { PASSWORD, seedCounties } from './support/counties';
import { launchChromium, openPane, REPO, signInToPane } from './browser/harness';

const db = freshSqlite();
const beijing = (day: string) => new Date(`${day}T10:00:00+08:00`);
let now = beijing('2011-01-28');
let server: TestServer;
let browser: Browser;
let clerk: Api;
let reviewer: Api;
let branch = 0;
let member = 0;
const ids: Record<string, number> = {};
const SHOTS = `${REPO}/test/artifacts`;
const REVIEWER = { login: 'reviewer-town', password: PASSWORD };

const item = (page: Page, key: string) => page.locator(`[data-item="${ids[key]}"]`);

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: db.url, clock: () => now, sessionTtlHours: 24 * 366 });
  const world = await seedCounties(server);
  clerk = await world.user('clerk-branch', 'clerk', world.org.branch);
  reviewer = await world.user('reviewer-town', 'reviewer', world.org.town);
  branch = world.org.branch;
  const row = (key: string, subjectName: string, category: string, content: string, measures?: string) =>
    ({ key, year: 2011, subjectType: '党员', subjectName, category, content, measures, deadline: '2011-12-31' });
  const batch = await clerk.post('/commitments/batch', {
    orgId: world.org.branch,
    rows: [
      row('k1', '姚涛', '岗位承诺', '每周开展一次家访', '建立家访台账'),
      row('k2', '郑英', '岗位承诺', '加强学习，提高素质'),
      row('k3', '孔平', '实事承诺', '开展“送医下乡”活动，每季度不少于1次'),
      row('k4', '孙伟', '实事承诺', '开展健康知识讲座3次'),
    ],
  });
  for (const r of batch.body.rows) ids[r.key] = r.id;
  member = (await clerk.post('/members', { orgId: world.org.branch, name: '郑英', role: 'ordinary' })).body.id;
  await clerk.post('/commitments/transitions', { ids: [ids.k1, ids.k2], action: 'submit' });
  now = beijing('2011-02-09');
  await clerk.post('/commitments/transitions', { ids: [ids.k3, ids.k4], action: 'submit' });
  now = beijing('2011-02-14');
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe("a reviewer's morning at the review desk", () => {
  let page: Page;

  it('opens the queue: oldest first, the late ones flagged, each with its hints', async () => {
    page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'zh-CN' });
    await signInToPane(page, REVIEWER);
    await page.getByRole('tab', { name: '审核', exact: true }).click();
    await item(page, 'k4').waitFor();
    const order = await page.locator('[data-item]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-item'))));
    expect(order).toEqual([ids.k1, ids.k2, ids.k3, ids.k4]);
    await expect(item(page, 'k1').locator('[data-late]').count()).resolves.toBe(1);
    await expect(item(page, 'k3').locator('[data-late]').count()).resolves.toBe(0);
    await expect(item(page, 'k2').locator('[data-hint]').evaluateAll((els) => els.map((e) => e.getAttribute('data-hint')))).resolves.toEqual([
      'hint.no_measure',
      'hint.no_action',
    ]);
    expect(await item(page, 'k1').textContent()).toContain('应于 2011-02-12 前审结');
    await page.screenshot({ path: `${SHOTS}/desk-queue-zh.png`, fullPage: true });
  });

  it('returns the vague one with a note drafted from its hints', async () => {
    await item(page, 'k2').getByRole('checkbox').check();
    await page.getByRole('button', { name: '按提示起草意见' }).click();
    const note = await page.locator('textarea[name="review-note"]').inputValue();
    expect(note).toContain('请修改后重新提交');
    expect(note).toContain('郑英“加强学习，提高素质”：没有可衡量的数量或频次');
    await page.getByRole('button', { name: '退回选中' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('退回：成功 1 条');
    await expect.poll(() => item(page, 'k2').count()).toBe(0);
    const stored = (await clerk.get(`/commitments/${ids.k2}`)).body;
    expect(stored).toMatchObject({ status: 'returned', reviewNote: note });
  });

  it('approves the other three at once, then publishes them', async () => {
    await page.getByRole('checkbox', { name: '全选' }).check();
    await expect(page.locator('[data-count]').textContent()).resolves.toBe('待审 3 条，已选 3 条');
    await page.getByRole('button', { name: '通过选中' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('通过：成功 3 条');
    await page.getByText('没有待审核的承诺。').waitFor();
    await page.getByRole('button', { name: '公示已审核的 3 条' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('公示：成功 3 条');
    const statuses = await Promise.all(['k1', 'k3', 'k4'].map(async (k) => (await clerk.get(`/commitments/${ids[k]}`)).body.status));
    expect(statuses).toEqual(['published', 'published', 'published']);
    await page.screenshot({ path: `${SHOTS}/desk-published-zh.png`, fullPage: true });
  });

  it("records the quarter's comment on the branch, rates a member, and opens the rectification the grid proposes", async () => {
    await page.getByRole('tab', { name: '考评', exact: true }).click();
    const duty = page.locator('[data-section="comments"]');
    await duty.getByText('2011-Q1 待点评').waitFor();
    await duty.getByRole('textbox', { name: '点评意见 城关镇卫生院党支部', exact: true }).fill('审诺及时，承诺具体，继续保持');
    await duty.getByRole('button', { name: '点评' }).click();
    await duty.getByText('本期应点评的对象都已点评。').waitFor();
    const comments = (await clerk.get('/evaluations?kind=leader_comment')).body.items;
    expect(comments).toMatchObject([{ targetType: 'organization', period: '2011-Q1', text: '审诺及时，承诺具体，继续保持' }]);

    await page.locator('input[name="rating-year"]').fill('2011');
    const row = page.locator(`[data-rating="member:${member}"]`);
    await row.getByRole('combobox', { name: '郑英' }).selectOption('unqualified');
    await row.locator('[data-propose]').waitFor();
    expect(await row.locator('[data-propose]').textContent()).toContain('年度评议不合格（差）');
    await row.getByRole('button', { name: '提出整改' }).click();
    await page.locator('[data-rectification]').waitFor();
    const opened = (await clerk.get('/rectifications?year=2011')).body.items;
    expect(opened).toMatchObject([{ targetType: 'member', targetId: member, issue: '年度评议不合格（差）', dueOn: '2012-03-31', status: 'open' }]);
    await page.screenshot({ path: `${SHOTS}/desk-assess-zh.png`, fullPage: true });
  });

  it("types the branch's paper tallies beside its phone ballots, then corrects them: one paper survey, the total rate the report's", async () => {
    // The phone ballots of the half-year, as the public-supervision survey stores them.
    const ballots = { kind: 'survey', source: 'ballots', targetType: 'organization', targetId: branch, period: '2011-H1' };
    expect((await reviewer.post('/evaluations', { ...ballots, satisfied: 8, basicallySatisfied: 1, unsatisfied: 1 })).status).toBe(201);
    await page.locator('input[name="survey-period"]').fill('2011-H1');
    const row = page.locator(`[data-tally="organization:${branch}"]`);
    await expect.poll(async () => (await row.locator('[data-ballots]').textContent()) ?? '').toBe('手机票 8 / 1 / 1');
    // The reviewer's own committee is not among the rows: its survey is the county's to record.
    expect(await page.locator('[data-tally]').count()).toBe(1);
    await row.getByRole('spinbutton', { name: '满意 城关镇卫生院党支部', exact: true }).fill('30');
    await row.getByRole('spinbutton', { name: '基本满意 城关镇卫生院党支部', exact: true }).fill('5');
    await row.getByRole('spinbutton', { name: '不满意 城关镇卫生院党支部', exact: true }).fill('5');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('已保存 城关镇卫生院党支部 2011-H1 的测评表');
    // The row is read again after the save: wait for it rather than race it.
    await expect.poll(async () => row.locator('[data-rates]').textContent()).toBe('满意率：纸质 87.5% · 手机 90% · 合计 88%');

    await row.getByRole('spinbutton', { name: '不满意 城关镇卫生院党支部', exact: true }).fill('15');
    await row.getByRole('button', { name: '更正' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('已更正 城关镇卫生院党支部 2011-H1 的测评表');
    const surveys = (await reviewer.get('/evaluations?kind=survey&period=2011-H1')).body.items;
    expect(surveys.filter((s: { source: string }) => s.source === 'paper')).toMatchObject([
      { targetType: 'organization', targetId: branch, satisfied: 30, basicallySatisfied: 5, unsatisfied: 15, version: 2 },
    ]);
    expect(surveys).toHaveLength(2);
    // (30 + 5 + 8 + 1) ÷ (50 + 10) = 73.3%; paper 35 ÷ 50, phone 9 ÷ 10.
    await expect.poll(async () => row.locator('[data-rates]').textContent()).toBe('满意率：纸质 70% · 手机 90% · 合计 73.3%');
    await row.screenshot({ path: `${SHOTS}/desk-tallies-row-zh.png` });
    await page.screenshot({ path: `${SHOTS}/desk-tallies-zh.png`, fullPage: true });
  });

  it('reads the same desk in English', async () => {
    await clerk.post('/commitments/transitions', { ids: [ids.k2], action: 'submit' });
    const english = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'en-US' });
    await signInToPane(english, REVIEWER, 'en-US');
    await english.getByRole('tab', { name: 'Review', exact: true }).click();
    await item(english, 'k2').waitFor();
    expect(await item(english, 'k2').textContent()).toContain('No measurable amount or frequency');
    await english.screenshot({ path: `${SHOTS}/desk-queue-en.png`, fullPage: true });
    await english.getByRole('tab', { name: 'Assess', exact: true }).click();
    await english.locator('input[name="rating-year"]').fill('2011');
    await english.locator('[data-rectification]').waitFor();
    expect(await english.locator('[data-section="ratings"]').textContent()).toContain('Commendation candidates');
    await english.locator('input[name="survey-period"]').fill('2011-H1');
    const tallies = english.locator(`[data-tally="organization:${branch}"]`);
    await expect.poll(async () => tallies.locator('[data-rates]').textContent()).toBe('Satisfaction: paper 70% · phone 90% · total 73.3%');
    await expect(tallies.getByRole('spinbutton', { name: 'Unsatisfied 城关镇卫生院党支部', exact: true }).inputValue()).resolves.toBe('15');
    // The year's grid reads the server's annual figure (H1 and H2, both sources): the same 73.3%.
    expect(await english.locator(`[data-rating="organization:${branch}"]`).textContent()).toContain('satisfaction 73.3%');
    await english.screenshot({ path: `${SHOTS}/desk-assess-en.png`, fullPage: true });
  });
});
