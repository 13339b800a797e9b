// Submit: which checked rows go to the server, under which stable key, in which batches, and
// what is written back. The key of a row is written into the sheet (a hidden 同步键 column)
// before anything is sent, so a retry, a second press or a resume after a lost connection
// sends the same keys and the server never makes a second record.
import { STATUS_LABELS } from '../../../core/status';
import type { Category, Status } from '../../../core/types';
import type { CheckResult, CheckedRecord } from './check';
import { cellAddress, type SheetSnapshot } from './sheet';

export const KEY_HEADER = '同步键';
export const ID_HEADER = '编号';
export const BATCH_SIZE = 500;

/** One row of `POST /commitments/batch`. */
export interface BatchRow {
  key: string;
  year: number;
  orgId?: number;
  orgName?: string;
  subjectType: string;
  subjectName: string;
  category: Category;
  content: string;
  measures: string | null;
  expected: string | null;
  deadline: string;
  responsible: string | null;
  status?: Status;
  progress: string | null;
  remarks: string | null;
}

export interface BatchOutcome {
  key: string;
  id?: number | null;
  result: 'created' | 'updated' | 'unchanged' | 'rejected';
  status?: Status;
  errors?: { field?: string; code: string; message: string }[];
  /** Stored, but not quite as sent (e.g. a status beyond the clerk's role). */
  warnings?: { field?: string; code: string; message: string }[];
}

export interface PendingRow {
  sheetRow: number;
  body: BatchRow;
}

/** Where Submit keeps keys and ids on this sheet: 0-based sheet columns. */
export interface SubmitColumns {
  key: number;
  id: number;
  status: number | null;
  /** Set when the column is new: its header cell is written with the keys. */
  newHeaders: { address: string; value: string }[];
}

export interface SubmissionPlan {
  rows: PendingRow[];
  /** Cells to write before sending: new keys and new column headers. */
  keyCells: { address: string; value: string }[];
  /** Rows with problems, left out. */
  invalid: number;
}

/** Finds or places the 编号 and 同步键 columns: next to the used range when the sheet has none. */
export function submitColumns(check: CheckResult, headerCells: readonly unknown[], left: number, headerSheetRow: number): SubmitColumns {
  const at = (field: string) => check.mapping.find((m) => m.field === field && !m.category);
  const keyIndex = headerCells.findIndex((v) => typeof v === 'string' && v.trim() === KEY_HEADER);
  const newHeaders: SubmitColumns['newHeaders'] = [];
  let next = left + headerCells.length;
  const place = (header: string) => {
    const column = next++;
    newHeaders.push({ address: cellAddress(headerSheetRow, column), value: header });
    return column;
  };
  const idMapping = at('id');
  const id = idMapping ? left + idMapping.column : place(ID_HEADER);
  const key = keyIndex >= 0 ? left + keyIndex : place(KEY_HEADER);
  const statusMapping = at('status');
  return { key, id, status: statusMapping ? left + statusMapping.column : null, newHeaders };
}

/** The valid records as batch rows; keys already on the sheet are kept, missing or copied ones made anew. */
export function planSubmission(
  check: CheckResult,
  keysOnSheet: ReadonlyMap<number, string>,
  columns: SubmitColumns,
  defaultOrgId: number,
  // Letters first: Excel must never read a key as a number, a date or a formula.
  newKey: () => string = () => `ledger-${crypto.randomUUID()}`,
): SubmissionPlan {
  const rows: PendingRow[] = [];
  const keyCells = [...columns.newHeaders];
  const seen = new Set<string>();
  const rowKeys = new Map<number, string>();
  let invalid = 0;
  for (const record of check.records) {
    if (!record.draft || record.errors.length > 0) {
      invalid++;
      continue;
    }
    let rowKey = rowKeys.get(record.sheetRow);
    if (!rowKey) {
      const onSheet = keysOnSheet.get(record.sheetRow);
      // A row copied with its hidden key would update the original's record: give it its own.
      rowKey = onSheet && !seen.has(onSheet) ? onSheet : newKey();
      if (rowKey !== onSheet) keyCells.push({ address: cellAddress(record.sheetRow, columns.key), value: rowKey });
      seen.add(rowKey);
      rowKeys.set(record.sheetRow, rowKey);
    }
    rows.push({ sheetRow: record.sheetRow, body: batchRow(record, record.category ? `${rowKey}/${record.category}` : rowKey, defaultOrgId) });
  }
  return { rows, keyCells, invalid };
}

