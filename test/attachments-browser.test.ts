// Attachments and filing on screen, in Debian's Chromium with the real server and the demo county
// on SQLite: a branch clerk files a member's signed 承诺书 in the workspace (a renamed program is
// refused with the server's words), downloads it back byte for byte; the town's reviewer files a
// missing form from the desk's 承诺书备案 list; and the pane attaches evidence to the commitment of
// the selected ledger row. zh and en, desktop, phone (360 px) and pane (350 px); screenshots go to
// test/artifacts/attachments/.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { LEDGER_COLUMNS } from '../core/ledgerColumns';
import type { CellValue } from '../core/types';
import { fittingShot, launchChromium, openPane, openWorkspaceView as openView, REPO } from './browser/harness';

const SHOTS = `${REPO}/test/artifacts/attachments/`;
const PASSWORD = 'a-long-password';
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let admin: string;
let branch: { id: number; name: string };
let town: number;
let member: { id: number; name: string };

/** A phone photo of a signed form: a real JPEG. */
const formPhoto = () =>
  sharp({ create: { width: 900, height: 1200, channels: 3, background: { r: 250, g: 248, b: 240 } } })
    .composite([{ input: Buffer.from('<svg width="900" height="1200"><rect x="80" y="80" width="740" height="60" fill="#b00"/><rect x="80" y="200" width="740" height="800" fill="none" stroke="#333" stroke-width="6"/></svg>'), top: 0, left: 0 }])
    .jpeg()
    .toBuffer();

async function openWorkspace(login: string, width: number, locale: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: width < 500 ? 780 : 860 }, locale, acceptDownloads: true });
  page.on('pageerror', (error) => console.error(`[attachments] ${error.message}`));
  await page.goto(`${server.baseUrl}/`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: locale.startsWith('zh') ? '登录' : 'Sign in', exact: true }).click();
  await page.locator(`[data-user="${login}"]`).waitFor();
  return page;
}

