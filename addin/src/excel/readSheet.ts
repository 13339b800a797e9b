// One read of a worksheet, in a single sync: the used range's values, where it sits, and the
// sheet's merged areas (ExcelApi 1.13; older hosts give none, and merged cells are not filled down).
import type { CellRange } from '../../../core/ledgerColumns';
import { parseRange } from '../../../core/ledgerSheet';
import type { CellValue } from '../../../core/types';
import type { SheetSnapshot } from '../ledger/sheet';
import { supportsExcelApi } from './host';

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
  const merged = supportsExcelApi('1.13') ? sheet.getRange().getMergedAreasOrNullObject() : null;
  merged?.load('address');
  await context.sync();
  if (used.isNullObject) return { sheetId: sheet.id, sheetName: sheet.name, top: 0, left: 0, values: [], merges: [] };
  const top = used.rowIndex;
  const left = used.columnIndex;
  const merges = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
  return {
    sheetId: sheet.id,
    sheetName: sheet.name,
    top,
    left,
    values: used.values as CellValue[][],
    merges: merges.map((m) => ({ top: m.top - top, left: m.left - left, bottom: m.bottom - top, right: m.right - left })),
  };
}

/** "Sheet1!A3:A5, 'My sheet'!$B$7:$C$9" → 0-based sheet areas. */
export function parseAreas(address: string): CellRange[] {
  return address.split(',').flatMap((part) => parseRange(part.slice(part.lastIndexOf('!') + 1)) ?? []);
}
