// Refresh: the server's status, review note and latest progress for the rows of the sheet that
// carry a server id in 编号. Pure: records in, cells and notes out.
import { STATUS_LABELS } from '../../../core/status';
import type { Status } from '../../../core/types';
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
  id: number;
}

/** Rows whose 编号 cell holds one server id. */
export function idRows(check: CheckResult, sheet: SheetSnapshot): SheetIdRow[] {
  const idColumn = check.mapping.find((m) => m.field === 'id');
  if (!idColumn) return [];
  const rows: SheetIdRow[] = [];
  for (let r = check.dataStart; r < sheet.values.length; r++) {
    const raw = sheet.values[r][idColumn.column];
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(id) && id > 0) rows.push({ sheetRow: sheet.top + r + 1, id });
  }
  return rows;
}

export interface RefreshWrites {
  cells: { address: string; value: string }[];
  notes: { address: string; note: string }[];
  /** Rows whose id the server did not return (deleted, or outside the clerk's scope). */
  missing: SheetIdRow[];
}

export function refreshWrites(check: CheckResult, sheet: SheetSnapshot, rows: readonly SheetIdRow[], found: ReadonlyMap<number, ServerCommitment>): RefreshWrites {
  const column = (field: string) => {
    const m = check.mapping.find((x) => x.field === field && !x.category);
    return m ? sheet.left + m.column : null;
  };
  const statusColumn = column('status');
  const progressColumn = column('progress');
  const writes: RefreshWrites = { cells: [], notes: [], missing: [] };
  for (const row of rows) {
    const c = found.get(row.id);
    if (!c) {
      writes.missing.push(row);
      continue;
    }
    if (statusColumn !== null) {
      writes.cells.push({ address: cellAddress(row.sheetRow, statusColumn), value: STATUS_LABELS[c.status].zh });
      if (c.reviewNote) writes.notes.push({ address: cellAddress(row.sheetRow, statusColumn), note: `审核意见：${c.reviewNote}` });
    }
    if (progressColumn !== null && c.progress) {
      writes.cells.push({ address: cellAddress(row.sheetRow, progressColumn), value: c.progress });
    }
  }
  return writes;
}
