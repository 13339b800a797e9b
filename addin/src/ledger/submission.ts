// Submit: which checked rows go to the server, under which stable key, in which batches, and
// what is written back. The key of a row is written into the sheet (the hidden 同步键 column)
// before anything is sent, so a retry, a second press or a resume after a lost connection
// sends the same keys and the server never makes a second record. Write-back fills the add-in's
// own 编号 and 系统状态 columns; the clerk's 状态 stays as the clerk wrote it.
import { STATUS_LABELS } from '../../../core/status';
import type { Category, Status } from '../../../core/types';
import type { ReadPhase } from '../../../core/plan';
import { columnWrite, findAddinColumns, type AddinColumns, type ColumnWrite } from './addinColumns';
import type { CheckResult, CheckedRecord } from './check';
import type { SheetSnapshot } from './sheet';

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
  /** 单位及职务: tells two members of one name apart, as on upload. */
  unitPost: string | null;
  /** 销号日期 of a finished item, when the ledger states it. */
  completedOn: string | null;
  /** 阶段计划, only when the sheet has the column (a sheet without it keeps the server's plan). */
  plan?: ReadPhase[] | null;
}

export interface BatchOutcome {
  key: string;
  id?: number | null;
  result: 'created' | 'updated' | 'unchanged' | 'rejected';
  errors?: { field?: string; code: string; message: string }[];
  /** Stored, but not quite as sent (e.g. a status beyond the clerk's role). */
  warnings?: { field?: string; code: string; message: string }[];
}

export interface PendingRow {
  sheetRow: number;
  body: BatchRow;
}

/** The organisation rows go to when the sheet names none. */
export interface DefaultOrg {
  id: number;
  name: string;
}

export interface SubmissionPlan {
  rows: PendingRow[];
  columns: AddinColumns;
  /** The key column, written before anything is sent; null when every row already has its key. */
  keys: ColumnWrite | null;
  /** Rows with problems, left out. */
  invalid: number;
}

/** The valid records as batch rows; keys already on the sheet are kept, missing or copied ones made anew. */
export function planSubmission(
  check: CheckResult,
  sheet: SheetSnapshot,
  org: DefaultOrg,
  // Letters first: Excel must never read a key as a number, a date or a formula. The workspace
  // makes its keys from the uploaded file and the row instead, so the same file keeps its keys.
  newKey: (sheetRow: number) => string = () => `ledger-${crypto.randomUUID()}`,
): SubmissionPlan {
  const columns = findAddinColumns(check, sheet, ['id', 'state', 'key']);
  const keyColumn = columns.at.key!;
  const rows: PendingRow[] = [];
  const seen = new Set<string>();
  const rowKeys = new Map<number, string>();
  const newKeys = new Map<number, string>();
  let invalid = 0;
  const hasPlan = check.mapping.some((m) => m.field === 'plan' && !m.category);
  for (const record of check.records) {
    if (!record.draft || record.errors.length > 0) {
      invalid++;
      continue;
    }
    let rowKey = rowKeys.get(record.sheetRow);
    if (!rowKey) {
      const held = sheet.values[record.sheetRow - sheet.top - 1]?.[keyColumn - sheet.left];
      const onSheet = typeof held === 'string' && held.trim() ? held.trim() : null;
      // A row copied with its hidden key would update the original's record: give it its own.
      rowKey = onSheet && !seen.has(onSheet) ? onSheet : newKey(record.sheetRow);
      if (rowKey !== onSheet) newKeys.set(record.sheetRow, rowKey);
      seen.add(rowKey);
      rowKeys.set(record.sheetRow, rowKey);
    }
    rows.push({ sheetRow: record.sheetRow, body: batchRow(record, record.category ? `${rowKey}/${record.category}` : rowKey, org, hasPlan) });
  }
  return { rows, columns, keys: columnWrite(check, sheet, keyColumn, newKeys), invalid };
}

function batchRow(record: CheckedRecord, key: string, org: DefaultOrg, hasPlan: boolean): BatchRow {
  const d = record.draft!;
  return {
    key,
    year: d.year,
    ...(d.orgName && d.orgName !== org.name ? { orgName: d.orgName } : { orgId: org.id }),
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
    unitPost: d.unitPost,
    completedOn: d.completedOn,
    ...(hasPlan && { plan: d.plan }),
  };
}

export interface SubmitProgress {
  outcomes: BatchOutcome[];
  /** Rows not yet acknowledged by the server (a failed batch and everything after it). */
  remaining: PendingRow[];
  error?: unknown;
}

/**
 * Sends pending rows batch by batch. Stops at the first failure and hands back what is left, so
 * the clerk can resume with the same keys.
 */
export async function sendInBatches(
  pending: readonly PendingRow[],
  post: (rows: BatchRow[]) => Promise<BatchOutcome[]>,
  size = BATCH_SIZE,
): Promise<SubmitProgress> {
  const outcomes: BatchOutcome[] = [];
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    try {
      outcomes.push(...(await post(batch.map((p) => p.body))));
    } catch (error) {
      return { outcomes, remaining: pending.slice(i), error };
    }
  }
  return { outcomes, remaining: [] };
}

/** The server ids of each sheet row (a wide-form row has one per filled category). */
export function idsByRow(sent: readonly PendingRow[], outcomes: readonly BatchOutcome[]): Map<number, number[]> {
  const byKey = new Map(outcomes.map((o) => [o.key, o]));
  const ids = new Map<number, number[]>();
  for (const row of sent) {
    const outcome = byKey.get(row.body.key);
    if (!outcome || outcome.result === 'rejected' || outcome.id == null) continue;
    ids.set(row.sheetRow, [...(ids.get(row.sheetRow) ?? []), outcome.id]);
  }
  return ids;
}

/** 编号 and 系统状态 for the rows the server took: each as one column. */
export function writeBack(
  check: CheckResult,
  sheet: SheetSnapshot,
  columns: AddinColumns,
  ids: ReadonlyMap<number, number[]>,
  states: ReadonlyMap<number, Status>,
): ColumnWrite[] {
  const idCells = new Map<number, string | number>();
  const stateCells = new Map<number, string>();
  for (const [sheetRow, rowIds] of ids) {
    idCells.set(sheetRow, rowIds.length === 1 ? rowIds[0] : rowIds.join(','));
    const labels = [...new Set(rowIds.flatMap((id) => (states.has(id) ? [STATUS_LABELS[states.get(id)!].zh] : [])))];
    if (labels.length > 0) stateCells.set(sheetRow, labels.join('、'));
  }
  return [
    columnWrite(check, sheet, columns.at.id!, idCells),
    columnWrite(check, sheet, columns.at.state!, stateCells, true),
  ].filter((w): w is ColumnWrite => w !== null);
}
