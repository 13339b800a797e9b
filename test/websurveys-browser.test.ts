// The 群众评议 view in the workspace, in Debian's Chromium with the real server and SQLite: the town's
// reviewer opens a phone survey of 5 ballots for its branch, downloads the slips (exceljs reads 5
// codes off them), two residents answer on the phone page, and the open view shows answered 2 /
// unused 3 and the tallies without a click. Then the comments, closing, and the view in English on
// a phone. Screenshots go to test/artifacts/websurveys/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { PASSWORD, seedCounties, type Counties } from './support/counties';
import { launchChromium, openPane, REPO } from './browser/harness';
import { fittingShots, openView, openWorkspace } from './browser/workspacePage';

const SHOTS = `${REPO}/test/artifacts/websurveys/`;
const REVIEWER = { login: 'reviewer-town', password: PASSWORD };
const shot = fittingShots(SHOTS);
const db = freshSqlite();
const now = new Date('2011-06-10T10:00:00+08:00');
let server: TestServer;
let browser: Browser;
let world: Counties;
let reviewer: Api;
let codes: string[] = [];

const answer = (code: string, form: Record<string, string>) =>
  fetch(`${server.baseUrl}/s/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url, clock: () => now, sessionTtlHours: 24 * 366 });
  world = await seedCounties(server);
  reviewer = await world.user('reviewer-town', 'reviewer', world.org.town);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('群众评议 in the workspace', () => {
  let page: Page;
  const survey = () => page.locator('[data-survey]').first();

  it('opens a survey of 5 ballots for the branch below', async () => {
    page = await openWorkspace(browser, server.baseUrl, 1280, { locale: 'zh-CN', as: REVIEWER });
    await openView(page, '群众评议');
    const orgs = await page.locator('select[name="survey-org"] option').allTextContents();
    expect(orgs).toContain('城关镇卫生院党支部');
    expect(orgs).not.toContain('城关镇党委'); // its own organisation is surveyed from above, not by it
    await page.locator('select[name="survey-org"]').selectOption(String(world.org.branch));
    await page.fill('input[name="survey-period"]', '2011-H1');
    await page.fill('input[name="survey-ballots"]', '5');
    await page.fill('input[name="survey-closes"]', '2011-06-30');
    await page.click('[data-action="open-survey"]');
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('已发起评议，共 5 张评议票');
    await expect.poll(async () => survey().locator('[data-figures]').textContent()).toBe('已答 0 张 · 未用 5 张 · 共 5 张');
    const stored = (await reviewer.get('/surveys')).body.items;
    expect(stored).toMatchObject([{ orgId: world.org.branch, period: '2011-H1', ballots: 5, closesOn: '2011-06-30', closed: false }]);
  });

  it('downloads the slips: a workbook with 5 codes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), survey().locator('[data-action="slips"]').click()]);
    expect(download.suggestedFilename()).toBe('评议票-城关镇卫生院党支部-2011-H1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const found = new Set<string>(); // a merged slip cell reads the same code from each of its cells
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
      const m = /票码：([0-9A-Z-]+)/.exec(String(cell.value ?? ''));
      if (m) found.add(m[1]);
    })));
    codes = [...found];
    expect(codes).toHaveLength(5);
  });

  it('shows two answers from phones while it stays open: answered 2, unused 3, and the tallies', async () => {
    expect((await answer(codes[0], { answer: 'satisfied', comment: '卫生院上门服务很及时' })).status).toBe(200);
    expect((await answer(codes[3], { answer: 'basically_satisfied' })).status).toBe(200);
    expect((await answer(codes[0], { answer: 'unsatisfied' })).status).toBe(409); // each code once
    await expect.poll(async () => survey().locator('[data-figures]').textContent(), { timeout: 15_000 }).toBe('已答 2 张 · 未用 3 张 · 共 5 张');
    expect(await survey().locator('[data-tally="organization"]').textContent()).toBe('满意 1 · 基本满意 1 · 不满意 0');
    await survey().locator('[data-action="comments"]').click();
    await expect.poll(async () => survey().locator('[data-comment]').allTextContents()).toEqual(['城关镇卫生院党支部 · 满意：卫生院上门服务很及时']);
    await shot(page, 'surveys-1280-zh');
  });

  it('shows the same in the Excel task pane at 350 px, where the slips come as a link', async () => {
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'zh-CN' });
    await pane.getByRole('tab', { name: '账户', exact: true }).click();
    await pane.fill('input[name="server"]', server.baseUrl);
    await pane.fill('input[name="login"]', 'reviewer-town');
    await pane.fill('input[name="password"]', PASSWORD);
    await pane.getByRole('main').getByRole('button', { name: '登录' }).click();
    await pane.locator('[data-user="reviewer-town"]').waitFor();
    await pane.getByRole('tab', { name: '群众评议', exact: true }).click();
    const card = pane.locator('[data-survey]').first();
    await expect.poll(async () => card.locator('[data-figures]').textContent()).toBe('已答 2 张 · 未用 3 张 · 共 5 张');
    await card.locator('[data-action="slips"]').click();
    const link = pane.getByRole('link', { name: '评议票-城关镇卫生院党支部-2011-H1.xlsx' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^blob:/); // the server's CSP (default-src 'self') refuses fetch() of a blob: URL, so the bytes are read in the workspace test above
    expect(await link.getAttribute('download')).toBe('评议票-城关镇卫生院党支部-2011-H1.xlsx');
    await shot(pane, 'surveys-pane-350-zh');
    await pane.close();
  });

  it('reads the same in English on a phone, and closes the survey', async () => {
    const phone = await openWorkspace(browser, server.baseUrl, 360, { locale: 'en-US', as: REVIEWER });
    await openView(phone, 'Public survey');
    const card = phone.locator('[data-survey]').first();
    await expect.poll(async () => card.locator('[data-figures]').textContent()).toBe('answered 2 · unused 3 · of 5');
    expect(await card.locator('[data-tally="organization"]').textContent()).toBe('satisfied 1 · basically satisfied 1 · unsatisfied 0');
    await shot(phone, 'surveys-360-en');
    await card.locator('[data-action="close"]').click();
    await expect.poll(async () => (await phone.locator('[data-notice]').textContent()) ?? '').toContain('The survey is closed.');
    await expect.poll(() => card.locator('[data-action="close"]').count()).toBe(0);
    expect((await answer(codes[1], { answer: 'satisfied' })).status).toBe(410); // nothing after closing
    const stored = (await reviewer.get('/surveys')).body.items;
    expect(stored).toMatchObject([{ answered: 2, unused: 3, closed: true }]);
    await phone.close();
  });
});
