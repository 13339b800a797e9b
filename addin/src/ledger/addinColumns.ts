// The columns the add-in keeps on the clerk's sheet, beside the clerk's own: 编号 (the server's
// id), 系统状态 (where the record stands on the server), 审核意见 (the reviewer's note) and the
// hidden 同步键 (the row's key, so a resend never duplicates). The add-in writes only these —
// the clerk's cells (状态, 进展情况 …) are the clerk's — and writes each as one whole-column range.
import type { CheckResult } from './check';
import { cellAddress, columnLetters, type SheetSnapshot } from './sheet';

export const ID_HEADER = '编号';
export const STATE_HEADER = '系统状态';
export const REVIEW_HEADER = '审核意见';
export const KEY_HEADER = '同步键';
export const ADDIN_HEADERS: readonly string[] = [ID_HEADER, STATE_HEADER, REVIEW_HEADER, KEY_HEADER];

export type AddinColumn = 'id' | 'state' | 'review' | 'key';
const HEADER_OF: Record<AddinColumn, string> = { id: ID_HEADER, state: STATE_HEADER, review: REVIEW_HEADER, key: KEY_HEADER };

export interface AddinColumns {
  /** 0-based sheet column of each column asked for. */
  at: Partial<Record<AddinColumn, number>>;
  /** Header cells of the columns placed anew, beside the used range. */
  newHeaders: { address: string; value: string }[];
}

/** 1-based sheet row of the header's last row, and the header's cells. */
export function headerOf(check: CheckResult, sheet: SheetSnapshot): { sheetRow: number; cells: readonly unknown[] } {
  const index = check.dataStart - 1;
  return { sheetRow: sheet.top + index + 1, cells: sheet.values[index] ?? [] };
}

/**
 * Finds the add-in's columns on the sheet by their headers (编号 also as mapped), placing the
 * missing ones of `wanted` after the used range; `ifPresent` ones are only found.
 */
export function findAddinColumns(check: CheckResult, sheet: SheetSnapshot, wanted: readonly AddinColumn[], ifPresent: readonly AddinColumn[] = []): AddinColumns {
  const header = headerOf(check, sheet);
  const width = Math.max(0, ...sheet.values.map((row) => row.length));
  let next = sheet.left + width;
  const result: AddinColumns = { at: {}, newHeaders: [] };
  for (const column of [...wanted, ...ifPresent.filter((c) => !wanted.includes(c))]) {
    const mapped = column === 'id' ? check.mapping.find((m) => m.field === 'id' && !m.category)?.column : undefined;
    const found = mapped ?? header.cells.findIndex((v) => typeof v === 'string' && v.trim() === HEADER_OF[column]);
    if (found !== undefined && found >= 0) {
      result.at[column] = sheet.left + found;
      continue;
    }
    if (!wanted.includes(column)) continue;
    result.at[column] = next;
    result.newHeaders.push({ address: cellAddress(header.sheetRow, next), value: HEADER_OF[column] });
    next++;
  }
  return result;
}

/** One column's cells from a first row down, written as one range. */
export interface ColumnWrite {
  column: number;
  /** 1-based sheet row of the first cell. */
  firstRow: number;
  values: (string | number)[];
  /** Text that must never be read as a number, date or formula (a reviewer's note may start with =). */
  asText?: boolean;
}

/**
 * A whole data column of the snapshot with some rows changed: the rows not in `changes` keep
 * what the sheet holds, so the column goes to Excel as one range whatever the row count.
 */
export function columnWrite(check: CheckResult, sheet: SheetSnapshot, column: number, changes: ReadonlyMap<number, string | number>, asText = false): ColumnWrite | null {
  if (changes.size === 0) return null;
  const firstRow = sheet.top + check.dataStart + 1;
  const lastRow = Math.max(sheet.top + sheet.values.length, ...changes.keys());
  const c = column - sheet.left;
  const values: (string | number)[] = [];
  for (let sheetRow = firstRow; sheetRow <= lastRow; sheetRow++) {
    const held = sheet.values[sheetRow - sheet.top - 1]?.[c];
    values.push(changes.get(sheetRow) ?? (typeof held === 'number' || typeof held === 'string' ? held : ''));
  }
  return { column, firstRow, values, asText };
}

export function columnAddress(write: ColumnWrite): string {
  const letter = columnLetters(write.column);
  return `${letter}${write.firstRow}:${letter}${write.firstRow + write.values.length - 1}`;
}
