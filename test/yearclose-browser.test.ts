// 封账与结转 in Debian's Chromium against the real server (SQLite) and a real SMTP server: an admin
// closes 东湖县委's 2011 in the workspace, carries the unfinished items over and confirms one and
// drops the other, then reopens with a reason; the deliveries list downloads the workbook a
// delivery sent, byte for byte; in the Excel pane a clerk sees the closed year plainly and a 2011
// ledger's submit refused in Chinese. Screenshots (zh and en; 1280, 360 and the 350 px pane) go
// to test/artifacts/yearclose/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN, ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type TestServer } from './support/server';
import { seedCounties, PASSWORD } from './support/counties';
import { startSmtp, type TestSmtp } from './support/smtp';
import ExcelJS from 'exceljs';
import { launchChromium, openPane, REPO, sheetFromXlsx, signInToPane } from './browser/harness';
import { fittingShots, notice, openView, openWorkspace } from './browser/workspacePage';

const SHOTS = `${REPO}/test/artifacts/yearclose/`;
const shot = fittingShots(SHOTS);
const db = freshSqlite();
let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;
let admin: Api;
let clerk: Api;
let clock = new Date('2012-01-05T02:00:00Z');
const org = { east: 0, branch: 0 };
let deliveryId = 0;

async function chooseYear(page: Page, orgId: number, year: string) {
  await page.locator(`select[data-field="year-org"] option[value="${orgId}"]`).waitFor({ state: 'attached' });
  await page.selectOption('select[data-field="year-org"]', String(orgId));
  await page.fill('input[data-field="year"]', year);
  await page.locator('[data-section="year-state"]').waitFor();
}

/** The branch's 2011 ledger as its clerk keeps it: no organisation column (they are the branch's own). */
async function branchLedger2011(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2011年承诺台账');
  ws.getRow(1).values = ['序号', '承诺年度', '承诺人', '承诺类别', '承诺内容', '完成时限'];
  ws.getRow(2).values = [1, 2011, '姚涛', '岗位承诺', '每周开展一次家访，全年不少于40户', '2011年12月20日'];
  ws.getRow(3).values = [2, 2011, '孔平', '实事承诺', '开展“送医下乡”活动，每季度不少于1次', '2011年12月31日'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  smtp = await startSmtp();
  server = await startTestServer({ databaseUrl: db.url, clock: () => clock, smtpUrl: smtp.url, sessionTtlHours: 24 * 366 });
  const world = await seedCounties(server);
  admin = world.admin;
  org.east = world.org.east;
  org.branch = world.org.branch;
  clerk = await world.user('clerk-branch', 'clerk', world.org.branch);
  const row = (key: string, subjectName: string, content: string) =>
    ({ key, year: 2011, subjectType: '党员', subjectName, category: '岗位承诺', content, measures: '建立台账，按月记实', deadline: '2011-12-20' });
  const batch = await clerk.post('/commitments/batch', {
    orgId: org.branch,
    rows: [row('y1', '姚涛', '每周开展一次家访，全年不少于40户'), row('y2', '郑英', '为辖区老人开展健康体检2次')],
  });
  expect(batch.body.counts.created).toBe(2);
  const schedule = await admin.post('/schedules', { kind: 'annual', orgId: org.east, cron: '0 8 5 1 *', recipients: ['zuzhibu@donghu.example'] });
  const run = await admin.post(`/schedules/${schedule.body.id}/run?period=2011`);
  expect(run.body.action).toBe('sent');
  deliveryId = run.body.delivery.id;
  clock = new Date('2012-01-10T02:00:00Z');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
  await db.drop();
});

