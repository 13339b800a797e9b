// The 述诺与互评 view in the workspace, in Debian's Chromium with the real server and SQLite: the
// branch's clerk records two members' 述诺 and one 互评 for 2011-Q2, the list marks them recorded,
// and the API then holds exactly those three. A 互评 of the clerk's own member record is refused in
// the server's words. Screenshots go to test/artifacts/shuonuo/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { PASSWORD, seedCounties, type Counties } from './support/counties';
import { launchChromium, REPO } from './browser/harness';
import { fittingShots, openView, openWorkspace } from './browser/workspacePage';
import { currentQuarter } from '../addin/src/ui/desk/MemberReportsView';

const SHOTS = `${REPO}/test/artifacts/shuonuo/`;
const CLERK = { login: 'clerk-branch', password: PASSWORD };
const shot = fittingShots(SHOTS);
const db = freshSqlite();
const now = new Date('2011-05-10T10:00:00+08:00');
let server: TestServer;
let browser: Browser;
let world: Counties;
let clerk: Api;
const ids: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url, clock: () => now, sessionTtlHours: 24 * 366 });
  world = await seedCounties(server);
  for (const name of ['王芳', '李强', '张敏', 'clerk-branch']) {
    const res = await world.admin.post('/members', { orgId: world.org.branch, name, role: 'ordinary' });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  }
  clerk = await world.user('clerk-branch', 'clerk', world.org.branch);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

const member = (page: Page, name: string) => page.locator(`[data-member="${ids[name]}"]`);

async function save(page: Page, name: string, kind: 'self_report' | 'peer', text: string) {
  await member(page, name).locator(`textarea[name="${kind}-${ids[name]}"]`).fill(text);
  await member(page, name).locator(`[data-action="save-${kind}"]`).click();
  await member(page, name).locator(`[data-has="${kind}"]`, { hasText: '已录' }).waitFor();
}

describe('述诺与互评 in the workspace', () => {
  it('records two members’ 述诺 and one 互评 for 2011-Q2, and the API holds exactly those', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 1280, { locale: 'zh-CN', as: CLERK });
    await openView(page, '述诺与互评');
    expect(await page.locator('input[name="reports-quarter"]').inputValue()).toBe(currentQuarter(new Date())); // the browser's today
    await page.fill('input[name="reports-quarter"]', '2011-Q2');
    await member(page, '王芳').waitFor();
    expect(await member(page, '王芳').locator('[data-has="self_report"]').textContent()).toBe('未录');

    await save(page, '王芳', 'self_report', '本季度完成了三次入户走访。');
    await save(page, '李强', 'self_report', '义务巡诊两次，承诺按期推进。');
    await member(page, '张敏').locator(`select[name="rating-${ids['张敏']}"]`).selectOption('excellent');
    await save(page, '张敏', 'peer', '服务群众热情，带头作用明显。');
    expect(await member(page, '张敏').locator('[data-has="self_report"]').textContent()).toBe('未录');
    expect(await page.locator('[data-lacking="self_report"]').textContent()).toBe('本季度未录述诺：张敏、clerk-branch');
    expect(await page.locator('[data-lacking="peer"]').textContent()).toBe('本季度未录互评：王芳、李强、clerk-branch');
    await shot(page, 'recorded-1280-zh');

    const stored = async (kind: string) =>
      (await clerk.get(`/evaluations?kind=${kind}&period=2011-Q2`)).body.items.map((e: { targetId: number; text: string }) => [e.targetId, e.text]);
    expect(await stored('self_report')).toEqual([
      [ids['王芳'], '本季度完成了三次入户走访。'],
      [ids['李强'], '义务巡诊两次，承诺按期推进。'],
    ]);
    expect(await stored('peer')).toEqual([[ids['张敏'], '服务群众热情，带头作用明显。']]);
    expect((await clerk.get('/evaluations?kind=peer&period=2011-Q2')).body.items[0].rating).toBe('excellent');
    await page.close();
  });

  it('shows the server’s refusal when the clerk reviews themselves, on a phone in English', async () => {
    const page = await openWorkspace(browser, server.baseUrl, 360, { locale: 'en-US', as: CLERK });
    await openView(page, 'Member reports');
    await page.fill('input[name="reports-quarter"]', '2011-Q2');
    await member(page, '张敏').locator('[data-has="peer"]', { hasText: 'recorded' }).waitFor();
    await member(page, 'clerk-branch').locator(`textarea[name="peer-${ids['clerk-branch']}"]`).fill('Good work.');
    await member(page, 'clerk-branch').locator('[data-action="save-peer"]').click();
    await expect.poll(async () => (await page.locator('[data-notice]').textContent()) ?? '').toContain('Nobody evaluates themselves');
    expect((await clerk.get('/evaluations?kind=peer&period=2011-Q2')).body.total).toBe(1);
    await shot(page, 'refused-360-en');
    await page.close();
  });
});
