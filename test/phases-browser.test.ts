// 践诺计划 in the built pane (Chromium, Excel faked by test/browser/fake-office.js): a branch's
// ledger with a 阶段计划 column is checked and submitted, the clerk reads the selected row's plan
// in 进展, marks the late first phase done and moves a date (saved on the server and written into
// the sheet's plan cell); the reviewer sees the phases in the 待审 queue. Chinese and English, 350 px.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { PASSWORD, seedCounties } from './support/counties';
import { fakeState, launchChromium, openPane, REPO, signInToPane, type FakeSheet } from './browser/harness';
import { fittingShots, openView, openWorkspace } from './browser/workspacePage';

const db = freshSqlite();
// 5 July 2011 in Beijing: the first phase (by 30 June) is late.
const now = new Date('2011-07-05T10:00:00+08:00');
const SHOTS = `${REPO}/test/artifacts/phases`;
const shot = fittingShots(`${SHOTS}/`);
const CLERK = { login: 'clerk-branch', password: PASSWORD };
const SHEET = '2011年承诺台账';
const PLAN = '6月底前完成选址；9月底前完工；年底前投入使用';
let server: TestServer;
let browser: Browser;
let clerk: Api;
let reviewerLogin = '';

const ledger = (): FakeSheet => ({
  name: SHEET,
  rows: [
    ['序号', '承诺主体', '承诺类别', '承诺内容', '完成时限', '阶段计划'],
    [1, '姚涛', '实事承诺', '协调新建卫生院便民候诊室，方便群众就医', '年底前', PLAN],
    [2, '郑英', '岗位承诺', '每周开展一次家访，建立家访台账', '2011年12月31日', null],
    [3, '孔平', '实事承诺', '开展“送医下乡”活动，每季度不少于1次', '年底前', '3月底前完成第一次；6月底前完成第二次；9月底前完成第三次；12月底前完成第四次'],
  ],
});