describe('an admin closes the year, carries over and reopens, in the workspace', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openWorkspace(browser, server.baseUrl, 1280, { as: ADMIN });
    await openView(page, '封账与结转');
    await chooseYear(page, org.east, '2011');
  });
  afterAll(() => page?.close());

  it('closes 2011 for the county and shows it closed', async () => {
    expect(await page.locator('[data-section="year-state"]').getAttribute('data-closed')).toBe('false');
    await page.click('[data-action="close-year"]');
    await expect.poll(() => notice(page).textContent()).toContain('已封账：东湖县委 2011年度（含 3 个党组织）');
    await expect.poll(() => page.locator('[data-section="year-state"]').getAttribute('data-closed')).toBe('true');
    expect(await page.locator('[data-field="year-line"]').textContent()).toContain('2011年度已于 2012-01-10 随“东湖县委”封账');
    expect((await clerk.get(`/years/2011/state?org=${org.branch}`)).body.closed).toBe(true);
  });

  it('carries the two unfinished items into 2012; one confirmed, one dropped', async () => {
    await page.click('[data-action="carry-over"]');
    await expect.poll(() => notice(page).textContent()).toContain('已结转 2 条到 2012 年度');
    const items = page.locator('[data-list="carried"] li');
    await expect.poll(() => items.count()).toBe(2);
    await shot(page, 'year-closed-1280-zh');
    await items.first().locator('[data-action="confirm-carried"]').click();
    await expect.poll(() => notice(page).textContent()).toContain('已确认：姚涛');
    await expect.poll(() => items.count()).toBe(1);
    await items.first().locator('[data-action="drop-carried"]').click();
    await expect.poll(() => notice(page).textContent()).toContain('已放弃：郑英');
    const drafts = (await admin.get(`/commitments?org=${org.branch}&year=2012`)).body.items;
    expect(drafts.map((c: any) => [c.subjectName, c.status, c.carryPending])).toEqual([['姚涛', 'proposed', false], ['郑英', 'withdrawn', false]]);
  });

  it('reopens with a reason, kept in the history', async () => {
    await page.fill('input[data-field="reopen-reason"]', '更正郑英的完成情况');
    await page.click('[data-action="reopen-year"]');
    await expect.poll(() => notice(page).textContent()).toContain('已启封：东湖县委 2011年度');
    await expect.poll(() => page.locator('[data-list="closures"] li').textContent()).toContain('启封：更正郑英的完成情况');
    await shot(page, 'year-reopened-1280-zh');
    await page.click('[data-action="close-year"]'); // closed again for the pane below
    await expect.poll(() => page.locator('[data-section="year-state"]').getAttribute('data-closed')).toBe('true');
  });

  it('downloads the workbook a delivery sent, byte for byte', async () => {
    await openView(page, '报表邮件');
    const button = page.locator(`[data-delivery="${deliveryId}"] [data-action="sent-workbook"]`);
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const saved = Buffer.concat(await (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
      return chunks;
    })());
    const res = await fetch(`${server.baseUrl}/api/v1/deliveries/${deliveryId}/workbook`, { headers: { authorization: `Bearer ${await server.login(ADMIN_LOGIN, ADMIN_PASSWORD)}` } });
    expect(saved.equals(Buffer.from(await res.arrayBuffer()))).toBe(true);
    await shot(page, 'deliveries-1280-zh');
  });
});

describe('narrow screens and English', () => {
  it('fits 360 px in Chinese and 350 px in English', async () => {
    for (const [width, locale, lang] of [[360, 'zh-CN', 'zh'], [350, 'en-US', 'en']] as const) {
      const page = await openWorkspace(browser, server.baseUrl, width, { locale, as: ADMIN });
      await openView(page, lang === 'zh' ? '封账与结转' : 'Close the year');
      await chooseYear(page, org.east, '2011');
      await expect.poll(() => page.locator('[data-section="year-state"]').getAttribute('data-closed')).toBe('true');
      if (lang === 'en') expect(await page.locator('[data-field="year-line"]').textContent()).toContain('2011 was closed on 2012-01-10 with 东湖县委');
      await shot(page, `year-${width}-${lang}`);
      await openView(page, lang === 'zh' ? '报表邮件' : 'Emails');
      await page.locator('[data-action="sent-workbook"]').first().waitFor();
      await shot(page, `deliveries-${width}-${lang}`);
      await page.close();
    }
  });
});

describe('a clerk in the Excel pane', () => {
  it('sees 2011 closed and a 2011 ledger’s submit refused in Chinese', async () => {
    for (const language of ['zh-CN', 'en-US'] as const) {
      const zh = language === 'zh-CN';
      const sheet = await sheetFromXlsx(await branchLedger2011());
      const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [sheet], language });
      await signInToPane(pane, { login: 'clerk-branch', password: PASSWORD }, language);
      await pane.getByRole('tab', { name: zh ? '封账与结转' : 'Close the year', exact: true }).click();
      await pane.fill('input[data-field="year"]', '2011');
      await expect.poll(() => pane.locator('[data-section="year-state"]').getAttribute('data-closed')).toBe('true');
      expect(await pane.locator('[data-section="year-manage"]').count()).toBe(0); // a clerk does not close
      await expect.poll(() => pane.locator('[data-list="closures"] li').count()).toBe(2); // the county's closures of their branch
      await pane.screenshot({ path: `${SHOTS}pane-year-350-${zh ? 'zh' : 'en'}.png`, fullPage: true });
      if (zh) {
        await pane.getByRole('tab', { name: '台账', exact: true }).click();
        await pane.click('[data-action="check"]');
        await pane.locator('[data-notice]').waitFor();
        await pane.click('[data-action="submit"]');
        await expect.poll(async () => (await pane.locator('[data-notice]').textContent()) ?? '').toContain('2011年度已封账');
        expect(await pane.locator('[data-notice]').textContent()).toContain('如需更正，请上级党组织先启封');
        expect((await clerk.get('/commitments?year=2011')).body.total).toBe(2);
        await pane.screenshot({ path: `${SHOTS}pane-refused-350-zh.png`, fullPage: true });
      }
      await pane.close();
    }
  });
});
