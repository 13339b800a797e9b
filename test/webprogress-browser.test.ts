// 践诺记实 in the workspace (issue 13), in Debian's Chromium against the real server: a clerk
// without Excel, on a 360 px phone, ticks three of a branch's four commitments and records this
// month's check for them at once; the server then holds exactly those three entries. A record the
// server refuses shows its reason and does not stop the others. Screenshots go to
// test/artifacts/workspace/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type TestServer } from './support/server';
import { launchChromium, REPO } from './browser/harness';
import { fittingShots, openView, openWorkspace, signIn } from './browser/workspacePage';
import { currentMonth } from '../addin/src/actions/progress';

const SHOTS = `${REPO}/test/artifacts/workspace/`;
const shot = fittingShots(SHOTS);
const CLERK = { login: 'weishengyuan', password: 'clerk-pass-2011-ledger' };
const YEAR = new Date().getFullYear();
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let admin: Api;
const ids: Record<string, number> = {};

const tick = (page: Page, key: string) => page.locator(`[data-item="${ids[key]}"] input[type="checkbox"]`).check();
const entries = async (key: string) => (await admin.get(`/commitments/${ids[key]}/progress`)).body.items as { month: string; note: string; percent: number | null }[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url });
  admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const town = (await admin.post('/orgs', { name: '城关镇党委', kind: 'committee' })).body.id as number;
  const branch = (await admin.post('/orgs', { name: '城关镇卫生院党支部', kind: 'branch', parentId: town })).body.id as number;
  expect((await admin.post('/users', { ...CLERK, name: '卫生院干事', role: 'clerk', orgId: branch })).status).toBe(201);
  const row = (key: string, subjectName: string, category: string, content: string) =>
    ({ key, year: YEAR, subjectType: '党员', subjectName, category, content, deadline: `${YEAR}-12-31` });
  const batch = await admin.post('/commitments/batch', {
    orgId: branch,
    rows: [
      row('k1', '姚涛', '岗位承诺', '每周开展一次家访，建立家访台账'),
      row('k2', '郑英', '岗位承诺', '全年参加业务培训不少于4次'),
      row('k3', '孔平', '实事承诺', '开展“送医下乡”活动，每季度不少于1次'),
      row('k4', '孙伟', '实事承诺', '开展健康知识讲座3次'),
    ],
  });
  for (const r of batch.body.rows) ids[r.key] = r.id;
  expect(Object.keys(ids)).toHaveLength(4);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('践诺记实 in the workspace', () => {
  it('records one month’s check for three ticked commitments at once, on a 360 px phone', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 360, { locale: 'zh-CN', as: CLERK });
    await openView(page, '践诺记实');
    await expect.poll(() => page.locator('[data-item]').count()).toBe(4);
    for (const key of ['k1', 'k2', 'k3']) await tick(page, key);
    await page.fill('textarea[name="progress-note"]', '本月已开展家访和送医下乡各一次');
    await page.fill('input[name="progress-percent"]', '40');
    await page.click('[data-action="save-progress"]');
    await expect.poll(() => page.locator('[data-notice]').textContent()).toContain('已记入 3 条');

    const month = currentMonth();
    for (const key of ['k1', 'k2', 'k3']) expect(await entries(key)).toEqual([expect.objectContaining({ month, note: '本月已开展家访和送医下乡各一次', percent: 40 })]);
    expect(await entries('k4')).toEqual([]);
    // the list was read again: the three show the new progress, the fourth still has none
    for (const key of ['k1', 'k2', 'k3']) {
      await expect.poll(() => page.locator(`[data-item="${ids[key]}"] [data-progress]`).textContent()).toBe('进展：本月已开展家访和送医下乡各一次');
      expect(await page.locator(`[data-item="${ids[key]}"] [data-result]`).getAttribute('data-result')).toBe('ok');
    }
    expect(await page.locator(`[data-item="${ids.k4}"] [data-progress]`).textContent()).toBe('尚无进展');
    await shot(page, 'webprogress-360-zh');
    await page.close();
  });

  it('shows a refused record’s reason and still records the others (English)', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 360, { locale: 'en-US' });
    // The server refuses k2 (as it would a record gone from the clerk's scope meanwhile).
    await page.route(`**/api/v1/commitments/${ids.k2}/progress`, (route) =>
      route.fulfill({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Conflict', status: 409, detail: 'The record changed meanwhile' }) }));
    await signIn(page, CLERK, 'Sign in');
    await openView(page, 'Monthly progress');
    await expect.poll(() => page.locator('[data-item]').count()).toBe(4);
    await tick(page, 'k2');
    await tick(page, 'k4');
    await page.fill('textarea[name="progress-note"]', 'Second lecture held');
    await page.click('[data-action="save-progress"]');
    await expect.poll(() => page.locator('[data-notice]').textContent()).toContain('Recorded for 1');
    await expect.poll(() => page.locator(`[data-item="${ids.k2}"] [data-result]`).textContent()).toBe('✗ Refused: The record changed meanwhile');
    expect(await entries('k4')).toEqual([expect.objectContaining({ note: 'Second lecture held', percent: null })]);
    expect(await entries('k2')).toHaveLength(1); // only the month recorded in the first case
    await expect.poll(() => page.locator(`[data-item="${ids.k4}"] [data-progress]`).textContent()).toBe('Progress: Second lecture held');
    await shot(page, 'webprogress-refused-360-en');
    await page.close();
  });

  it('fits a 1280 px screen', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 1280, { locale: 'zh-CN', height: 780, as: CLERK });
    await openView(page, '践诺记实');
    await expect.poll(() => page.locator('[data-item]').count()).toBe(4);
    await shot(page, 'webprogress-1280-zh');
    await page.close();
  });
});
