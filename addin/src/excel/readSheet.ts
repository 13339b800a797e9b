// One read of a worksheet: the used range's values and where it sits, in a single sync.
import type { CellValue } from '../../../core/types';
import type { SheetSnapshot } from '../ledger/sheet';

export async function readActiveSheet(context: Excel.RequestContext): Promise<SheetSnapshot> {
  return readSheet(context, context.workbook.worksheets.getActiveWorksheet());
}

export async function readSheetById(context: Excel.RequestContext, sheetId: string): Promise<SheetSnapshot> {
  return readSheet(context, context.workbook.worksheets.getItem(sheetId));
}

async function readSheet(context: Excel.RequestContext, sheet: Excel.Worksheet): Promise<SheetSnapshot> {
  sheet.load('id,name');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('values,rowIndex,columnIndex');
  await context.sync();
  if (used.isNullObject) return { sheetId: sheet.id, sheetName: sheet.name, top: 0, left: 0, values: [] };
  return {
    sheetId: sheet.id,
    sheetName: sheet.name,
    top: used.rowIndex,
    left: used.columnIndex,
    values: used.values as CellValue[][],
  };
}
