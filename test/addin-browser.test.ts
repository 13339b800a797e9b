// The built task pane in real Chromium, served by the real server, with Excel faked by
// test/browser/fake-office.js holding the titled legacy ledger p2-titled.xlsx (and, for issue 11,
// other ledgers). Where the fake guesses rather than follows Office.js's documentation: a request's
// size is estimated from the JSON its operations carry, a cell without fill reads '#FFFFFF', and
// the activation event fires once the sync that activated another sheet has run.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshSqlite } from './support/databases';
import { startTestServer, ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer } from './support/server';
import { LEDGER_COLUMNS } from '../core/ledgerColumns';
import { FIXTURES, fakeCounts, fakeState, launchChromium, openPane, REPO, resetLargestRequest, sheetFromXlsx, type FakeSheetState, type FakeWorkbook } from './browser/harness';
import { orgLedgerXlsx, twoRowHeaderXlsx } from './fixtures/ledgers';
import { upload } from './fixtures/upload';
import type { CellValue } from '../core/types';

const ORG = '胡川学区党支部';
const CLERK = { login: 'huchuan', password: 'clerk-pass-2011', name: '胡川书记' };
const db = freshSqlite();
let server: TestServer;
let browser: Browser;
let page: Page;
let admin: string;
let clerk: string;

const sheetOf = async (): Promise<FakeSheetState> => (await fakeState(page))[0];
const notice = () => page.locator('[data-notice]');
const serverRows = async () => (await server.api(admin).get(`/commitments?year=2011&limit=500`)).body as { items: any[]; total: number };

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: db.url });
  admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const org = await server.api(admin).post('/orgs', { name: ORG, kind: 'branch' });
  expect(org.status).toBe(201);
  const user = await server.api(admin).post('/users', { ...CLERK, role: 'clerk', orgId: org.body.id });
  expect(user.status).toBe(201);
  clerk = await server.login(CLERK.login, CLERK.password);
  browser = await launchChromium();
  const sheet = await sheetFromXlsx(`${FIXTURES}p2-titled.xlsx`);
  page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [sheet], language: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db.drop();
});

