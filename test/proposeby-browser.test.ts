// 科学提诺 on the review desk (issue 15), in Debian's Chromium against the real server: the demo
// county in its second year, on 20 August 2012, when only some branches have committed. The
// county's reviewer opens 审核 in the task pane (350 px, Chinese), reads who has not committed
// with the county's 31 August date, sets an earlier date for one general branch, and sees that
// branch's people turn late; the same list in the workspace on a 360 px phone, in English.
// Screenshots: test/artifacts/proposeby-*.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { launchChromium, openPane, REPO } from './browser/harness';
import { loadDemoCounty } from '../server/demo';

const SHOTS = `${REPO}/test/artifacts/`;
const PASSWORD = 'demo-test-password';
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let reviewer: Api;
let county = 0;
let general = 0;
let generalName = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url, clock: () => new Date('2012-08-20T02:00:00Z'), sessionTtlHours: 24 * 400 });
  county = (await loadDemoCounty(server.ctx.db, { password: PASSWORD })).countyId;
  const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  reviewer = server.api(await server.login('reviewer', PASSWORD));
  const scheme = (await admin.get(`/orgs/${county}/scheme`)).body;
  expect((await admin.put(`/orgs/${county}/scheme`, { ...scheme, orgId: undefined, proposeBy: '08-31' })).status).toBe(200);
  const generals = await server.ctx.db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'general_branch').orderBy('id').execute();
  [general, generalName] = [generals[1].id, generals[1].name];
  // 2012: every branch of the first general branch has committed, for itself and all its members
  const branches = await server.ctx.db.selectFrom('organizations').select(['id', 'name']).where('parent_id', '=', generals[0].id).execute();
  for (const b of branches) {
    const clerkLogin = (await server.ctx.db.selectFrom('users').select('login').where('org_id', '=', b.id).where('role', '=', 'clerk').executeTakeFirstOrThrow()).login;
    const clerk = server.api(await server.login(clerkLogin, PASSWORD));
    const members = await server.ctx.db.selectFrom('members').select(['id', 'name']).where('org_id', '=', b.id).execute();
    const rows = [
      { key: `o-${b.id}`, year: 2012, subjectType: '党组织', subjectName: b.name, category: '实事承诺', content: '为群众办好一件实事：修缮村口便民桥', deadline: '2012年10月底' },
      ...members.map((m) => ({ key: `m-${m.id}`, year: 2012, memberId: m.id, subjectType: '党员', subjectName: m.name, category: '岗位承诺', content: '每月走访困难群众不少于2户', deadline: '2012年12月底' })),
    ];
    expect((await clerk.post('/commitments/batch', { orgId: b.id, rows })).status).toBe(200);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

async function signIn(page: Page, words: { account: string; signIn: string }) {
  await page.getByRole('tab', { name: words.account, exact: true }).click();
  await page.fill('input[name="server"]', server.baseUrl);
  await page.fill('input[name="login"]', 'reviewer');
  await page.fill('input[name="password"]', PASSWORD);
  await page.getByRole('main').getByRole('button', { name: words.signIn }).click();
  await page.locator('[data-user="reviewer"]').waitFor();
}

const section = (page: Page) => page.locator('[data-view="not-committed"]');

describe('who has not committed, on the review desk', () => {
  it('lists them with the county’s date; an earlier date for one general branch turns its people late (pane, zh)', async () => {
    const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'zh-CN' });
    await signIn(page, { account: '账户', signIn: '登录' });
    await page.getByRole('tab', { name: '审核', exact: true }).click();
    await section(page).locator('[data-missing-count]').waitFor();
    const missing = (await reviewer.get(`/commitments/missing?org=${county}&year=2012`)).body;
    expect(await section(page).locator('[data-propose-by]').getAttribute('data-propose-by')).toBe('2012-08-31');
    expect(await section(page).locator('[data-missing-count]').textContent()).toBe(`党组织 ${missing.organizations.length} 个、党员 ${missing.members.length} 名尚未提诺，其中逾期 0`);
    expect(await section(page).locator('[data-missing-org]').count()).toBe(missing.organizations.length);
    expect(await section(page).locator('[data-proposal="late"]').count()).toBe(0);

    await page.locator('select[name="propose-by-org"]').selectOption({ label: generalName });
    await expect.poll(() => section(page).locator('[data-current]').textContent()).toContain('县方案');
    await page.fill('input[name="propose-by-date"]', '2012-07-31');
    await section(page).getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('提诺截止日期现为 2012-07-31');
    await expect.poll(() => section(page).locator('[data-current]').textContent()).toContain('本级设定');

    const after = (await reviewer.get(`/commitments/missing?org=${county}&year=2012`)).body;
    const late = [...after.organizations, ...after.members].filter((x: any) => x.late);
    expect(late.length).toBeGreaterThan(20);
    await expect.poll(() => section(page).locator('[data-missing-count]').textContent()).toContain(`其中逾期 ${late.length}`);
    // one flag per organisation listed and per organisation's members
    const lateOrgs = after.organizations.filter((o: any) => o.late).length;
    const lateMemberOrgs = new Set(after.members.filter((m: any) => m.late).map((m: any) => m.orgId)).size;
    expect(await section(page).locator('[data-proposal="late"]').count()).toBe(lateOrgs + lateMemberOrgs);
    await section(page).locator('[data-proposal]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}proposeby-desk-zh.png` });
    await section(page).locator('[data-form="propose-by"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}proposeby-form-zh.png` });
    await page.close();
  });

  it('the same list in the workspace on a 360 px phone, in English, fitting its width', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 }, locale: 'en-US' });
    await page.goto(`${server.baseUrl}/`);
    await page.fill('input[name="login"]', 'reviewer');
    await page.fill('input[name="password"]', PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('[data-user="reviewer"]').waitFor();
    await page.locator('[data-action="menu"]').click();
    await page.getByRole('tab', { name: 'Review', exact: true }).click();
    await page.waitForTimeout(400); // the drawer slides out
    await section(page).locator('[data-missing-count]').waitFor();
    expect(await section(page).locator('[data-missing-count]').textContent()).toMatch(/^\d+ organisations and \d+ members have not committed; \d+ late$/);
    await section(page).locator('[data-proposal]').first().scrollIntoViewIfNeeded();
    const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${SHOTS}proposeby-desk-en-360.png` });
    await page.close();
  });
});