function batchRow(record: CheckedRecord, key: string, defaultOrgId: number): BatchRow {
  const d = record.draft!;
  return {
    key,
    year: d.year,
    ...(d.orgName ? { orgName: d.orgName } : { orgId: defaultOrgId }),
    subjectType: d.subjectType,
    subjectName: d.subjectName,
    category: d.category,
    content: d.content,
    measures: d.measures,
    expected: d.expected,
    deadline: d.deadline,
    responsible: d.responsible,
    ...(d.status && { status: d.status }),
    progress: d.progress,
    remarks: d.remarks,
  };
}

export interface SubmitProgress {
  outcomes: BatchOutcome[];
  /** Rows not yet acknowledged by the server (a failed batch and everything after it). */
  remaining: PendingRow[];
  error?: unknown;
}

/**
 * Sends pending rows batch by batch; after each answer `afterBatch` writes ids back. Stops at the
 * first failure and hands back what is left, so the clerk can resume with the same keys.
 */
export async function sendInBatches(
  pending: readonly PendingRow[],
  post: (rows: BatchRow[]) => Promise<BatchOutcome[]>,
  afterBatch: (sent: readonly PendingRow[], outcomes: BatchOutcome[]) => Promise<void>,
  size = BATCH_SIZE,
): Promise<SubmitProgress> {
  const outcomes: BatchOutcome[] = [];
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    try {
      const answer = await post(batch.map((p) => p.body));
      await afterBatch(batch, answer);
      outcomes.push(...answer);
    } catch (error) {
      return { outcomes, remaining: pending.slice(i), error };
    }
  }
  return { outcomes, remaining: [] };
}

/** 编号 and 状态 cells for a batch's answers. A wide-form row lists the ids of its records. */
export function writeBackCells(
  sent: readonly PendingRow[],
  outcomes: readonly BatchOutcome[],
  columns: Pick<SubmitColumns, 'id' | 'status'>,
): { address: string; value: string | number }[] {
  const byKey = new Map(outcomes.map((o) => [o.key, o]));
  const ids = new Map<number, number[]>();
  const statuses = new Map<number, Status>();
  for (const row of sent) {
    const outcome = byKey.get(row.body.key);
    if (!outcome || outcome.result === 'rejected' || outcome.id == null) continue;
    ids.set(row.sheetRow, [...(ids.get(row.sheetRow) ?? []), outcome.id]);
    if (outcome.status) statuses.set(row.sheetRow, outcome.status);
  }
  const cells: { address: string; value: string | number }[] = [];
  for (const [sheetRow, rowIds] of ids) {
    cells.push({ address: cellAddress(sheetRow, columns.id), value: rowIds.length === 1 ? rowIds[0] : rowIds.join(',') });
    const status = statuses.get(sheetRow);
    if (columns.status !== null && status && rowIds.length === 1) {
      cells.push({ address: cellAddress(sheetRow, columns.status), value: STATUS_LABELS[status].zh });
    }
  }
  return cells;
}

/** The 同步键 already on the sheet, by sheet row (1-based). */
export function keysOnSheet(sheet: SheetSnapshot, keyColumn: number, dataStart: number): Map<number, string> {
  const keys = new Map<number, string>();
  const c = keyColumn - sheet.left;
  for (let r = dataStart; r < sheet.values.length; r++) {
    const v = sheet.values[r][c];
    if (typeof v === 'string' && v.trim()) keys.set(sheet.top + r + 1, v.trim());
  }
  return keys;
}
