// Refresh: where the sheet's submitted rows stand on the server — the state into 系统状态, the
// reviewer's note into 审核意见 (both the add-in's columns, each written whole), and the newest
// progress into 进展情况 where the server's differs. Pure: records in, writes out.
import { STATUS_LABELS } from '../../../core/status';
import type { Status } from '../../../core/types';
import { columnWrite, findAddinColumns, headerOf, ID_HEADER, type ColumnWrite } from './addinColumns';
import type { CheckResult } from './check';
import { cellAddress, type SheetSnapshot } from './sheet';

/** What Refresh needs of a commitment as the API answers it. */
export interface ServerCommitment {
  id: number;
  status: Status;
  progress?: string | null;
  reviewNote?: string | null;
}

export interface SheetIdRow {
  sheetRow: number;
  /** One id, or a wide-form row's several. */
  ids: number[];
}

/** The 编号 column: the mapped one, else a header 编号 the add-in placed. */
function idColumn(check: CheckResult, sheet: SheetSnapshot): number | null {
  const mapped = check.mapping.find((m) => m.field === 'id' && !m.category);
  if (mapped) return mapped.column;
  const found = headerOf(check, sheet).cells.findIndex((v) => typeof v === 'string' && v.trim() === ID_HEADER);
  return found >= 0 ? found : null;
}

/** Rows whose 编号 cell holds server ids (a number, digits, or digits joined by commas). */
export function idRows(check: CheckResult, sheet: SheetSnapshot): SheetIdRow[] {
  const column = idColumn(check, sheet);
  if (column === null) return [];
  const rows: SheetIdRow[] = [];
  for (let r = check.dataStart; r < sheet.values.length; r++) {
    const raw = sheet.values[r][column];
    const ids = typeof raw === 'number' ? [raw] : typeof raw === 'string' && /^\s*\d+(\s*,\s*\d+)*\s*$/.test(raw) ? raw.split(',').map(Number) : [];
    if (ids.length > 0 && ids.every((id) => Number.isInteger(id) && id > 0)) rows.push({ sheetRow: sheet.top + r + 1, ids });
  }
  return rows;
}

export interface RefreshWrites {
  columns: ColumnWrite[];
  /** Header cells of add-in columns placed anew, and 进展情况 cells with newer progress. */
  cells: { address: string; value: string }[];
  /** Rows with an id the server did not return (deleted, or outside the clerk's scope). */
  missing: SheetIdRow[];
}

export function refreshWrites(check: CheckResult, sheet: SheetSnapshot, rows: readonly SheetIdRow[], found: ReadonlyMap<number, ServerCommitment>): RefreshWrites {
  const states = new Map<number, string>();
  const reviews = new Map<number, string>();
  const cells: RefreshWrites['cells'] = [];
  const missing: SheetIdRow[] = [];
  const progress = check.mapping.find((m) => m.field === 'progress' && !m.category)?.column;
  for (const row of rows) {
    const records = row.ids.map((id) => found.get(id));
    if (records.some((c) => !c)) {
      missing.push(row);
      continue;
    }
    const known = records as ServerCommitment[];
    states.set(row.sheetRow, [...new Set(known.map((c) => STATUS_LABELS[c.status].zh))].join('、'));
    reviews.set(row.sheetRow, [...new Set(known.flatMap((c) => (c.reviewNote ? [c.reviewNote] : [])))].join('；'));
    const newest = known.length === 1 ? known[0].progress : null;
    const held = progress === undefined ? undefined : sheet.values[row.sheetRow - sheet.top - 1]?.[progress];
    if (progress !== undefined && newest && String(held ?? '').trim() !== newest) {
      cells.push({ address: cellAddress(row.sheetRow, sheet.left + progress), value: newest });
    }
  }
  // 审核意见 is placed once there is a note to write; an existing one is kept up to date (a note the reviewer cleared goes).
  const columns = findAddinColumns(check, sheet, [...reviews.values()].some(Boolean) ? ['state', 'review'] : ['state'], ['review']);
  const writes = [
    columnWrite(check, sheet, columns.at.state!, states, true),
    columns.at.review === undefined ? null : columnWrite(check, sheet, columns.at.review, reviews, true),
  ].filter((w): w is ColumnWrite => w !== null);
  return { columns: writes, cells: [...columns.newHeaders, ...cells], missing };
}
