// Writes into cells in one batch, and moves the selection.
import { columnAddress, type ColumnWrite } from '../ledger/addinColumns';
import { columnLetters } from '../ledger/sheet';

/** Text Excel would read as a formula if written as a value. */
const FORMULA_START = /^[=+\-@]/;

export interface CellWrite {
  address: string;
  value: string | number;
}

export interface SheetWrites {
  /** Single cells (new headers, a few changed cells); text that looks like a formula is stored as text. */
  cells?: readonly CellWrite[];
  /** Whole columns, one range each, whatever the row count. */
  columns?: readonly ColumnWrite[];
  hideColumns?: readonly number[];
}

/** One sync for all of it. */
export async function writeSheet(context: Excel.RequestContext, sheetId: string, writes: SheetWrites): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  for (const cell of writes.cells ?? []) {
    const range = sheet.getRange(cell.address);
    if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) range.numberFormat = [['@']];
    range.values = [[cell.value]];
  }
  for (const column of writes.columns ?? []) {
    const range = sheet.getRange(columnAddress(column));
    if (column.asText) range.numberFormat = column.values.map(() => ['@']);
    range.values = column.values.map((v) => [v]);
  }
  for (const column of writes.hideColumns ?? []) {
    const letter = columnLetters(column);
    sheet.getRange(`${letter}:${letter}`).columnHidden = true;
  }
  await context.sync();
}

export async function selectCell(context: Excel.RequestContext, sheetId: string, address: string): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  sheet.activate();
  sheet.getRange(address).select();
  await context.sync();
}

/** The selected rows (1-based, as Excel shows them) and their sheet. */
export async function selectedRows(context: Excel.RequestContext): Promise<{ sheetId: string; rows: number[] }> {
  const range = context.workbook.getSelectedRange();
  range.load('rowIndex,rowCount');
  range.worksheet.load('id');
  await context.sync();
  return { sheetId: range.worksheet.id, rows: Array.from({ length: range.rowCount }, (_, i) => range.rowIndex + i + 1) };
}
