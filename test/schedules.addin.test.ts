// The add-in's Report emails tab in real Chromium against the real server and a real SMTP server:
// a delivery refused for one address shows with the mail server's answer, and "send again" after
// the address was corrected reaches only that address. The pane is built into a directory of this
// file's own (not dist/addin), so it never races the other browser tests' build.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerOf } from '../server/schedules/scheduler';
import { freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import { launchChromium, REPO } from './browser/harness';

const db = freshSqlite();
const paneDir = mkdtempSync(join(tmpdir(), 'ledger-pane-'));
let clock = new Date('2026-06-20T00:00:00Z');
let smtp: TestSmtp;
let server: TestServer;
let browser: Browser;
let page: Page;
let scheduleId: number;

const admin = async () => server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));

beforeAll(async () => {
  await build({ configFile: `${REPO}/addin/vite.config.ts`, logLevel: 'warn', build: { outDir: paneDir, emptyOutDir: true } });
  smtp = await startSmtp();
  server = await startTestServer({ databaseUrl: db.url, clock: () => clock, smtpUrl: smtp.url, scheduler: true });
  const org = await server.ctx.db
    .insertInto('organizations')
    .values({ name: '城关镇党委', kind: 'committee', parent_id: null, sector: null, created_at: clock.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schedule = await (await admin()).post('/schedules', { kind: 'monthly', orgId: org.id, cron: '0 8 1 * *', recipients: ['shuji@town.example', 'gone@town.example'] });
  scheduleId = schedule.body.id;
  smtp.refuseRecipient('gone@town.example', 550);
  clock = new Date('2026-07-01T00:00:00Z');
  await schedulerOf(server.ctx).tick();

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 380, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (error) => console.error(`[pane] ${error.message}`));
  await page.addInitScript(() => {
    (window as unknown as { __FAKE_WORKBOOK__: unknown }).__FAKE_WORKBOOK__ = { sheets: [{ name: 'Sheet1', rows: [] }] };
  });
  const fakeOffice = readFileSync(`${REPO}/test/browser/fake-office.js`, 'utf8');
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: fakeOffice }));
  await page.route(`${server.baseUrl}/taskpane.html`, (route) => route.fulfill({ contentType: 'text/html', body: readFileSync(`${paneDir}/taskpane.html`) }));
  await page.route(`${server.baseUrl}/assets/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'image/png';
    return route.fulfill({ contentType: type, body: readFileSync(`${paneDir}${path}`) });
  });
  await page.goto(`${server.baseUrl}/taskpane.html`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
  await db.drop();
  rmSync(paneDir, { recursive: true, force: true });
});

describe('the Report emails tab', () => {
  it('shows the delivery of the scope with the address the mail server refused', async () => {
    await page.getByRole('tab', { name: '账户', exact: true }).click();
    await page.fill('input[name="login"]', ADMIN_LOGIN);
    await page.fill('input[name="password"]', ADMIN_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.locator(`[data-user="${ADMIN_LOGIN}"]`).waitFor();

    await page.getByRole('tab', { name: '报表邮件', exact: true }).click();
    const delivery = page.locator('[data-delivery]');
    await delivery.first().waitFor();
    await expect(delivery.count()).resolves.toBe(1);
    const shown = await delivery.first().innerText();
    expect(shown).toContain('每月自查 · 2026-06 · 城关镇党委');
    expect(shown).toContain('发送失败');
    expect(shown).toContain('已送达 1/2');
    expect(shown).toContain('gone@town.example: 550');
  });

  it('sends again only to the corrected address', async () => {
    clock = new Date('2026-07-01T02:00:00Z');
    await (await admin()).patch(`/schedules/${scheduleId}`, { recipients: ['shuji@town.example', 'fixed@town.example'] });
    await page.getByRole('button', { name: '重新发送' }).click();
    await expect.poll(() => page.locator('[data-notice]').innerText()).toContain('已发送给 fixed@town.example');
    await expect.poll(() => page.locator('[data-delivery]').first().innerText()).toContain('已送达 2/2');
    expect(smtp.messages.map((m) => m.to)).toEqual([['shuji@town.example'], ['fixed@town.example']]);
  });
});