const shot = (page: Page, name: string) => fittingShot(page, SHOTS, name);
const notice = (page: Page) => page.locator('[data-notice]');
const attachmentsOf = async (query: string) => (await server.api(admin).get(`/attachments?${query}`)).body.items as { id: number; fileName: string; kind: string; size: number }[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url, clock: () => new Date('2011-11-20T10:00:00+08:00'), sessionTtlHours: 24 * 366 });
  await loadDemoCounty(server.ctx.db, { password: 'demo-test-password' });
  admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const first = await server.ctx.db
    .selectFrom('commitments')
    .innerJoin('organizations', 'organizations.id', 'commitments.org_id')
    .innerJoin('members', 'members.id', 'commitments.member_id')
    .select(['organizations.id as orgId', 'organizations.name as orgName', 'organizations.parent_id as parentId', 'members.id as memberId', 'members.name as memberName'])
    .where('organizations.kind', '=', 'branch')
    .orderBy('commitments.id')
    .executeTakeFirstOrThrow();
  branch = { id: first.orgId, name: first.orgName };
  town = first.parentId!;
  member = { id: first.memberId, name: first.memberName };
  for (const [login, role, orgId] of [['att-clerk', 'clerk', branch.id], ['att-reviewer', 'reviewer', town]] as const) {
    expect((await server.api(admin).post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('存档备案与佐证 in the workspace', () => {
  it('a clerk files a member’s signed form, sees its thumbnail, and downloads the same bytes', async () => {
    const page = await openWorkspace('att-clerk', 1280, 'zh-CN');
    await openView(page, '存档备案与佐证');
    await page.locator('input[data-field="attachments-year"]').fill('2011');
    const record = page.locator('select[data-field="attachments-record"]');
    await expect.poll(() => record.locator('option').allTextContents()).toContain(member.name);
    await record.selectOption(`member:${member.id}`);
    const photo = await formPhoto();
    await page.locator('[data-panel="attachments"] input[data-input="file"]').setInputFiles({ name: `${member.name}承诺书.jpg`, mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('已上传');
    const stored = await attachmentsOf(`entityType=member&entityId=${member.id}`);
    expect(stored.map((a) => [a.fileName, a.kind, a.size])).toEqual([[`${member.name}承诺书.jpg`, 'pledge_form', photo.length]]);
    const item = page.locator(`[data-attachment="${stored[0].id}"]`);
    await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);

    const [download] = await Promise.all([page.waitForEvent('download'), item.locator('[data-action="download-attachment"]').click()]);
    expect(download.suggestedFilename()).toBe(`${member.name}承诺书.jpg`);
    expect(readFileSync((await download.path())!).equals(photo)).toBe(true);
    await shot(page, 'workspace-zh');

    // A program renamed .jpg is refused with the server's reason; nothing is stored.
    await page.locator('[data-panel="attachments"] input[data-input="file"]').setInputFiles({ name: '扫描件.jpg', mimeType: 'image/jpeg', buffer: readFileSync('/usr/bin/true') });
    await expect.poll(async () => (await notice(page).textContent()) ?? '').toContain('只能上传 JPEG、PNG、WebP 图片或 PDF 文件');
    expect(await attachmentsOf(`entityType=member&entityId=${member.id}`)).toHaveLength(1);
    await shot(page, 'workspace-zh-refused');
    await page.close();
  });

  it('on a phone in English: the organisation’s year lists what is filed', async () => {
    const page = await openWorkspace('att-clerk', 360, 'en-US');
    await openView(page, 'Filed forms and evidence');
    await page.locator('input[data-field="attachments-year"]').fill('2011');
    await expect.poll(() => page.locator('[data-list="attachments"] li').count()).toBe(1);
    expect(await page.locator('[data-list="attachments"]').textContent()).toContain(`${member.name} · Signed pledge form`);
    await shot(page, 'workspace-en-phone');
    await page.close();
  });
});

describe('承诺书备案 on the review desk', () => {
  it('the town’s reviewer sees who is not filed and files a form from the list', async () => {
    const filing = async () => (await server.api(admin).get(`/filing?org=${town}&year=2011`)).body as { counts: { filed: number; unfiled: number }; items: { subjectType: string; subjectId: number; name: string; filed: boolean }[] };
    const before = await filing();
    expect(before.counts.filed).toBe(1);
    const page = await openWorkspace('att-reviewer', 1280, 'zh-CN');
    await openView(page, '承诺书备案');
    await page.locator('input[data-field="filing-year"]').fill('2011');
    const counts = page.locator('[data-filing-counts]');
    await expect.poll(() => counts.getAttribute('data-filing-counts')).toBe(`${before.counts.filed}/${before.counts.unfiled}`);
    const rows = page.locator('[data-list="filing"] li');
    expect(await rows.count()).toBe(before.counts.unfiled);
    expect(await page.locator(`[data-subject="member:${member.id}"]`).count()).toBe(0); // filed above: not among 未备案
    await shot(page, 'desk-zh');

    const target = before.items.find((f) => !f.filed)!;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(`[data-subject="${target.subjectType}:${target.subjectId}"] [data-action="file-form"]`).click()]);
    await chooser.setFiles({ name: '承诺书扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n') });
    await expect.poll(() => counts.getAttribute('data-filing-counts')).toBe(`${before.counts.filed + 1}/${before.counts.unfiled - 1}`);
    const after = await filing();
    expect(after.items.find((f) => f.subjectType === target.subjectType && f.subjectId === target.subjectId)!.filed).toBe(true);
    expect(await notice(page).textContent()).toContain(target.name);
    await page.close();
  });

  it('in the task pane (350 px): the same list, filed forms counted', async () => {
    const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'zh-CN' });
    await page.getByRole('tab', { name: '账户', exact: true }).click();
    await page.fill('input[name="server"]', server.baseUrl);
    await page.fill('input[name="login"]', 'att-reviewer');
    await page.fill('input[name="password"]', PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.locator('[data-user="att-reviewer"]').waitFor();
    await page.getByRole('tab', { name: '承诺书备案', exact: true }).click();
    await page.locator('input[data-field="filing-year"]').fill('2011');
    const { counts } = (await server.api(admin).get(`/filing?org=${town}&year=2011`)).body;
    await expect.poll(() => page.locator('[data-filing-counts]').getAttribute('data-filing-counts')).toBe(`${counts.filed}/${counts.unfiled}`);
    await page.setViewportSize({ width: 350, height: 700 });
    await page.screenshot({ path: `${SHOTS}desk-pane-zh.png` });
    await page.close();
  });

  it('in English on a phone', async () => {
    const page = await openWorkspace('att-reviewer', 360, 'en-US');
    await openView(page, 'Pledge-form filing');
    await page.locator('input[data-field="filing-year"]').fill('2011');
    await expect.poll(() => page.locator('[data-filing-counts]').textContent()).toMatch(/2 filed, \d+ not filed/);
    await shot(page, 'desk-en-phone');
    await page.close();
  });
});

