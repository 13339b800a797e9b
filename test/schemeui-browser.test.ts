// The 方案与点评责任 view of the workspace in Debian's Chromium, against the real server and a real
// SQLite database: an admin switches a county to 上级党组织审定, sees a refused scheme explained in
// words, adds a 联系点 duty for a county leader and removes another; the API then answers the new
// scheme and duties. Screenshots (zh at 1280 and 360 px, en at 1280 and 350 px) go to
// test/artifacts/schemeui/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN, ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer } from './support/server';
import { launchChromium, REPO } from './browser/harness';
import { fittingShots, notice, openView, openWorkspace } from './browser/workspacePage';

const SHOTS = `${REPO}/test/artifacts/schemeui/`;
const shot = fittingShots(SHOTS);
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let admin: string;
const org = { county: 0, town: 0, village: 0, other: 0 };
const user = { leader: 0, townReviewer: 0 };
let member = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ databaseUrl: db.url });
  admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const api = server.api(admin);
  org.county = (await api.post('/orgs', { name: '青山县委', kind: 'committee' })).body.id;
  org.town = (await api.post('/orgs', { name: '城关镇党委', kind: 'committee', parentId: org.county })).body.id;
  org.village = (await api.post('/orgs', { name: '东关村党支部', kind: 'branch', parentId: org.town })).body.id;
  org.other = (await api.post('/orgs', { name: '白水县委', kind: 'committee' })).body.id;
  member = (await api.post('/members', { orgId: org.village, name: '张丽', role: 'ordinary' })).body.id;
  const account = async (login: string, name: string, orgId: number) =>
    (await api.post('/users', { login, password: 'osmanthus-ledger-58', name, role: 'reviewer', orgId })).body.id as number;
  user.leader = await account('li.fuxianzhang', '李副县长', org.county);
  user.townReviewer = await account('chengguan.shenhe', '城关审核人', org.town);
  // One duty already there, to be removed on screen.
  expect((await api.post('/comment-duties', { userId: user.townReviewer, targetType: 'member', targetId: member })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('an admin sets a county’s scheme and its comment duties', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openWorkspace(browser, server.baseUrl, 1280, { as: ADMIN });
    await openView(page, '方案与点评责任');
    await page.selectOption('select[data-field="county"]', String(org.county));
    await page.locator('[data-section="scheme"]').waitFor();
  });
  afterAll(() => page?.close());

  it('shows the default scheme in words, and a scheme without categories refused in words', async () => {
    expect(await page.locator('select[data-field="memberReview"] option:checked').textContent()).toBe('本支部审定（附件2）');
    expect(await page.locator('select[data-field="commentCadence"] option:checked').textContent()).toBe('每季度');
    for (const c of ['common', 'post', 'deed', 'discipline']) await page.locator(`input[data-category="${c}"]`).uncheck();
    await page.click('[data-action="save-scheme"]');
    await expect.poll(() => notice(page).textContent()).toContain('输入有误');
    await shot(page, 'scheme-refused-1280-zh');
    expect((await server.api(admin).get(`/orgs/${org.county}/scheme`)).body.categories).toEqual(['common', 'post', 'deed', 'discipline']);
  });

  it('switches the county to 上级党组织审定, half-yearly comments, three categories and a 提诺 deadline', async () => {
    for (const c of ['common', 'post', 'deed']) await page.locator(`input[data-category="${c}"]`).check();
    await page.selectOption('select[data-field="memberReview"]', 'above');
    await page.selectOption('select[data-field="commentCadence"]', 'half');
    await page.selectOption('select[data-field="surveyCadence"]', 'year');
    await page.fill('[data-field="proposeBy"]', '03-31');
    await page.click('[data-action="save-scheme"]');
    await expect.poll(() => notice(page).textContent()).toContain('已保存“青山县委”的方案');
    expect((await server.api(admin).get(`/orgs/${org.village}/scheme`)).body).toEqual({
      orgId: org.county,
      memberReview: 'above',
      commentCadence: 'half',
      surveyCadence: 'year',
      categories: ['common', 'post', 'deed'],
      proposeBy: '03-31',
    });
    // the other county keeps its own (the default)
    expect((await server.api(admin).get(`/orgs/${org.other}/scheme`)).body.memberReview).toBe('branch');
  });

  it('lists the county’s duties, adds a 联系点 for the county leader and removes another', async () => {
    await page.locator('[data-duty="城关审核人（chengguan.shenhe） — 张丽"]').waitFor();
    await page.selectOption('select[data-field="duty-user"]', String(user.leader));
    await page.selectOption('select[data-field="duty-org"]', String(org.village));
    await page.click('[data-action="add-duty"]');
    await expect.poll(() => notice(page).textContent()).toContain('已新增点评责任：李副县长（li.fuxianzhang） — 东关村党支部');
    await page.locator('[data-duty="李副县长（li.fuxianzhang） — 东关村党支部"]').waitFor();
    // a member as target too, added and removed again
    await page.selectOption('select[data-field="duty-user"]', String(user.leader));
    await page.locator(`select[data-field="duty-member"] option[value="${member}"]`).waitFor({ state: 'attached' });
    await page.selectOption('select[data-field="duty-member"]', String(member));
    await page.click('[data-action="add-duty"]');
    await page.locator('[data-duty="李副县长（li.fuxianzhang） — 张丽"]').waitFor();
    await page.locator('[data-duty="李副县长（li.fuxianzhang） — 张丽"] [data-action="remove-duty"]').click();
    await expect.poll(() => page.locator('[data-duty="李副县长（li.fuxianzhang） — 张丽"]').count()).toBe(0);
    await page.locator('[data-duty="城关审核人（chengguan.shenhe） — 张丽"] [data-action="remove-duty"]').click();
    await expect.poll(() => notice(page).textContent()).toContain('已删除点评责任');
    expect(await page.locator('[data-list="duties"] li').allInnerTexts()).toEqual([expect.stringContaining('李副县长（li.fuxianzhang） — 东关村党支部')]);
    await shot(page, 'scheme-1280-zh');

    const leaders = (await server.api(admin).get(`/comment-duties?user=${user.leader}`)).body.items;
    expect(leaders.filter((d: { source: string }) => d.source === 'assigned')).toEqual([
      expect.objectContaining({ userId: user.leader, targetType: 'organization', targetId: org.village, targetName: '东关村党支部' }),
    ]);
    const town = (await server.api(admin).get(`/comment-duties?user=${user.townReviewer}`)).body.items;
    expect(town.filter((d: { source: string }) => d.source === 'assigned')).toEqual([]);
  });
});

describe('the view on narrow screens and in English', () => {
  it('fits 360 px in Chinese and 350 px and 1280 px in English', async () => {
    for (const [width, locale, lang] of [[360, 'zh-CN', 'zh'], [350, 'en-US', 'en'], [1280, 'en-US', 'en']] as const) {
      const page = await openWorkspace(browser, server.baseUrl, width, { locale, as: ADMIN });
      await openView(page, lang === 'zh' ? '方案与点评责任' : 'Scheme and comment duties');
      await page.selectOption('select[data-field="county"]', String(org.county));
      await expect.poll(() => page.locator('select[data-field="memberReview"]').inputValue()).toBe('above');
      await page.locator('[data-list="duties"] li').first().waitFor();
      if (lang === 'en') expect(await page.locator('select[data-field="memberReview"] option:checked').textContent()).toBe('the organisation above');
      await shot(page, `scheme-${width}-${lang}`);
      await page.close();
    }
  });
});
