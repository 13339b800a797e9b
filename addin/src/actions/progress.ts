// Progress: a month's check of the rows selected in the ledger (跟踪问诺). One note for all, with
// per-row overrides (another note, or skip the row); sent as ONE request that the server stores
// all or nothing, under a key that makes a retry store nothing twice; then each row's note goes
// into its 进展情况 cell.
import { checkSheet, type CheckOptions } from '../ledger/check';
import { idRows } from '../ledger/refresh';
import { cellAddress } from '../ledger/sheet';
import { selectedRows, writeSheet } from '../excel/cells';
import { runExcel } from '../excel/host';
import { readSheetById } from '../excel/readSheet';
import { ApiProblem, type Api } from '../api';
import type { ProgressBatchRequest } from '../../../core/progress';

export function currentMonth(today = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
}

/** How one record's entry went: saved, or refused with the server's words. */
export interface ProgressOutcome {
  id: number;
  ok: boolean;
  message?: string;
}

/**
 * This month's entry for each of `ids`, one request per record; a refused record is reported and
 * the rest are still sent. `shown`, when given, is the entries' public flag.
 */
export async function addProgressEach(
  api: Pick<Api, 'addProgress'>,
  ids: number[],
  note: string,
  percent: number | undefined,
  month = currentMonth(),
  shown?: boolean,
): Promise<ProgressOutcome[]> {
  const outcomes: ProgressOutcome[] = [];
  for (const id of ids) {
    try {
      await api.addProgress(id, { month, note, ...(percent !== undefined && { percent }), ...(shown !== undefined && { public: shown }) });
      outcomes.push({ id, ok: true });
    } catch (error) {
      const message = error instanceof ApiProblem ? error.problem.detail ?? error.problem.title : error instanceof Error ? error.message : String(error);
      outcomes.push({ id, ok: false, message });
    }
  }
  return outcomes;
}

/** The ledger rows the clerk selected that carry a server id (编号), with the sheet they were read from. */
export async function selectedLedgerRows(opts: CheckOptions = {}) {
  const { sheet, result, rows } = await runExcel(async (context) => {
    const selection = await selectedRows(context);
    const sheet = await readSheetById(context, selection.sheetId);
    return { sheet, result: checkSheet(sheet, opts), rows: new Set(selection.rows) };
  });
  return { sheet, result, chosen: idRows(result, sheet).filter((r) => rows.has(r.sheetRow)) };
}

/** A selected ledger row with server ids: what the clerk sees to override or skip. */
export interface CheckRow {
  sheetRow: number;
  ids: number[];
  /** 承诺主体 · 承诺内容 as the sheet says them. */
  label: string;
}

/** The rows of a check, and where their notes go. */
export interface MonthlyCheck {
  sheetId: string;
  /** Grid column (0-based, from the sheet's left edge) of 进展情况; null when the sheet has none. */
  progressColumn: number | null;
  left: number;
  rows: CheckRow[];
}

/** The selected rows that carry server ids (rows never submitted have none and are left out). */
export async function checkFromSelection(opts: CheckOptions): Promise<MonthlyCheck> {
  const { sheet, result, chosen } = await selectedLedgerRows(opts);
  const labels = new Map<number, string>();
  for (const r of result.records) if (!labels.has(r.sheetRow)) labels.set(r.sheetRow, [r.input.subject, r.input.content].filter(Boolean).join(' · '));
  const progress = result.mapping.find((m) => m.field === 'progress' && !m.category);
  return {
    sheetId: sheet.sheetId,
    progressColumn: progress ? progress.column : null,
    left: sheet.left,
    rows: chosen.map((r) => ({ ...r, label: labels.get(r.sheetRow) ?? '' })),
  };
}

/** What the clerk changed for one row: another note, or leave it out of this month's check. */
export interface RowChoice {
  note?: string;
  skip?: boolean;
}

export interface CommonEntry {
  note: string;
  percent?: number;
  shown: boolean;
}

/** The entries of a check: every id of every row not skipped, with the row's own note or the common one. */
export function checkEntries(check: MonthlyCheck, choices: ReadonlyMap<number, RowChoice>, common: CommonEntry): { entries: ProgressBatchRequest['entries']; notes: Map<number, string> } {
  const entries: ProgressBatchRequest['entries'] = [];
  const notes = new Map<number, string>();
  for (const row of check.rows) {
    const choice = choices.get(row.sheetRow);
    if (choice?.skip) continue;
    const note = choice?.note?.trim() || common.note;
    notes.set(row.sheetRow, note);
    for (const id of row.ids) entries.push({ commitmentId: id, note, public: common.shown, ...(common.percent !== undefined && { percent: common.percent }) });
  }
  return { entries, notes };
}

/**
 * Sends the check as one request under `key` and writes each row's note into 进展情况. The caller
 * keeps `key` for the same check (a retry after a lost answer stores nothing twice).
 */
export async function recordProgress(api: Pick<Api, 'addProgressBatch'>, check: MonthlyCheck, choices: ReadonlyMap<number, RowChoice>, common: CommonEntry, key: string, month = currentMonth()): Promise<{ month: string; ids: number[]; replayed: boolean }> {
  const { entries, notes } = checkEntries(check, choices, common);
  if (entries.length === 0) return { month, ids: [], replayed: false };
  const answer = await api.addProgressBatch({ key, month, entries });
  if (check.progressColumn !== null) {
    const column = check.left + check.progressColumn;
    const cells = [...notes].map(([sheetRow, value]) => ({ address: cellAddress(sheetRow, column), value }));
    await runExcel((context) => writeSheet(context, check.sheetId, { cells }));
  }
  return { month, ids: entries.map((e) => e.commitmentId), replayed: answer.replayed };
}

/** A new request key: unguessable, and the shape the server takes. */
export function newCheckKey(): string {
  return crypto.randomUUID();
}
