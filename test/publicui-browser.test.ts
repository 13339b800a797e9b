// The 公示与监督 view and the public flags, in Debian's Chromium against the real server: a clerk
// sets the branch's 创建目标 and makes its public link in the workspace, records two progress
// entries in the pane (fake Excel), one marked public, and a phone opening the address sees the
// goal and only the public note. Screenshots go to test/artifacts/publicui/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer } from './support/server';
import { launchChromium, openPane, REPO, signInToPane, type FakeSheet } from './browser/harness';
import { fittingShots, openView, openWorkspace } from './browser/workspacePage';

const SHOTS = `${REPO}/test/artifacts/publicui/`;
const shot = fittingShots(SHOTS);
const BRANCH = '城关社区党支部';
const CLERK = { login: 'cg-clerk', password: 'Chengguan-2011!', name: '城关书记' };
const GOAL = '创建“五好”服务型党支部，群众满意率达到95%以上';
const PUBLIC_NOTE = '已为126名老人建立健康档案';
const REVIEWER = { login: 'county-reviewer', password: 'Qingshan-2011!', name: '县委组织委员' };
const COMMENT = '为民服务意识强，健康档案工作扎实';
const PRIVATE_NOTE = '走访低保户王某某，了解其就医困难';
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let branch: number;
let ids: { clinic: number; road: number };
let address = '';

async function openPublicView(page: Page, label: string) {
  await openView(page, label);
  await page.locator('[data-section="goal"]').waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url });
  const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const county = (await admin.post('/orgs', { name: '青山县委', kind: 'committee' })).body.id;
  branch = (await admin.post('/orgs', { name: BRANCH, kind: 'branch', parentId: county })).body.id;
  expect((await admin.post('/users', { ...CLERK, role: 'clerk', orgId: branch })).status).toBe(201);
  expect((await admin.post('/users', { ...REVIEWER, role: 'reviewer', orgId: county })).status).toBe(201);
  const row = (key: string, content: string) =>
    ({ key, year: 2011, subjectName: BRANCH, subjectType: '党组织', category: '实事承诺', content, measures: '每月入户走访', deadline: '2011年9月底', responsible: BRANCH, status: '进行中' });
  const batch = await admin.post('/commitments/batch', { orgId: branch, rows: [row('clinic', '为社区老人建立健康档案'), row('road', '走访困难家庭，协调就医')] });
  expect(batch.status).toBe(200);
  const byKey = Object.fromEntries((batch.body.rows as { key: string; id: number }[]).map((r) => [r.key, r.id]));
  ids = { clinic: byKey.clinic, road: byKey.road };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('公示与监督 in the workspace', () => {
  it('saves the 创建目标, shows the refusal of the phone for a clerk, and makes the public link', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 1280, { height: 900, as: CLERK });
    await openPublicView(page, '公示与监督');
    await page.locator('[data-field="public-year"] input, input[data-field="public-year"]').first().fill('2011');
    await page.locator('textarea[data-field="goal"], [data-field="goal"] textarea').first().fill(GOAL);
    await page.locator('[data-action="save-goal"]').click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('已保存2011年度创建目标');
    const goals = (await server.api(await server.login(CLERK.login, CLERK.password)).get(`/orgs/${branch}/goals`)).body;
    expect(goals.items).toMatchObject([{ year: 2011, goal: GOAL }]);

    // Only admins change an organisation: the clerk sees the server's words, and nothing changes.
    await page.locator('input[data-field="phone"], [data-field="phone"] input').first().fill('0551-6812345');
    await page.locator('[data-action="save-contact"]').click();
    await page.locator('[data-notice="error"]').waitFor();
    const refusal = await server.api(await server.login(CLERK.login, CLERK.password)).patch(`/orgs/${branch}`, { supervisionPhone: '0551-6812345' });
    expect(refusal.status).toBe(403);
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain(refusal.body.title);

    await page.locator('[data-action="create-link"]').click();
    await page.locator('[data-field="public-url"]').waitFor();
    address = (await page.locator('[data-field="public-url"]').textContent())!.trim();
    expect(address).toMatch(new RegExp(`^${server.baseUrl}/p/[A-Za-z0-9_-]{22}$`));
    expect(await page.locator('[data-action="open-public"]').getAttribute('href')).toBe(address);
    await shot(page, 'public-1280-zh');
    await page.close();
  });

  it('fits 360 px in Chinese and English, showing the live link', async () => {
    for (const [locale, label, name] of [['zh-CN', '公示与监督', 'zh'], ['en', 'Public notice', 'en']] as const) {
      const page = await openWorkspace(browser, server.baseUrl, 360, { locale, height: 900, as: CLERK });
      await openPublicView(page, label);
      await page.locator('input[data-field="public-year"], [data-field="public-year"] input').first().fill('2011');
      await expect.poll(async () => (await page.locator('[data-field="public-url"]').textContent()) ?? '').toBe(address);
      await shot(page, `public-360-${name}`);
      await page.close();
    }
  });
});