describe('佐证材料 in the task pane', () => {
  /** The branch's ledger as the add-in keeps it: the header, then rows with their server 编号. */
  const ledgerSheet = async () => {
    const items = await server.ctx.db.selectFrom('commitments').selectAll().where('org_id', '=', branch.id).where('year', '=', 2011).orderBy('id').limit(5).execute();
    const header: CellValue[] = LEDGER_COLUMNS.map((c) => c.zh);
    const rows: CellValue[][] = items.map((c, i) => [i + 1, 2011, branch.name, c.subject_name, c.subject_type === 'member' ? '党员' : '党组织', '实事承诺', c.content, c.measures, c.deadline, c.responsible, '', '', '', c.id]);
    return { name: '2011年承诺台账', rows: [header, ...rows], ids: items.map((c) => c.id) };
  };

  for (const [lang, locale, tab, read, button] of [
    ['zh', 'zh-CN', '佐证材料', '读取选中行', '登录'],
    ['en', 'en-US', 'Evidence', 'Use the selected row', 'Sign in'],
  ] as const) {
    it(`attaches evidence to the selected row’s commitment (${lang}, 350 px)`, async () => {
      const sheet = await ledgerSheet();
      const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: sheet.name, rows: sheet.rows }], language: locale });
      await page.getByRole('tab', { name: lang === 'zh' ? '账户' : 'Account', exact: true }).click();
      await page.fill('input[name="server"]', server.baseUrl);
      await page.fill('input[name="login"]', 'att-clerk');
      await page.fill('input[name="password"]', PASSWORD);
      await page.getByRole('main').getByRole('button', { name: button }).click();
      await page.locator('[data-user="att-clerk"]').waitFor();

      const row = lang === 'zh' ? 3 : 4; // sheet rows 3 and 4: the second and third commitments
      await page.evaluate((address) => (window as any).__fakeExcel.select('2011年承诺台账', address), `C${row}`);
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByRole('button', { name: read }).click();
      const id = sheet.ids[row - 2];
      await page.locator(`[data-commitment="${id}"]`).waitFor();
      await page.locator('[data-panel="attachments"] input[data-input="file"]').setInputFiles({ name: `现场照片${lang}.jpg`, mimeType: 'image/jpeg', buffer: await formPhoto() });
      await expect.poll(() => page.locator('[data-list="attachments"] li').count()).toBe(1);
      const stored = await attachmentsOf(`entityType=commitment&entityId=${id}`);
      expect(stored.map((a) => [a.fileName, a.kind])).toEqual([[`现场照片${lang}.jpg`, 'evidence']]);
      await expect.poll(() => page.locator('[data-list="attachments"] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
      await shot(page, `pane-${lang}`);
      await page.close();
    });
  }
});
