// A clerk without Excel: workbooks written by LibreOffice and by SheetJS (as WPS-like tools write
// them) are checked with the pane's check, given back with bad cells marked and nothing else
// changed, and submitted to the real server under keys the add-in would send again.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { apiFor, type Session } from '../addin/src/api';
import { STATUS_LABELS } from '../core/status';
import { checkSheet } from '../addin/src/ledger/check';
import { planSubmission, type DefaultOrg } from '../addin/src/ledger/submission';
import { snapshotOf } from '../addin/src/workbook/snapshot';
import {
  NOTE_PREFIX, checkUploaded, ledgerSheetId, openUploadedLedger, refreshUploaded, submitUploaded, workbookBytes, type UploadedLedger,
} from '../addin/src/workbook/uploaded';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';

const FIXTURES = new URL('./fixtures/workspace/', import.meta.url);
const MARK = 'FFFFC7CE';

async function upload(name: string): Promise<UploadedLedger> {
  const bytes = readFileSync(new URL(name, FIXTURES));
  return openUploadedLedger(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), name);
}

async function readBack(bytes: ArrayBuffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  return wb.worksheets[0];
}

/** The file as uploaded, read the same way (with its plain notes). */
async function original(name: string): Promise<ExcelJS.Worksheet> {
  return (await upload(name)).workbook.worksheets[0];
}

const noteOf = (cell: ExcelJS.Cell) => {
  const n = cell.note;
  return !n ? '' : typeof n === 'string' ? n : (n.texts ?? []).map((t) => t.text).join('');
};

/**
 * A style (or value) as it looks: keys in order, without what is the default anyway (exceljs
 * writes `General`, general alignment, zero indents and false flags by leaving them out).
 */
function looks(style: Partial<ExcelJS.Style>): string {
  const plain = (v: unknown): unknown =>
    v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== false && x !== 0 && x !== undefined && x !== 'general').sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, plain(x)]))
      : v;
  const { numFmt, ...rest } = style;
  return JSON.stringify(plain({ ...rest, ...(numFmt && numFmt !== 'General' && { numFmt }) }));
}

/** Every cell of `before` whose value, look or note differs in `after`, as addresses. */
function changedCells(before: ExcelJS.Worksheet, after: ExcelJS.Worksheet): string[] {
  const changed: string[] = [];
  for (let r = 1; r <= Math.max(before.rowCount, after.rowCount); r++) {
    for (let c = 1; c <= Math.max(before.columnCount, after.columnCount); c++) {
      const a = before.getCell(r, c);
      const b = after.getCell(r, c);
      const same = looks({ v: a.value } as never) === looks({ v: b.value } as never) && looks(a.style) === looks(b.style) && noteOf(a) === noteOf(b);
      if (!same) changed.push(a.address);
    }
  }
  return changed;
}

