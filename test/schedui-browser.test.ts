// The 报表计划 view of the workspace in Debian's Chromium, against the real server and a real
// SQLite database: an admin creates a monthly schedule for a branch with two recipients, sees the
// same schedule again refused in the server's words, then disables it; the API then holds exactly
// that. Screenshots (zh at 1280 and 360 px, en at 350 px) go to test/artifacts/schedui/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN, ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer } from './support/server';
import { launchChromium, REPO } from './browser/harness';
import { fittingShots, notice, openView, openWorkspace } from './browser/workspacePage';
import { cadenceWords, splitRecipients } from '../addin/src/ui/web/SchedulesView';

const SHOTS = `${REPO}/test/artifacts/schedui/`;
const shot = fittingShots(SHOTS);
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let admin: string;
const org = { county: 0, branch: 0 };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url });
  admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const api = server.api(admin);
  org.county = (await api.post('/orgs', { name: '青山县委', kind: 'committee' })).body.id;
  org.branch = (await api.post('/orgs', { name: '东关村党支部', kind: 'branch', parentId: org.county })).body.id;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('timing in words and recipients as typed', () => {
  it('words the usual crons and leaves the rest as cron', () => {
    expect(cadenceWords('0 8 1 * *', 'zh')).toBe('每月1日 08:00');
    expect(cadenceWords('30 7 1 1,4,7,10 *', 'zh')).toBe('每季度首月1日 07:30');
    expect(cadenceWords('0 8 1 1,7 *', 'en')).toBe('Half-yearly (Jan, Jul) on day 1 at 08:00');
    expect(cadenceWords('0 8 5 1 *', 'zh')).toBe('每年1月5日 08:00');
    expect(cadenceWords('0 8 * * 1', 'zh')).toBeNull();
    expect(cadenceWords('*/5 8 1 * *', 'zh')).toBeNull();
  });
  it('splits on commas, Chinese commas, semicolons and lines', () => {
    expect(splitRecipients(' a@x.cn, b@x.cn\nc@x.cn；d@x.cn，\n')).toEqual(['a@x.cn', 'b@x.cn', 'c@x.cn', 'd@x.cn']);
  });
});

describe('an admin creates a monthly schedule for a branch and disables it', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openWorkspace(browser, server.baseUrl, 1280, { as: ADMIN });
    await openView(page, '报表计划');
    await page.locator(`select[data-field="org"] option[value="${org.branch}"]`).waitFor({ state: 'attached' });
  });
  afterAll(() => page?.close());

  it('creates it, refuses the same again in the server’s words, and disables it', async () => {
    await page.selectOption('select[data-field="kind"]', 'monthly');
    expect(await page.locator('select[data-field="kind"] option:checked').textContent()).toBe('每月自查');
    await page.selectOption('select[data-field="org"]', String(org.branch));
    await page.selectOption('select[data-field="cadence"]', '0 8 1 * *');
    expect(await page.locator('select[data-field="cadence"] option:checked').textContent()).toBe('每月1日 08:00');
    await page.fill('[data-field="new-recipients"]', 'shuji@dongguan.cn，\nzuzhi@qingshan.gov.cn');
    await page.click('[data-action="create-schedule"]');
    await expect.poll(() => notice(page).textContent()).toContain('已新建发送计划：东关村党支部 · 每月自查 · 每月1日 08:00');
    const card = page.locator('[data-list="schedules"] li');
    await expect.poll(() => card.count()).toBe(1);

    await page.click('[data-action="create-schedule"]');
    await expect.poll(() => notice(page).textContent()).toContain('已有相同的发送计划');
    await shot(page, 'schedule-refused-1280-zh');

    await card.locator('input[data-field="enabled"]').uncheck();
    await card.locator('[data-action="save-schedule"]').click();
    await expect.poll(() => notice(page).textContent()).toContain('已保存发送计划：东关村党支部 · 每月自查 · 每月1日 08:00');
    await expect.poll(() => card.locator('[data-title]').textContent()).toContain('已停用');
    await shot(page, 'schedules-1280-zh');

    const held = (await server.api(admin).get('/schedules')).body.items;
    expect(held).toEqual([
      expect.objectContaining({
        kind: 'monthly',
        orgId: org.branch,
        cron: '0 8 1 * *',
        recipients: ['shuji@dongguan.cn', 'zuzhi@qingshan.gov.cn'],
        enabled: false,
      }),
    ]);
  });
});

describe('the view on narrow screens and in English', () => {
  it('fits 360 px in Chinese and 350 px in English', async () => {
    for (const [width, locale, lang] of [[360, 'zh-CN', 'zh'], [350, 'en-US', 'en']] as const) {
      const page = await openWorkspace(browser, server.baseUrl, width, { locale, as: ADMIN });
      await openView(page, lang === 'zh' ? '报表计划' : 'Report schedules');
      await page.locator('[data-list="schedules"] li').first().waitFor();
      if (lang === 'en') expect(await page.locator('[data-list="schedules"] li [data-title]').textContent()).toContain('Monthly self-check · Monthly on day 1 at 08:00');
      await shot(page, `schedules-${width}-${lang}`);
      await page.close();
    }
  });
});
