// 跟踪问诺 in the task pane (issue 15): a branch's monthly check of 100 items, in Debian's Chromium
// against the real server, with Excel faked by test/browser/fake-office.js. The ledger is
// generated in the demo county's words (25 members, four items each) and submitted through the
// batch; the clerk selects all 100 rows, writes one note, gives one row its own note, leaves one
// out, and sends — one request; the server then holds exactly 99 entries and 进展情况 says each
// row's note. A connection lost after the server stored a check, then pressing again, stores
// nothing twice. Screenshots, Chinese and English at 350 px: test/artifacts/progress-*.png.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type TestServer } from './support/server';
import { fakeState, launchChromium, openPane, REPO, type FakeSheet } from './browser/harness';
import { COMMON, DISCIPLINE, GIVEN, MEASURES, SECTORS, SURNAMES } from '../server/demoTexts';
import { currentMonth } from '../addin/src/actions/progress';
import type { CellValue } from '../core/types';

const SHOTS = `${REPO}/test/artifacts/`;
const ORG = '城关一中党支部';
const CLERK = { login: 'chengguan1', password: 'clerk-pass-2011-ledger', name: '一中党务干事' };
const YEAR = new Date().getFullYear();
const HEADER = ['序号', '承诺年度', '所在党组织', '承诺主体', '主体类型', '承诺类别', '承诺内容', '具体措施', '完成时限', '责任人', '状态', '进展情况', '备注', '编号'];
const PROGRESS_COL = HEADER.indexOf('进展情况');
const ID_COL = HEADER.indexOf('编号');
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let admin: Api;
let sheet: FakeSheet;

/** 100 rows: 25 members of a school branch, each with a 共性, 岗位, 实事 and 自律 item. */
function ledgerRows() {
  const plan = SECTORS[0];
  const rows = [];
  for (let m = 0; m < 25; m++) {
    const name = `${SURNAMES[m * 3]}${GIVEN[m * 2]}${GIVEN[m * 2 + 1]}`;
    const items: [string, string, string][] = [
      ['共性承诺', COMMON[m % COMMON.length], '长期坚持'],
      ['岗位承诺', plan.post[m % plan.post.length], `${YEAR}年${(m % 6) + 7}月底`],
      ['实事承诺', plan.deed[m % plan.deed.length], `${YEAR}年12月底`],
      ['自律承诺', DISCIPLINE[m % DISCIPLINE.length], '长期坚持'],
    ];
    for (const [category, content, deadline] of items) rows.push({ name, category, content, deadline, measures: MEASURES[rows.length % MEASURES.length] });
  }
  return rows;
}

async function signIn(page: Page, tab: string, button: string) {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await page.fill('input[name="server"]', server.baseUrl);
  await page.fill('input[name="login"]', CLERK.login);
  await page.fill('input[name="password"]', CLERK.password);
  await page.getByRole('main').getByRole('button', { name: button }).click();
  await page.locator(`[data-user="${CLERK.login}"]`).waitFor();
}