describe('checking an uploaded ledger', () => {
  it('LibreOffice: marks only the empty 承诺事项 of row 29 and leaves the clerk’s note, fill and cells as they were', async () => {
    const ledger = await upload('clerk-libreoffice.xlsx');
    const sheetId = ledgerSheetId(ledger)!;
    const { result } = checkUploaded(ledger, sheetId, 'zh', {});
    expect(result.records.length).toBe(41);
    expect(result.problems.map((p) => p.address)).toEqual(['D29']);

    const after = await readBack(await workbookBytes(ledger));
    const before = await original('clerk-libreoffice.xlsx');
    expect(changedCells(before, after)).toEqual(['D29']);
    expect(after.getCell('D29').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: MARK } });
    expect(noteOf(after.getCell('D29'))).toBe(`${NOTE_PREFIX}${result.problems[0].message.zh}`);
    expect(noteOf(after.getCell('F5'))).toBe('家访记录见家访本');
    expect(after.getCell('C6').fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } });
    expect(after.getColumn(5).width).toBe(before.getColumn(5).width);
    expect(after.model.merges.sort()).toEqual(before.model.merges.sort());
  });

  it('SheetJS: marks the impossible month and the empty commitment, keeps the clerk’s comment; a second check after the fix clears them', async () => {
    const ledger = await upload('clerk-sheetjs.xlsx');
    const sheetId = ledgerSheetId(ledger)!;
    const first = checkUploaded(ledger, sheetId, 'zh', {});
    expect(first.result.ledgerYear).toBe(2011);
    expect(first.result.problems.map((p) => [p.address, p.field])).toEqual([['F5', 'deadline'], ['D6', 'content']]);
    expect(first.result.problems[0].message.zh).toContain('2011年13月');

    const marked = await readBack(await workbookBytes(ledger));
    const before = await original('clerk-sheetjs.xlsx');
    expect(changedCells(before, marked).sort()).toEqual(['D6', 'F5']);
    expect(noteOf(marked.getCell('H5'))).toContain('河道位置已和村委会确认');

    // The clerk corrects both cells (in WPS) and uploads again.
    const fixed = new ExcelJS.Workbook();
    await fixed.xlsx.load(await workbookBytes(ledger));
    fixed.worksheets[0].getCell('F5').value = '2011年12月';
    fixed.worksheets[0].getCell('D6').value = '按时足额收缴党费';
    const again = await openUploadedLedger((await fixed.xlsx.writeBuffer()) as ArrayBuffer, 'clerk-sheetjs.xlsx');
    expect(checkUploaded(again, ledgerSheetId(again)!, 'zh', {}).result.problems).toEqual([]);
    const clean = await readBack(await workbookBytes(again));
    expect(changedCells(before, clean).sort()).toEqual(['D6', 'F5']);
    expect(clean.getCell('F5').fill).toEqual(before.getCell('F5').fill);
    expect(noteOf(clean.getCell('F5'))).toBe('');
  });

  it('reads merged cells as the pane reads Excel’s: a member merged down two rows owns both', async () => {
    const merged = (await upload('clerk-sheetjs.xlsx')).workbook;
    merged.worksheets[0].getCell('B4').value = null;
    merged.worksheets[0].mergeCells('B3:B4');
    const ledger = await openUploadedLedger((await merged.xlsx.writeBuffer()) as ArrayBuffer, 'clerk-sheetjs.xlsx');
    const sheetId = ledgerSheetId(ledger)!;
    const sheet = snapshotOf(ledger.workbook.getWorksheet(Number(sheetId))!);
    expect(sheet.values[3][1]).toBe(''); // as Office.js reads a merged cell below its first
    expect(sheet.merges).toContainEqual({ top: 2, left: 1, bottom: 3, right: 1 });
    const { result } = checkUploaded(ledger, sheetId, 'zh', {});
    expect(result.records.filter((r) => r.sheetRow === 4).map((r) => r.draft?.subjectName)).toEqual(['李建国']);
    expect(result.problems.map((p) => p.address)).toEqual(['F5', 'D6']);
  });

  it('says to open the page over HTTPS where the browser withholds its hash function', async () => {
    vi.stubGlobal('crypto', {});
    try {
      const bytes = readFileSync(new URL('clerk-sheetjs.xlsx', FIXTURES));
      await expect(openUploadedLedger(bytes.buffer as ArrayBuffer, 'clerk-sheetjs.xlsx')).rejects.toMatchObject({ code: 'workbook.insecure_page', text: { zh: expect.stringContaining('https://') } });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses a file that is not .xlsx, saying what to do', async () => {
    const bytes = readFileSync(new URL('legacy-2011.xls', FIXTURES));
    await expect(openUploadedLedger(bytes.buffer as ArrayBuffer, 'legacy-2011.xls')).rejects.toMatchObject({ code: 'workbook.not_xlsx', text: { zh: expect.stringContaining('另存为') } });
  });
});

const dbs = await testDatabases();

