// A ledger workbook uploaded to the workspace stands where the open sheet stands in Excel: it is
// checked with the pane's check, marked the way the pane marks (a fill on each bad cell, the
// reason in its note), and submitted with the pane's keys written into its hidden 同步键 column,
// so the same workbook opened later in Excel with the add-in sends the same keys. Everything
// else in the file — the clerk's cells, notes and formatting — is left as it was.
import type ExcelJS from 'exceljs';
import { recogniseHeader } from '../../../core/ledgerColumns';
import type { LocalText } from '../../../core/types';
import { checkSheet, marksOf, type CheckOptions, type CheckResult } from '../ledger/check';
import { columnLetters, type SheetSnapshot } from '../ledger/sheet';
import type { ColumnWrite } from '../ledger/addinColumns';
import {
  idsByRow, planSubmission, sendInBatches, writeBack,
  type BatchOutcome, type BatchRow, type DefaultOrg, type SubmitProgress,
} from '../ledger/submission';
import { restorePlainNotes } from './plainNotes';
import { idRows, refreshWrites, type RefreshWrites, type ServerCommitment } from '../ledger/refresh';
import { snapshotOf } from './snapshot';

/** The pane's mark colour, as exceljs spells an ARGB colour. */
const MARK_ARGB = 'FFFFC7CE';
/** Begins every note the check writes, so the next check knows its own notes from the clerk's. */
export const NOTE_PREFIX = '【台账检查】';

export interface UploadedLedger {
  workbook: ExcelJS.Workbook;
  fileName: string;
  /** SHA-256 of the file as uploaded: rows given keys here get the same keys from the same file. */
  fileHash: string;
}

/** An upload this page cannot take, with what to do about it. */
export class UploadRefused extends Error {
  constructor(readonly code: 'workbook.not_xlsx' | 'workbook.unreadable' | 'workbook.insecure_page', readonly text: LocalText) {
    super(text.en);
  }
}

export async function openUploadedLedger(bytes: ArrayBuffer, fileName: string): Promise<UploadedLedger> {
  // The browser gives its hash function (for the keys) only to pages opened over HTTPS or localhost.
  if (!globalThis.crypto?.subtle) {
    throw new UploadRefused('workbook.insecure_page', {
      zh: '请通过 https:// 地址打开本页后再上传台账（浏览器只在安全连接下提供生成同步键所需的功能）',
      en: 'Open this page over https:// and upload again (browsers offer what the sync keys need only on secure pages)',
    });
  }
  if (!/\.xlsx$/i.test(fileName)) {
    throw new UploadRefused('workbook.not_xlsx', {
      zh: `“${fileName}”不是 .xlsx 文件。请在 WPS 或 Excel 中“另存为” .xlsx 后再上传（旧的 .xls/.csv 台账请用“导入旧台账”）`,
      en: `"${fileName}" is not an .xlsx file. Save it as .xlsx in WPS or Excel and upload it again (old .xls/.csv ledgers go through "Convert old ledgers")`,
    });
  }
  // Loaded on first upload: the pane inside Excel never needs it.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(bytes);
    await restorePlainNotes(workbook, bytes);
  } catch {
    throw new UploadRefused('workbook.unreadable', { zh: `无法读取“${fileName}”，文件可能已损坏`, en: `"${fileName}" cannot be read; the file may be damaged` });
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const fileHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { workbook, fileName, fileHash };
}

/** The sheet to check: the one open when the file was saved if it has a ledger header, else the first that has. */
export function ledgerSheetId(upload: UploadedLedger): string | null {
  const sheets = upload.workbook.worksheets;
  const active = sheets[upload.workbook.views?.[0]?.activeTab ?? 0];
  const hasHeader = (ws: ExcelJS.Worksheet) => recogniseHeader(snapshotOf(ws).values).headerRow !== null;
  const chosen = active && hasHeader(active) ? active : sheets.find(hasHeader);
  return chosen ? String(chosen.id) : null;
}

function worksheet(upload: UploadedLedger, sheetId: string): ExcelJS.Worksheet {
  const ws = upload.workbook.getWorksheet(Number(sheetId));
  if (!ws) throw new Error(`no sheet ${sheetId}`);
  return ws;
}

export interface WorkbookCheck {
  sheet: SheetSnapshot;
  result: CheckResult;
}

/** Checks one sheet with the pane's check; the last check's marks go, this one's are painted. */
export function checkUploaded(upload: UploadedLedger, sheetId: string, lang: keyof LocalText, opts: CheckOptions): WorkbookCheck {
  const ws = worksheet(upload, sheetId);
  const sheet = snapshotOf(ws);
  const result = checkSheet(sheet, opts);
  clearMarks(ws);
  for (const mark of marksOf(result.problems, lang)) {
    const cell = ws.getCell(mark.address);
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_ARGB } } };
    // As in Excel: a note the clerk wrote stays; the reason is still listed on the page.
    if (!cell.note) cell.note = NOTE_PREFIX + mark.note;
  }
  return { sheet, result };
}

function clearMarks(ws: ExcelJS.Worksheet): void {
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (noteText(cell.note).startsWith(NOTE_PREFIX)) removeNote(cell);
      const fill = cell.style?.fill;
      if (fill?.type === 'pattern' && fill.pattern === 'solid' && fill.fgColor?.argb === MARK_ARGB) {
        const { fill: _marked, ...rest } = cell.style;
        cell.style = rest;
      }
    }),
  );
}