const notice = (page: Page) => page.locator('[data-notice]');
const entryCount = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM progress_entries`.execute(server.ctx.db)).rows[0].n);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url });
  admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const county = (await admin.post('/orgs', { name: '青山县委', kind: 'committee' })).body.id as number;
  const branch = (await admin.post('/orgs', { name: ORG, kind: 'branch', parentId: county })).body.id as number;
  expect((await admin.post('/users', { ...CLERK, role: 'clerk', orgId: branch })).status).toBe(201);
  const clerk = server.api(await server.login(CLERK.login, CLERK.password));
  const rows = ledgerRows();
  const batch = await clerk.post('/commitments/batch', {
    orgId: branch,
    rows: rows.map((r, i) => ({ key: `ledger-${i + 1}`, year: YEAR, subjectName: r.name, subjectType: '党员', category: r.category, content: r.content, measures: r.measures, deadline: r.deadline, responsible: r.name })),
  });
  expect(batch.status).toBe(200);
  const ids: number[] = batch.body.rows.map((r: any) => r.id);
  expect(ids.filter(Boolean)).toHaveLength(100);
  const cells: CellValue[][] = [HEADER, ...rows.map((r, i) => [i + 1, YEAR, ORG, r.name, '党员', r.category, r.content, r.measures, r.deadline, r.name, '已提出', '', '', ids[i]])];
  sheet = { name: `${YEAR}年承诺台账`, rows: cells };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('the monthly check of a branch’s 100 items in the pane', () => {
  it('one note for 100 selected rows, one row with its own, one left out: one request, 99 entries', async () => {
    const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [sheet], language: 'zh-CN' });
    await signIn(page, '账户', '登录');
    await page.evaluate((name) => (window as any).__fakeExcel.select(name, 'A2:N101'), sheet.name);
    await page.getByRole('tab', { name: '进展', exact: true }).click();
    await page.getByRole('main').locator('textarea').fill('本月按计划推进，已对照承诺逐项自查');
    await page.click('[data-action="progress-rows"]');
    const list = page.locator('[data-list="progress-rows"] section');
    await expect.poll(() => list.count()).toBe(100);
    await page.fill('input[name="row-note-5"]', '本月家访学生5户，解决1名学生午餐补助');
    await page.getByRole('checkbox', { name: '记入 7', exact: true }).uncheck();
    await expect(page.locator('input[name="row-note-7"]').count()).resolves.toBe(0);
    await page.locator('[data-list="progress-rows"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}progress-rows-zh.png` });

    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/progress')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    const before = await entryCount();
    await page.getByRole('button', { name: '记录到选中行' }).click();
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('已为 99 条承诺记录');
    expect(requests).toEqual(['POST /api/v1/commitments/progress']);
    expect(await entryCount()).toBe(before + 99);

    const month = currentMonth();
    const { rows: stored } = await sql<{ commitment_id: number; note: string }>`SELECT commitment_id, note FROM progress_entries WHERE month = ${month} ORDER BY commitment_id`.execute(server.ctx.db);
    const idOfRow = (sheetRow: number) => sheet.rows[sheetRow - 1][ID_COL] as number;
    const want = new Map(sheet.rows.slice(1).map((_, i) => [idOfRow(i + 2), '本月按计划推进，已对照承诺逐项自查']));
    want.set(idOfRow(5), '本月家访学生5户，解决1名学生午餐补助');
    want.delete(idOfRow(7));
    expect(new Map(stored.map((s) => [Number(s.commitment_id), s.note]))).toEqual(want);

    const [state] = await fakeState(page);
    expect(state.rows[4][PROGRESS_COL]).toBe('本月家访学生5户，解决1名学生午餐补助');
    expect(state.rows[6][PROGRESS_COL] ?? '').toBe(''); // left out
    expect(state.rows[99][PROGRESS_COL]).toBe('本月按计划推进，已对照承诺逐项自查');
    await page.screenshot({ path: `${SHOTS}progress-done-zh.png` });
    await page.close();
  });

  it('a check whose answer is lost, sent again, stores nothing twice (English pane)', async () => {
    const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [sheet], language: 'en-US' });
    await signIn(page, 'Account', 'Sign in');
    await page.evaluate((name) => (window as any).__fakeExcel.select(name, 'A10:N29'), sheet.name);
    await page.getByRole('tab', { name: 'Progress', exact: true }).click();
    await page.getByRole('main').locator('textarea').fill('Second visit this month; materials filed');
    await page.click('[data-action="progress-rows"]');
    await expect.poll(() => page.locator('[data-list="progress-rows"] section').count()).toBe(20);
    await page.screenshot({ path: `${SHOTS}progress-rows-en.png` });

    let cut = true;
    await page.route('**/api/v1/commitments/progress', async (route) => {
      if (!cut) return route.continue();
      cut = false;
      await route.fetch(); // the server stores the check …
      await route.abort('connectionreset'); // … and the answer never arrives
    });
    const before = await entryCount();
    await page.getByRole('button', { name: 'Record for selected rows' }).click();
    await expect.poll(async () => (await notice(page).getAttribute('data-notice')) ?? '').toBe('error');
    expect(await entryCount()).toBe(before + 20);
    await page.getByRole('button', { name: 'Record for selected rows' }).click();
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('saved before (20 entries)');
    expect(await entryCount()).toBe(before + 20);
    await page.screenshot({ path: `${SHOTS}progress-retry-en.png` });
    await page.close();
  });
});