describe('the task pane on the titled legacy ledger', () => {
  it('signs in with the server address and a login, keeping the token out of the workbook', async () => {
    await page.getByRole('tab', { name: '账户', exact: true }).click();
    await expect(page.locator('input[name="server"]').inputValue()).resolves.toBe(server.baseUrl);
    await page.fill('input[name="login"]', CLERK.login);
    await page.fill('input[name="password"]', CLERK.password);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.locator(`[data-user="${CLERK.login}"]`).waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('commitment-ledger.session'));
    expect(JSON.parse(stored!).user.login).toBe(CLERK.login);
  });

  it('Check marks exactly the empty 承诺事项 of row 29, with the reason in its note', async () => {
    await page.click('[data-action="check"]');
    await notice().waitFor();
    expect(await notice().textContent()).toContain('41 条承诺，1 条有问题');
    const sheet = await sheetOf();
    expect(sheet.fills).toEqual({ D29: '#FFC7CE' });
    expect(Object.keys(sheet.notes)).toEqual(['D29']);
    expect(sheet.notes.D29).toContain('承诺内容');
    const problems = page.locator('[data-list="problems"] li');
    await expect(problems.count()).resolves.toBe(1);
    await expect(problems.first().getAttribute('data-address')).resolves.toBe('D29');

    await problems.first().getByRole('button').click();
    await expect.poll(() => page.evaluate(() => (window as any).__fakeExcel.selection())).toEqual({ sheet: '2011年承诺台账', address: 'D29' });
  });

  it('a second Check clears the old mark once the clerk fixed the cell', async () => {
    await page.evaluate(() => {
      // the clerk types the missing commitment into D29
      const excel = (window as any).Excel;
      return excel.run(async (context: any) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('D29').values = [['带头学习党章，每季度讲一次党课']];
        await context.sync();
      });
    });
    await page.click('[data-action="check"]');
    await expect.poll(async () => (await sheetOf()).fills).toEqual({});
    expect((await sheetOf()).notes).toEqual({});
    expect(await notice().textContent()).toContain('没有发现问题');
    // put the fault back for the submit that follows
    await page.evaluate(() =>
      (window as any).Excel.run(async (context: any) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('D29').values = [['']];
        await context.sync();
      }),
    );
  });

  it('takes the clerk’s correction of the column mapping on the next check', async () => {
    const deadline = page.getByRole('combobox', { name: '完成时间' });
    await deadline.selectOption('');
    await page.getByRole('button', { name: '按此对应重新检查' }).click();
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('41 条承诺，41 条有问题');
    await deadline.selectOption('deadline');
    await page.getByRole('button', { name: '按此对应重新检查' }).click();
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('41 条承诺，1 条有问题');
    expect((await sheetOf()).fills).toEqual({ D29: '#FFC7CE' });
  });

  it('Submit survives a connection lost after the server stored the batch, and resuming duplicates nothing', async () => {
    let cut = true;
    await page.route('**/api/v1/commitments/batch', async (route) => {
      if (!cut) return route.continue();
      cut = false;
      await route.fetch(); // the server stores the rows …
      await route.abort('connectionreset'); // … and the answer never arrives
    });
    await page.click('[data-action="submit"]');
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('连接中断');
    expect((await serverRows()).total).toBe(40);
    const keysWritten = (await sheetOf()).rows.slice(3).map((r) => r[10]).filter(Boolean);
    expect(keysWritten).toHaveLength(40);

    await page.getByRole('button', { name: /继续提交/ }).click();
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('已提交');
    expect(await notice().textContent()).toContain('未变 40');
    expect((await serverRows()).total).toBe(40);
  });

  it('the server holds exactly the valid rows, and ids are written into a new 编号 column', async () => {
    const { items } = await serverRows();
    const sheet = await sheetOf();
    expect(sheet.rows[2].slice(8, 11)).toEqual(['编号', '系统状态', '同步键']);
    expect(sheet.hiddenColumns).toEqual(['K']);
    expect(sheet.formulas).toEqual([]);
    const byId = new Map(items.map((c) => [c.id, c]));
    const dataRows = sheet.rows.map((row, i) => ({ row, sheetRow: i + 1 })).filter(({ row }) => row[8] !== null && row[8] !== '编号');
    expect(dataRows).toHaveLength(40);
    expect(dataRows.map((d) => d.sheetRow)).not.toContain(29);
    for (const { row } of dataRows) {
      const c = byId.get(row[8]);
      expect(c, `row with id ${row[8]}`).toBeDefined();
      expect(c.content.replace(/\s/g, '')).toBe(String(row[3]).replace(/\s/g, ''));
      expect(c.key).toBe(row[10]);
    }
    expect(items.every((c) => c.orgId === items[0].orgId && c.year === 2011)).toBe(true);
    expect(new Set(items.map((c) => c.key)).size).toBe(40);
    expect(new Set(dataRows.map(({ row }) => row[8])).size).toBe(40);
  });

  it('a second Submit changes nothing on the server', async () => {
    await page.click('[data-action="submit"]');
    await expect.poll(async () => (await notice().textContent()) ?? '').toMatch(/已提交.*未变 40/);
    expect((await serverRows()).total).toBe(40);
  });

  it('Submit leaves the clerk’s 状态 as written, shows the server’s state beside it, and says row by row what it takes', async () => {
    const original = await sheetFromXlsx(`${FIXTURES}p2-titled.xlsx`);
    const sheet = await sheetOf();
    // 完成情况 (F) is the clerk's: every word as written, none replaced by 已提出.
    expect(sheet.rows.slice(3, 46).map((r) => r[5])).toEqual(original.rows.slice(3, 46).map((r) => r[5]));
    // 系统状态 (J) holds the server's state of each submitted row.
    expect(sheet.rows[4][9]).toBe('已提出');
    const gaps = page.locator('[data-list="status-gaps"] li');
    await expect(gaps.first().getAttribute('data-address')).resolves.toBe('F5');
    expect(await gaps.first().textContent()).toContain('第 5 行：系统中为“已提出”；要达到“已兑现”，还需：提交审核 → 审核通过（审核人） → 公示（审核人） → 完成销号');
    await gaps.first().getByRole('button').click();
    await expect.poll(() => page.evaluate(() => (window as any).__fakeExcel.selection())).toEqual({ sheet: '2011年承诺台账', address: 'F5' });
    mkdirSync(`${REPO}/test/artifacts`, { recursive: true });
    await gaps.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${REPO}/test/artifacts/addin-pane-zh-status.png` });
  });

  it('Refresh brings the server’s state and the reviewer’s note into the add-in’s columns', async () => {
    const sheet = await sheetOf();
    const id = sheet.rows[3][8] as number; // row 4, 金世荣
    const submitted = await server.api(clerk).post(`/commitments/${id}/transitions`, { action: 'submit' });
    expect(submitted.status).toBe(200);
    const returned = await server.api(admin).post(`/commitments/${id}/transitions`, { action: 'return', note: '请写明家访对象和次数' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');

    await page.click('[data-action="refresh"]');
    await expect.poll(async () => (await sheetOf()).rows[3][9]).toBe('已退回');
    const after = await sheetOf();
    expect(after.rows[2][11]).toBe('审核意见');
    expect(after.rows[3][11]).toBe('请写明家访对象和次数');
    expect(after.rows[3][5]).toBeNull(); // the clerk's 完成情况 of row 4 stays empty
    expect(await notice().textContent()).toContain('已刷新 40 行');

    mkdirSync(`${REPO}/test/artifacts`, { recursive: true });
    await page.screenshot({ path: `${REPO}/test/artifacts/addin-pane-zh.png` });
  });
});

describe('progress, reports and the error states, on the same pane', () => {
  it('records this month’s progress for the selected rows, on the server and in 进展情况', async () => {
    await page.evaluate(() => (window as any).__fakeExcel.select('2011年承诺台账', 'B5:C6'));
    await page.getByRole('tab', { name: '进展', exact: true }).click();
    await page.getByRole('main').locator('textarea').fill('本月走访困难学生家庭2户');
    await page.getByRole('main').getByRole('textbox', { name: '完成百分比（可不填）' }).fill('60');
    await page.getByRole('button', { name: '记录到选中行' }).click();
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('已为 2 条承诺记录');
    const sheet = await sheetOf();
    expect([sheet.rows[4][6], sheet.rows[5][6]]).toEqual(['本月走访困难学生家庭2户', '本月走访困难学生家庭2户']);
    for (const id of [sheet.rows[4][8], sheet.rows[5][8]]) {
      const entries = (await server.api(admin).get(`/commitments/${id}/progress`)).body;
      const list = Array.isArray(entries) ? entries : entries.items;
      expect(list.map((e: any) => [e.note, e.percent])).toEqual([['本月走访困难学生家庭2户', 60]]);
    }
    expect((await sheetOf()).rows[6][6]).not.toBe('本月走访困难学生家庭2户'); // row 7 was not selected
  });

  it('Refresh after 进展 keeps the newer progress (issue 10)', async () => {
    await page.getByRole('tab', { name: '台账', exact: true }).click();
    await page.click('[data-action="refresh"]');
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('已刷新');
    const sheet = await sheetOf();
    // rows 5 and 6 said 已完成 / 正在落实中 in the ledger as submitted; 进展 recorded newer words since
    expect([sheet.rows[4][6], sheet.rows[5][6]]).toEqual(['本月走访困难学生家庭2户', '本月走访困难学生家庭2户']);
  });

  it('inserts a report workbook from the server as new sheets', async () => {
    await page.getByRole('tab', { name: '报表', exact: true }).click();
    await page.getByRole('main').locator('select').first().selectOption('notice');
    await page.getByRole('main').locator('input').fill('2011');
    await page.getByRole('button', { name: '插入到工作簿' }).click();
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('已插入 1 张工作表');
    const inserted: string[] = await page.evaluate(() => (window as any).__fakeExcel.inserted);
    expect(inserted).toHaveLength(1);
    expect(Buffer.from(inserted[0], 'base64').subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip
  });

  it('shows the server’s problem detail on a bad request', async () => {
    await page.getByRole('main').locator('input').fill('2011-13');
    await page.getByRole('button', { name: '插入到工作簿' }).click();
    await expect.poll(async () => (await notice().getAttribute('data-notice')) ?? '').toBe('error');
    expect(await notice().textContent()).toContain('服务器返回错误');
  });

  it('says so when the server cannot be reached', async () => {
    await page.evaluate(() => (window as any).__fakeExcel.select('2011年承诺台账', 'A1')); // back from the report sheet
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('tab', { name: '台账', exact: true }).click();
    await page.click('[data-action="refresh"]');
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('无法连接服务器');
    await page.unroute('**/api/v1/**');
  });

  it('signs out when the session has expired', async () => {
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('commitment-ledger.session')!).token);
    expect((await server.api(token).post('/auth/logout')).status).toBeLessThan(300);
    await page.click('[data-action="refresh"]');
    await expect.poll(async () => (await notice().textContent()) ?? '').toContain('登录已过期');
    await expect(page.locator('[data-action="submit"]').isDisabled()).resolves.toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('commitment-ledger.session'))).toBeNull();
  });
});

describe('a new ledger sheet in English Excel without notes (ExcelApi 1.9)', () => {
  let english: Page;
  beforeAll(async () => {
    english = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'en-US', apiVersion: '1.9' });
  });

  it('speaks English and lays out the canonical ledger as a table', async () => {
    await english.getByRole('tab', { name: 'Ledger', exact: true }).waitFor();
    await english.fill('input[inputmode="numeric"]', '2011');
    await english.getByRole('button', { name: 'New ledger sheet' }).click();
    await expect.poll(async () => (await english.locator('[data-notice]').textContent()) ?? '').toContain('2011年承诺台账');
    // The new sheet prepares 1,000 rows with their year: none of them is a commitment yet.
    await english.click('[data-action="check"]');
    await expect.poll(async () => (await english.locator('[data-notice]').textContent()) ?? '').toContain('0 commitments, 0 with problems');
    const made = (await fakeState(english))[1];
    expect(made.name).toBe('2011年承诺台账');
    expect(made.rows[0]).toEqual(LEDGER_COLUMNS.map((c) => c.zh));
    expect(made.tables).toEqual([{ address: 'A1:N2', hasHeaders: true, style: 'TableStyleMedium3' }]);
    expect(made.frozenRows).toBe(1);
    const lists = made.validations.filter((v) => v.rule?.list).map((v) => v.rule!.list!.source);
    expect(lists).toEqual(['党员,党组织', '共性承诺,岗位承诺,实事承诺,自律承诺', expect.stringContaining('进行中,已完成,未完成,已撤销')]);
    expect(made.validations.some((v) => v.prompt)).toBe(true);
    expect(made.conditionalFormats).toEqual([{ type: 'Custom', formula: expect.stringMatching(/^=AND\(ISNUMBER\(\$I2\),\$I2<TODAY\(\),\$K2<>"已完成"/) }]);
  });

  it('marks cells without notes where the host has none, and lists the reason in the pane', async () => {
    await english.evaluate(() =>
      (window as any).Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.getRange('A2:I2').values = [[1, 2011, '胡川学区党支部', '张三', '党员', '岗位承诺', '每月走访群众', '', '2011年13月']];
        await context.sync();
      }),
    );
    await english.click('[data-action="check"]');
    await expect.poll(async () => (await english.locator('[data-notice]').textContent()) ?? '').toContain('1 commitments, 1 with problems');
    const made = (await fakeState(english))[1];
    expect(made.fills).toEqual({ I2: '#FFC7CE' });
    expect(made.notes).toEqual({});
    await expect(english.locator('[data-list="problems"] li').first().getAttribute('data-address')).resolves.toBe('I2');
    await english.screenshot({ path: `${REPO}/test/artifacts/addin-pane-en.png` });
  });

  it('offers the report as a download where the host cannot insert workbooks', async () => {
    await english.getByRole('tab', { name: 'Account', exact: true }).click();
    await english.fill('input[name="login"]', CLERK.login);
    await english.fill('input[name="password"]', CLERK.password);
    await english.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await english.locator(`[data-user="${CLERK.login}"]`).waitFor();
    await english.getByRole('tab', { name: 'Reports', exact: true }).click();
    await english.getByRole('main').locator('select').first().selectOption('annual');
    await english.getByRole('main').locator('input').fill('2011');
    await english.getByRole('button', { name: 'Insert into workbook' }).click();
    const link = english.getByRole('link', { name: 'Download report' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^blob:/);
    expect(await link.getAttribute('download')).toBe('annual-2011.xlsx');
    expect(await english.evaluate(() => (window as any).__fakeExcel.inserted)).toEqual([]);
  });
});

/** Signs the clerk in through the pane's 账户 view. */
async function signIn(pane: Page): Promise<void> {
  await pane.getByRole('tab', { name: '账户', exact: true }).click();
  await pane.fill('input[name="login"]', CLERK.login);
  await pane.fill('input[name="password"]', CLERK.password);
  await pane.getByRole('main').getByRole('button', { name: '登录' }).click();
  await pane.locator(`[data-user="${CLERK.login}"]`).waitFor();
  await pane.getByRole('tab', { name: '台账', exact: true }).click();
}

/** What the clerk does in Excel between two presses of a button, through the same object model. */
function asClerk(pane: Page, script: string): Promise<void> {
  return pane.evaluate((body) => (window as any).Excel.run(new Function('context', body)), script);
}

const CANONICAL = LEDGER_COLUMNS.map((c) => c.zh);
const noticeOf = (pane: Page) => async () => (await pane.locator('[data-notice]').textContent()) ?? '';

describe('the clerk’s sheet stays the clerk’s (issue 11)', () => {
  it('keeps the clerk’s own note and fill through any number of checks, taking off only its own marks', async () => {
    const rows: CellValue[][] = [
      CANONICAL,
      [1, 2011, ORG, '金世荣', '党员', '岗位承诺', '每周开展一次家访', '登记走访台账', '2011年6月底', '金世荣', '进行中'],
      [2, 2011, ORG, '杜超', '党员', '实事承诺', '', '', '长期', '杜超', '进行中'],
      [3, 2011, ORG, '史颖', '党员', '自律承诺', '不从事有偿家教', '', '2011年13月', '史颖', ''],
    ];
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: '2011年承诺台账', rows }] });
    const sheet = async () => (await fakeState(pane))[0];
    await asClerk(pane, `const s = context.workbook.worksheets.getActiveWorksheet();
      s.notes.add('G3', '已电话核实，待本人补填');
      s.getRange('G3').format.fill.color = '#FFFF00';
      return context.sync();`);

    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('3 条承诺，2 条有问题');
    expect((await sheet()).notes).toEqual({ G3: '已电话核实，待本人补填', I4: expect.stringMatching(/^【台账检查】/) });
    expect((await sheet()).fills).toEqual({ G3: '#FFC7CE', I4: '#FFC7CE' });

    // The clerk fixes the other cell and checks again: their note on G3 stays theirs.
    await asClerk(pane, `context.workbook.worksheets.getActiveWorksheet().getRange('I4').values = [['2011年12月']]; return context.sync();`);
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('3 条承诺，1 条有问题');
    expect((await sheet()).notes).toEqual({ G3: '已电话核实，待本人补填' });
    expect((await sheet()).fills).toEqual({ G3: '#FFC7CE' });

    // G3 filled in: the mark goes and the clerk's yellow comes back; the note is still theirs.
    await asClerk(pane, `context.workbook.worksheets.getActiveWorksheet().getRange('G3').values = [['义务为学生补课，每周不少于3课时']]; return context.sync();`);
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('没有发现问题');
    expect((await sheet()).notes).toEqual({ G3: '已电话核实，待本人补填' });
    expect((await sheet()).fills).toEqual({ G3: '#FFFF00' });
    await pane.close();
  });

  it('checks an organisation ledger merged down its rows clean, gives the records an upload gives, and links problems to real cells', async () => {
    const file = await orgLedgerXlsx();
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [await sheetFromXlsx(file)] });
    await signIn(pane);
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('17 条承诺，0 条有问题');

    // The same records as the importer reads from the same file.
    const preview = await upload(server, admin, file, '党组织承诺台账.xlsx', { org: ORG, year: 2011 });
    expect(preview.status).toBe(201);
    expect(preview.body.counts.commitments).toBe(17);
    const imported = (await server.api(admin).get(`/imports/${preview.body.id}/records?limit=100`)).body.items;
    const sent: any[] = [];
    await pane.route('**/api/v1/commitments/batch', async (route) => {
      sent.push(...route.request().postDataJSON().rows);
      await route.continue();
    });
    await pane.click('[data-action="submit"]');
    await expect.poll(noticeOf(pane)).toContain('已提交');
    const fields = (r: any) => [r.subjectType, r.subjectName ?? r.subject, r.category, r.content, r.deadline].join('|');
    expect(sent.map(fields)).toEqual(imported.map(fields));
    expect(new Set(sent.map((r) => r.subjectName))).toEqual(new Set(['城关一支部', '城关二支部', '城关三支部']));

    // The clerk's remapping of 党组织名称 as the subject reads the same.
    await pane.getByRole('combobox', { name: '党组织名称' }).selectOption('subject');
    await pane.getByRole('button', { name: '按此对应重新检查' }).click();
    await expect.poll(noticeOf(pane)).toContain('17 条承诺，0 条有问题');

    // An organisation's name erased: its rows' problems point at the merged cell that holds it.
    await asClerk(pane, `context.workbook.worksheets.getActiveWorksheet().getRange('B9').values = [['']]; return context.sync();`);
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('17 条承诺，5 条有问题');
    const problems = pane.locator('[data-list="problems"] li');
    expect(await problems.evaluateAll((items) => items.map((li) => li.getAttribute('data-address')))).toEqual(['B9', 'B9', 'B9', 'B9', 'B9']);
    await problems.nth(3).getByRole('button').click();
    await expect.poll(() => pane.evaluate(() => (window as any).__fakeExcel.selection())).toEqual({ sheet: '党组织承诺', address: 'B9' });
    await pane.close();
  });

  it('reads a two-row header with members merged down as the importer does', async () => {
    const file = await twoRowHeaderXlsx();
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [await sheetFromXlsx(file)] });
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('5 条承诺，0 条有问题');
    const preview = await upload(server, admin, file, 'two.xlsx', { org: ORG });
    expect(preview.body.counts.commitments).toBe(5);
    await pane.close();
  });

  it('shows the quality hints (四化三可) on Check as hints, each a link to its cell, and marks no cell for them', async () => {
    const rows: CellValue[][] = [
      ['承诺人', '承诺类别', '承诺内容', '完成时限'],
      ['金世荣', '岗位承诺', '加强学习，提高素质', '长期'],
      ['杜超', '实事承诺', '义务为学生补课，每周不少于3课时', '年底前'],
    ];
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: '台账', rows }] });
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('2 条承诺，0 条有问题');
    expect(await noticeOf(pane)()).toContain('另有 2 条质量提示');
    const hints = pane.locator('[data-list="hints"] li');
    expect(await hints.evaluateAll((items) => items.map((li) => [li.getAttribute('data-address'), li.querySelector('[data-code]')?.getAttribute('data-code')]))).toEqual([
      ['C2', 'hint.no_measure'],
      ['C2', 'hint.no_action'],
    ]);
    await hints.first().getByRole('button').click();
    await expect.poll(() => pane.evaluate(() => (window as any).__fakeExcel.selection())).toEqual({ sheet: '台账', address: 'C2' });
    const sheet = (await fakeState(pane))[0];
    expect(sheet.fills).toEqual({});
    expect(sheet.notes).toEqual({});
    await pane.close();
  });

  it('forgets another sheet’s mapping, problems and notice when the clerk switches sheets, and a notice when switching pane tabs', async () => {
    const other: CellValue[][] = [['承诺人', '承诺事项', '完成时间'], ['贺宁', '办好农民夜校', '2011.9']];
    const bad: CellValue[][] = [['承诺人', '承诺事项', '完成时间', '类型'], ['顾平', '年内为群众办实事3件', '2011年13月', '实事承诺']];
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: '一支部', rows: bad }, { name: '二支部', rows: other }] });
    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('1 条有问题');
    await expect(pane.locator('[data-list="problems"] li').count()).resolves.toBe(1);

    await pane.evaluate(() => (window as any).__fakeExcel.activate('二支部'));
    await expect.poll(() => pane.locator('[data-list="problems"] li').count()).toBe(0);
    expect(await pane.locator('[data-notice]').count()).toBe(0);
    expect(await pane.getByRole('combobox', { name: '类型' }).count()).toBe(0); // 一支部's mapping is gone

    await pane.click('[data-action="check"]');
    await expect.poll(noticeOf(pane)).toContain('1 条承诺');
    await pane.getByRole('tab', { name: '报表', exact: true }).click();
    expect(await pane.locator('[data-notice]').count()).toBe(0);
    await pane.close();
  });

  it('keeps the English tabs and the Ledger year label on one line at 350 px', async () => {
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: 'Sheet1', rows: [] }], language: 'en-US' });
    await pane.getByRole('tab', { name: 'Ledger', exact: true }).waitFor();
    const lines = await pane.evaluate(() => {
      // Lines of each visible text node (Fluent's tabs keep a hidden bold copy to reserve width).
      const count = (el: Element) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let most = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (getComputedStyle(node.parentElement!).visibility === 'hidden') continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          most = Math.max(most, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size);
        }
        return most;
      };
      const labels = [...document.querySelectorAll('[role="tab"]'), ...[...document.querySelectorAll('label')].filter((l) => l.textContent === 'Ledger year')];
      return labels.map((el) => [el.textContent, count(el)]);
    });
    expect(lines.map(([label]) => label)).toContain('Ledger year');
    expect(lines.filter(([, n]) => n !== 1)).toEqual([]);
    // …and the tabs in one row.
    const tops = await pane.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await pane.close();
  });

  it('submits 2,000 rows in a constant few round trips, each request well under Excel on the web’s 5 MB', async () => {
    const rows: CellValue[][] = [CANONICAL, ...Array.from({ length: 2000 }, (_, i) => [
      i + 1, 2011, ORG, `党员${i % 40}`, '党员', '实事承诺', `为群众办实事第${i + 1}件：走访困难户并登记`, '结对帮扶', '年底前', `党员${i % 40}`, '进行中',
    ])];
    const pane = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: '2011年承诺台账', rows }] } satisfies FakeWorkbook);
    await signIn(pane);
    const before = await fakeCounts(pane);
    await resetLargestRequest(pane);
    await pane.click('[data-action="submit"]');
    await expect.poll(noticeOf(pane), { timeout: 60_000 }).toContain('新增 2000');
    const after = await fakeCounts(pane);
    expect(after.runs - before.runs).toBeLessThanOrEqual(2);
    expect(after.syncs - before.syncs).toBeLessThanOrEqual(8);
    expect(after.largestRequest).toBeLessThan(1_000_000);
    const sheet = (await fakeState(pane))[0];
    expect(sheet.rows.slice(1).every((r) => typeof r[13] === 'number' && r[14] === '已提出' && String(r[15]).startsWith('ledger-'))).toBe(true);
    expect(sheet.rows.slice(1).every((r) => r[10] === '进行中')).toBe(true); // the clerk's 状态, as written
    await pane.close();
  }, 120_000);
});