/** exceljs has no way to remove a note: a read cell keeps it in `_comment` and in its value's model. */
function removeNote(cell: ExcelJS.Cell): void {
  const { comment: _ours, ...model } = cell.model as ExcelJS.CellModel & { comment?: unknown };
  delete (cell as unknown as { _comment?: unknown })._comment;
  cell.model = model as ExcelJS.CellModel;
}

function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (!note) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

/** The server calls an uploaded ledger needs (the pane's API has them). */
export interface ServerCalls {
  submitBatch(rows: BatchRow[]): Promise<BatchOutcome[]>;
  commitments(years: number[], ids: ReadonlySet<number>): Promise<Map<number, ServerCommitment>>;
}

export interface WorkbookSubmit extends SubmitProgress, WorkbookCheck {
  planned: number;
  invalid: number;
  rowOfKey: Map<string, number>;
}

/**
 * Checks, then submits the sheet's valid rows as the pane does: keys go into the hidden 同步键
 * column before anything is sent (a key already there is kept; a row without one gets a key made
 * from the file and its row), then 编号 and 系统状态 — the status the server stored, which a
 * clerk's role may hold below what the clerk wrote — are written for the rows the server took.
 * The clerk's own 状态 is left as written.
 */
export async function submitUploaded(
  upload: UploadedLedger,
  sheetId: string,
  api: ServerCalls,
  org: DefaultOrg,
  lang: keyof LocalText,
  opts: CheckOptions,
): Promise<WorkbookSubmit> {
  const { sheet, result } = checkUploaded(upload, sheetId, lang, opts);
  const none = { sheet, result, planned: 0, invalid: 0, rowOfKey: new Map<string, number>(), outcomes: [], remaining: [] };
  if (result.skip) return none;
  const ws = worksheet(upload, sheetId);
  // The same file uploaded again names its rows the same way, so a second submit stores nothing new.
  const plan = planSubmission(result, sheet, org, (sheetRow) => `ledger-${upload.fileHash.slice(0, 24)}-${sheetId}-${sheetRow}`);
  const rowOfKey = new Map(plan.rows.map((r) => [r.body.key, r.sheetRow]));
  if (plan.rows.length === 0) return { ...none, invalid: plan.invalid };
  writeCells(ws, plan.columns.newHeaders);
  writeColumns(ws, plan.keys ? [plan.keys] : []);
  ws.getColumn(columnLetters(plan.columns.at.key!)).hidden = true;

  const progress = await sendInBatches(plan.rows, api.submitBatch);
  const sent = plan.rows.filter((r) => !progress.remaining.includes(r));
  const ids = idsByRow(sent, progress.outcomes);
  if (ids.size > 0) {
    const found = await api.commitments(sheetYears(result), new Set([...ids.values()].flat()));
    const states = new Map([...found].map(([id, c]) => [id, c.status]));
    writeColumns(ws, writeBack(result, sheet, plan.columns, ids, states));
  }
  return { sheet, result, planned: plan.rows.length, invalid: plan.invalid, rowOfKey, ...progress };
}

/**
 * Refresh, as the pane's: the status and review note the server holds for the rows that carry a
 * 编号 go into 系统状态 and 审核意见, and newer progress into 进展情况.
 */
export async function refreshUploaded(
  upload: UploadedLedger,
  sheetId: string,
  commitments: ServerCalls['commitments'],
  opts: CheckOptions,
): Promise<RefreshWrites & { rows: number }> {
  const ws = worksheet(upload, sheetId);
  const sheet = snapshotOf(ws);
  const result = checkSheet(sheet, opts);
  const rows = idRows(result, sheet);
  if (rows.length === 0) return { rows: 0, columns: [], cells: [], missing: [] };
  const writes = refreshWrites(result, sheet, rows, await commitments(sheetYears(result), new Set(rows.flatMap((r) => r.ids))));
  writeCells(ws, writes.cells);
  writeColumns(ws, writes.columns);
  return { rows: rows.length, ...writes };
}

/** The years whose lists hold the sheet's records. */
function sheetYears(result: CheckResult): number[] {
  return [...new Set([result.ledgerYear, ...result.records.flatMap((r) => (r.draft ? [r.draft.year] : []))])];
}

/** Plain values only: exceljs writes a string as text, never as a formula, whatever it starts with. */
function writeCells(ws: ExcelJS.Worksheet, cells: readonly { address: string; value: string | number }[]): void {
  for (const { address, value } of cells) ws.getCell(address).value = value;
}

/** A whole column as the pane writes it; '' leaves a cell empty, as in Excel. */
function writeColumns(ws: ExcelJS.Worksheet, writes: readonly ColumnWrite[]): void {
  for (const write of writes) {
    const column = columnLetters(write.column);
    write.values.forEach((value, i) => {
      ws.getCell(`${column}${write.firstRow + i}`).value = value === '' ? null : value;
    });
  }
}

export async function workbookBytes(upload: UploadedLedger): Promise<ArrayBuffer> {
  return (await upload.workbook.xlsx.writeBuffer()) as ArrayBuffer;
}