const notice = (page: Page) => page.locator('[data-notice]');
const phases = (page: Page) => page.locator('[data-view="plan"] [data-phase]');

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: db.url, clock: () => now, sessionTtlHours: 24 * 366 });
  const world = await seedCounties(server);
  clerk = await world.user('clerk-branch', 'clerk', world.org.branch);
  await world.user('reviewer-town', 'reviewer', world.org.town);
  reviewerLogin = 'reviewer-town';
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('a three-phase 实事承诺 from the ledger to the review desk', () => {
  let page: Page;
  let id = 0;

  it('submits the ledger with its 阶段计划 column: the server holds the phases', async () => {
    page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [ledger()], language: 'zh-CN' });
    await signInToPane(page, CLERK);
    await page.getByRole('tab', { name: '台账', exact: true }).click();
    await page.click('[data-action="check"]');
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('3 条承诺');
    await page.click('[data-action="submit"]');
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('已提交');
    const items = (await clerk.get('/commitments?year=2011')).body.items as Array<{ id: number; subjectName: string; plan: Array<{ by: string; target: string; overdue: boolean }> }>;
    const site = items.find((c) => c.subjectName === '姚涛')!;
    id = site.id;
    expect(site.plan.map((p) => [p.by, p.target, p.overdue])).toEqual([
      ['2011-06-30', '完成选址', true], ['2011-09-30', '完工', false], ['2011-12-31', '投入使用', false],
    ]);
    expect(items.find((c) => c.subjectName === '郑英')!.plan).toEqual([]);
  });

  it('进展 reads the selected row’s plan, marks the late first phase done, and saves a moved date into the server and the sheet', async () => {
    await page.evaluate((sheet) => (window as any).__fakeExcel.select(sheet, 'B2'), SHEET);
    await page.getByRole('tab', { name: '进展', exact: true }).click();
    await page.click('[data-action="plan-load"]');
    await expect.poll(() => phases(page).count()).toBe(3);
    await expect(phases(page).nth(0).getAttribute('data-overdue')).resolves.toBe('true');
    expect(await phases(page).nth(0).textContent()).toContain('2011-06-30前完成选址');
    await page.screenshot({ path: `${SHOTS}/progress-plan-zh.png`, fullPage: true });

    await phases(page).nth(0).getByRole('button', { name: '标记完成' }).click();
    await expect.poll(async () => phases(page).nth(0).getAttribute('data-done')).toBe('2011-07-05');
    await expect(phases(page).nth(0).getAttribute('data-overdue')).resolves.toBeNull();
    const entries = (await clerk.get(`/commitments/${id}/progress`)).body.items;
    expect(entries).toMatchObject([{ month: expect.stringMatching(/^\d{4}-\d{2}$/), note: '完成第1阶段：完成选址' }]);

    // The pane checks the text with core's rule before sending: out of order is refused on the spot.
    const text = page.locator('[data-field="plan-text"]');
    await expect(text.inputValue()).resolves.toBe('6月30日前完成选址；9月30日前完工；12月31日前投入使用');
    await text.fill('9月30日前完工；6月30日前完成选址');
    await page.getByText('阶段计划应按时间先后排列').waitFor();
    await expect(page.locator('[data-action="plan-save"]').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/progress-plan-error-zh.png`, fullPage: true });

    await text.fill('6月30日前完成选址；10月31日前完工；12月31日前投入使用');
    await page.click('[data-action="plan-save"]');
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('阶段计划已保存（3 个阶段），并已写入台账的阶段计划列');
    const stored = (await clerk.get(`/commitments/${id}`)).body;
    expect(stored.plan.map((p: { by: string; doneOn: string | null }) => [p.by, p.doneOn])).toEqual([['2011-06-30', '2011-07-05'], ['2011-10-31', null], ['2011-12-31', null]]);
    const sheet = (await fakeState(page))[0];
    expect(sheet.rows[1][5]).toBe('6月30日前完成选址；10月31日前完工；12月31日前投入使用');
    await page.screenshot({ path: `${SHOTS}/progress-plan-saved-zh.png`, fullPage: true });

    // Submitting the sheet again sends the same plan: nothing changes, the done day stays.
    await page.getByRole('tab', { name: '台账', exact: true }).click();
    await page.click('[data-action="check"]');
    await page.click('[data-action="submit"]');
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('已提交');
    expect((await clerk.get(`/commitments/${id}`)).body.plan[0].doneOn).toBe('2011-07-05');
    expect((await clerk.get('/commitments?year=2011')).body.total).toBe(3);
  });

  it('reads the plan in English', async () => {
    // The same workbook as the clerk left it: ids and keys written by 提交.
    const rows = (await fakeState(page))[0].rows;
    const english = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: SHEET, rows }], language: 'en-US' });
    await signInToPane(english, CLERK, 'en-US');
    await english.evaluate((sheet) => (window as any).__fakeExcel.select(sheet, 'D2'), SHEET);
    await english.getByRole('tab', { name: 'Progress', exact: true }).click();
    await english.click('[data-action="plan-load"]');
    await expect.poll(() => phases(english).count()).toBe(3);
    expect(await phases(english).nth(0).textContent()).toContain('done 2011-07-05');
    expect(await english.locator('[data-view="plan"]').textContent()).toContain('Phased plan');
    await english.screenshot({ path: `${SHOTS}/progress-plan-en.png`, fullPage: true });
    await english.close();
  });

  it('the reviewer sees the phases beside the item in the 待审 queue', async () => {
    expect((await clerk.post('/commitments/transitions', { ids: [id], action: 'submit' })).status).toBe(200);
    for (const [language, tab] of [['zh-CN', '审核'], ['en-US', 'Review']] as const) {
      const desk = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language });
      await signInToPane(desk, { login: reviewerLogin, password: PASSWORD }, language);
      await desk.getByRole('tab', { name: tab, exact: true }).click();
      const item = desk.locator(`[data-item="${id}"]`);
      await item.waitFor();
      await expect(item.locator('[data-phase]').count()).resolves.toBe(3);
      expect(await item.locator('[data-phase="2"]').textContent()).toContain('2011-10-31');
      expect(await item.locator('[data-phase="1"]').textContent()).toContain(language === 'zh-CN' ? '2011-07-05 完成' : 'done 2011-07-05');
      await desk.screenshot({ path: `${SHOTS}/queue-plan-${language === 'zh-CN' ? 'zh' : 'en'}.png`, fullPage: true });
      await desk.close();
    }
  });

  it('the workspace queue on a 360 px phone shows the phases without widening the page', async () => {
    for (const [locale, tab] of [['zh-CN', '审核'], ['en-US', 'Review']] as const) {
      const phone = await openWorkspace(browser, server.baseUrl, 360, { locale, as: { login: reviewerLogin, password: PASSWORD } });
      await openView(phone, tab);
      const item = phone.locator(`[data-item="${id}"]`);
      await item.waitFor();
      await expect(item.locator('[data-phase]').count()).resolves.toBe(3);
      await shot(phone, `queue-plan-phone-${locale === 'zh-CN' ? 'zh' : 'en'}`);
      await phone.close();
    }
  });
});
