// An uploaded workbook read the way the task pane reads an open sheet through Office.js, so the
// same check runs on both: the used range's values only, dates as Excel serial numbers, merged
// cells holding their value in the top-left cell only (and their areas listed, as the pane reads
// them), rich text and formulas as what they show.
import type ExcelJS from 'exceljs';
import type { CellRange } from '../../../core/ledgerColumns';
import type { CellValue } from '../../../core/types';
import type { SheetSnapshot } from '../ledger/sheet';

const MS_PER_DAY = 86_400_000;
/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const EPOCH_SERIAL = 25_569;

export function snapshotOf(sheet: ExcelJS.Worksheet): SheetSnapshot {
  const cells: { row: number; col: number; value: CellValue }[] = [];
  /** Each merged area by its top-left cell, 0-based on the sheet. */
  const merged = new Map<string, CellRange>();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.isMerged) extendArea(merged, cell.master, rowNumber - 1, colNumber - 1);
      const value = cellValue(cell);
      if (value !== null && value !== '') cells.push({ row: rowNumber - 1, col: colNumber - 1, value });
    });
  });
  const base = { sheetId: String(sheet.id), sheetName: sheet.name };
  if (cells.length === 0) return { ...base, top: 0, left: 0, values: [], merges: [] };
  const top = Math.min(...cells.map((c) => c.row));
  const left = Math.min(...cells.map((c) => c.col));
  const height = Math.max(...cells.map((c) => c.row)) - top + 1;
  const width = Math.max(...cells.map((c) => c.col)) - left + 1;
  const values: CellValue[][] = Array.from({ length: height }, () => Array<CellValue>(width).fill(''));
  for (const c of cells) values[c.row - top][c.col - left] = c.value;
  const merges = [...merged.values()].map((m) => ({ top: m.top - top, left: m.left - left, bottom: m.bottom - top, right: m.right - left }));
  return { ...base, top, left, values, merges };
}

function extendArea(merged: Map<string, CellRange>, master: ExcelJS.Cell, row: number, column: number): void {
  const area = merged.get(master.address) ?? { top: Number(master.row) - 1, left: Number(master.col) - 1, bottom: row, right: column };
  area.bottom = Math.max(area.bottom, row);
  area.right = Math.max(area.right, column);
  merged.set(master.address, area);
}

/** What Office.js `values` answers for one cell ('' for an empty one). */
function cellValue(cell: ExcelJS.Cell): CellValue {
  if (cell.isMerged && cell.master !== cell) return '';
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.getTime() / MS_PER_DAY + EPOCH_SERIAL;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if ('result' in v) return resultValue(v.result);
  if ('richText' in v) return v.richText.map((run) => run.text).join('');
  if ('text' in v) return typeof v.text === 'string' ? v.text : cell.text;
  return cell.text;
}

function resultValue(result: unknown): CellValue {
  if (result instanceof Date) return result.getTime() / MS_PER_DAY + EPOCH_SERIAL;
  if (typeof result === 'number' || typeof result === 'string' || typeof result === 'boolean') return result;
  return '';
}
