// Check the active sheet: one read, core's reading of the sheet, last marks taken off and new ones painted.
import { checkSheet, marksOf, type CheckOptions, type CheckResult } from '../ledger/check';
import type { SheetSnapshot } from '../ledger/sheet';
import { paintMarks } from '../excel/marks';
import { previousMarks, rememberMarks } from '../excel/markStore';
import { runExcel, supportsExcelApi } from '../excel/host';
import { readActiveSheet } from '../excel/readSheet';
import type { Lang } from '../i18n';

export interface CheckRun {
  sheet: SheetSnapshot;
  result: CheckResult;
}

export function checkActiveSheet(lang: Lang, opts: CheckOptions): Promise<CheckRun> {
  return runExcel(async (context) => {
    const sheet = await readActiveSheet(context);
    const result = checkSheet(sheet, opts);
    await markProblems(context, sheet, result, lang);
    return { sheet, result };
  });
}

export async function markProblems(context: Excel.RequestContext, sheet: SheetSnapshot, result: CheckResult, lang: Lang): Promise<void> {
  const marks = marksOf(result.problems, lang);
  const painted = await paintMarks(context, sheet.sheetId, marks, previousMarks(sheet.sheetId), supportsExcelApi('1.18'));
  await rememberMarks(sheet.sheetId, painted);
}