describe('the public flag in the pane’s 进展', () => {
  it('sends public only when ticked, and the phone page shows the goal and only the public note', async () => {
    const sheet: FakeSheet = {
      name: '2011年承诺台账',
      rows: [
        ['城关社区党支部2011年公开承诺台账', '', '', '', '', '', '', ''],
        ['序号', '党组织名称', '承诺类别', '承诺内容', '完成时限', '进展情况', '状态', '编号'],
        [1, BRANCH, '实事承诺', '为社区老人建立健康档案', '2011年9月底', '', '进行中', ids.clinic],
        [2, BRANCH, '实事承诺', '走访困难家庭，协调就医', '2011年9月底', '', '进行中', ids.road],
      ],
    };
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [sheet], language: 'zh-CN' });
    await signInToPane(pane, CLERK);

    const record = async (rowAddress: string, note: string, shown: boolean) => {
      await pane.evaluate((a) => (window as any).__fakeExcel.select('2011年承诺台账', a), rowAddress);
      await pane.getByRole('tab', { name: '进展', exact: true }).click();
      await pane.getByRole('main').locator('textarea').fill(note);
      const box = pane.getByRole('checkbox', { name: '公开（群众可见）' });
      expect(await box.isChecked()).toBe(false); // off by default
      if (shown) await box.check();
      await pane.getByRole('button', { name: '记录到选中行' }).click();
      await expect.poll(async () => (await pane.locator('[data-notice]').textContent()) ?? '').toContain('已为 1 条承诺记录');
    };
    await record('B3:C3', PUBLIC_NOTE, true);
    await expect(pane.locator('[data-hint="progress-public"]').textContent()).resolves.toContain('群众姓名');
    await pane.screenshot({ path: `${SHOTS}progress-pane-350-zh.png`, fullPage: true });
    await pane.getByRole('tab', { name: '台账', exact: true }).click(); // leaves 进展, so its box starts unticked again
    await record('B4:C4', PRIVATE_NOTE, false);

    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const entries = async (id: number) => (await admin.get(`/commitments/${id}/progress`)).body.items.map((e: any) => [e.note, e.public]);
    expect(await entries(ids.clinic)).toEqual([[PUBLIC_NOTE, true]]);
    expect(await entries(ids.road)).toEqual([[PRIVATE_NOTE, false]]);
    await pane.close();

    const phone = await browser.newPage({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
    expect((await phone.goto(address))!.status()).toBe(200);
    const body = (await phone.locator('body').textContent()) ?? '';
    expect(body).toContain(GOAL);
    expect(body).toContain(PUBLIC_NOTE);
    expect(body).not.toContain(PRIVATE_NOTE);
    await shot(phone, 'public-page-360-zh');
    await phone.close();
  });
});

describe('the public flag on a leader comment in 考评', () => {
  it('is off by default and, ticked, sends the comment as public', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 360, { height: 900, as: REVIEWER });
    await openView(page, '考评');
    const duty = page.locator(`[data-duty="organization:${branch}"]`);
    await duty.getByRole('textbox').fill(COMMENT);
    const box = duty.getByRole('checkbox', { name: '公开' });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await shot(page, 'assess-360-zh');
    await duty.getByRole('button', { name: '点评' }).click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('已点评');
    const reviewer = server.api(await server.login(REVIEWER.login, REVIEWER.password));
    const list = (await reviewer.get(`/evaluations?kind=leader_comment&limit=50`)).body;
    const comments = (Array.isArray(list) ? list : list.items) as { text: string; public: boolean }[];
    expect(comments.map((c) => [c.text, c.public])).toEqual([[COMMENT, true]]);
    await page.close();
  });
});

describe('the notice and revoking, back in 公示与监督', () => {
  it('downloads the 公示 workbook and revokes the link, taking the page offline', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 1280, { height: 900, as: CLERK });
    await openPublicView(page, '公示与监督');
    await page.locator('input[data-field="public-year"], [data-field="public-year"] input').first().fill('2011');
    await expect.poll(async () => (await page.locator('[data-field="public-url"]').textContent()) ?? '').toBe(address);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-notice"]').click()]);
    expect(download.suggestedFilename()).toBe('notice-2011.xlsx');
    const bytes = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(bytes).subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip

    await page.locator('[data-action="revoke-link"]').click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('链接已撤销');
    await page.locator('[data-action="create-link"]').waitFor();
    expect((await fetch(address)).status).toBe(404);
    await page.close();
  });
});
