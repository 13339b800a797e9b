// What every reader produces: each sheet as a neutral grid of cell values, so one converter
// serves .xlsx, .xls and .csv alike.
// rows[i] is the sheet's row i + 1 as Excel shows it (CSV: record i + 1).
import type { CellRange } from '../../core/ledgerColumns';

export type { SheetGrid } from '../../core/ledgerSheet';

/** `B3:C5` → 0-based range; null when the reference is not an area. */
export function parseRange(ref: string): CellRange | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  return { left: columnIndex(m[1]), top: Number(m[2]) - 1, right: columnIndex(m[3]), bottom: Number(m[4]) - 1 };
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