describe.each(dbs)('submitting an uploaded ledger on $name', ({ url }) => {
  let server: TestServer;
  let session: Session;
  let org: DefaultOrg;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    const admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const orgId = (await server.api(admin).post('/orgs', { name: '城关镇第一党支部', kind: 'branch' })).body.id;
    org = { id: orgId, name: '城关镇第一党支部' };
    await server.api(admin).post('/users', { login: 'chengguan', password: 'clerk-pass-2011', name: '城关书记', role: 'clerk', orgId });
    const token = await server.login('chengguan', 'clerk-pass-2011');
    session = { server: server.baseUrl, token, user: { id: 0, login: 'chengguan', name: '城关书记', role: 'clerk', orgId } };
  });
  afterAll(() => server?.close());

  const stored = async () => (await server.api(session.token).get('/commitments?year=2011&limit=100')).body as { items: { id: number; key: string; subjectName: string; status: string }[]; total: number };

  it('submits the valid rows twice without duplicates; the workbook given back carries 编号, 系统状态 and the keys the add-in sends again', async () => {
    const api = apiFor(session, 'zh');
    const ledger = await upload('clerk-sheetjs.xlsx');
    const sheetId = ledgerSheetId(ledger)!;
    const first = await submitUploaded(ledger, sheetId, api, org, 'zh', {});
    expect(first.error).toBeUndefined();
    expect([first.planned, first.invalid]).toEqual([3, 2]);
    expect(first.outcomes.map((o) => o.result)).toEqual(['created', 'created', 'created']);
    expect((await stored()).total).toBe(3);

    const second = await submitUploaded(ledger, sheetId, api, org, 'zh', {});
    expect(second.outcomes.map((o) => o.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    // The same file uploaded afresh (nothing downloaded in between) names the same rows the same way.
    const fresh = await upload('clerk-sheetjs.xlsx');
    const third = await submitUploaded(fresh, ledgerSheetId(fresh)!, api, org, 'zh', {});
    expect(third.outcomes.map((o) => o.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect((await stored()).total).toBe(3);

    const back = await readBack(await workbookBytes(ledger));
    const byKey = new Map((await stored()).items.map((c) => [c.key, c.id]));
    expect([back.getCell('I2').value, back.getCell('J2').value, back.getCell('K2').value]).toEqual(['编号', '系统状态', '同步键']);
    expect(back.getColumn('K').hidden).toBe(true);
    for (const row of [3, 4, 7]) expect(back.getCell(`I${row}`).value).toBe(byKey.get(String(back.getCell(`K${row}`).value)));
    expect(back.getCell('I5').value).toBeNull(); // a marked row is not sent
    // 已完成 is beyond a clerk: 系统状态 says what the server stored, the clerk's 状态 stays as written.
    expect(back.getCell('J4').value).toBe(STATUS_LABELS.proposed.zh);
    expect(back.getCell('G4').value).toBe((await original('clerk-sheetjs.xlsx')).getCell('G4').value);

    // Opened later in Excel, the add-in reads the same keys off the sheet and plans the same rows.
    const sheet = snapshotOf(back);
    const check = checkSheet({ ...sheet, sheetId }, {});
    const plan = planSubmission(check, sheet, org, () => 'ledger-a-key-not-on-the-sheet');
    expect(plan.keys).toBeNull();
    expect(plan.columns.newHeaders).toEqual([]);
    expect(plan.rows.map((r) => r.body.key).sort()).toEqual([...byKey.keys()].sort());
  });

  it('writes the status the server settled on, and a refresh brings in what changed since', async () => {
    const api = apiFor(session, 'zh');
    const ledger = await upload('clerk-sheetjs.xlsx');
    const sheetId = ledgerSheetId(ledger)!;
    await submitUploaded(ledger, sheetId, api, org, 'zh', {});
    // 已公示 is beyond a clerk's reach: the record is stored as proposed, and 系统状态 says so
    const zhao = (await stored()).items.find((c) => c.subjectName === '赵明')!;
    expect(zhao.status).toBe('proposed');
    const submitted = await readBack(await workbookBytes(ledger));
    expect(submitted.getCell('J7').value).toBe(STATUS_LABELS.proposed.zh);
    const written = submitted.getCell('G7').value;
    expect(written).toBe((await original('clerk-sheetjs.xlsx')).getCell('G7').value);
    expect((await server.api(session.token).post(`/commitments/${zhao.id}/transitions`, { action: 'submit' })).status).toBe(200);

    const run = await refreshUploaded(ledger, sheetId, api.commitments, {});
    expect([run.rows, run.missing.length]).toEqual([3, 0]);
    const back = await readBack(await workbookBytes(ledger));
    expect(back.getCell('J7').value).toBe(STATUS_LABELS.under_review.zh);
    expect(back.getCell('G7').value).toBe(written);
  });
});
