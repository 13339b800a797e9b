// What one read of a worksheet gives the pane: its used range as values, where it sits, and its
// merged areas.
import type { CellRange } from '../../../core/ledgerColumns';
import type { CellValue } from '../../../core/types';

export interface SheetSnapshot {
  sheetId: string;
  sheetName: string;
  /** 0-based row and column of the used range's top-left cell on the sheet. */
  top: number;
  left: number;
  values: CellValue[][];
  /** Merged areas, 0-based in the used range's coordinates (empty where the host cannot say: ExcelApi < 1.13). */
  merges: CellRange[];
}

/** A1-style column letters for a 0-based column index: 0 → A, 26 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** A1-style address of a 1-based sheet row and a 0-based sheet column. */
export function cellAddress(sheetRow: number, column: number): string {
  return `${columnLetters(column)}${sheetRow}`;
}
