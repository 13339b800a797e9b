// Submit the valid rows of the active sheet. Keys are written into the sheet before the first
// request; ids and statuses are written back after each batch; a failure leaves a resumable rest.
import { checkSheet, type CheckOptions, type CheckResult } from '../ledger/check';
import { columnLetters, type SheetSnapshot } from '../ledger/sheet';
import {
  keysOnSheet, planSubmission, sendInBatches, submitColumns, writeBackCells,
  type BatchOutcome, type PendingRow, type SubmitColumns, type SubmitProgress,
} from '../ledger/submission';
import { writeCells } from '../excel/cells';
import { runExcel } from '../excel/host';
import { readActiveSheet } from '../excel/readSheet';
import type { Api } from '../api';
import type { Lang } from '../i18n';
import { markProblems } from './check';
import { refreshSheet } from './refresh';

/** What a Submit leaves behind for the pane, and for a resume. */
export interface SubmitRun extends SubmitProgress {
  sheet: SheetSnapshot;
  result: CheckResult;
  /** Null when the sheet has no ledger header: nothing was sent. */
  columns: SubmitColumns | null;
  /** Valid rows found; rows with problems stay on the sheet, marked. */
  planned: number;
  invalid: number;
  /** Sheet row of each key sent, for the per-row results. */
  rowOfKey: Map<string, number>;
}

export async function submitActiveSheet(api: Api, defaultOrgId: number, lang: Lang, opts: CheckOptions): Promise<SubmitRun> {
  const prepared = await runExcel(async (context) => {
    const sheet = await readActiveSheet(context);
    const result = checkSheet(sheet, opts);
    await markProblems(context, sheet, result, lang);
    if (result.recognition.headerRow === null) return { sheet, result, columns: null, plan: null };
    const headerIndex = result.recognition.headerRow + result.recognition.headerRows - 1;
    const columns = submitColumns(result, sheet.values[headerIndex], sheet.left, sheet.top + headerIndex + 1);
    const plan = planSubmission(result, keysOnSheet(sheet, columns.key, result.dataStart), columns, defaultOrgId);
    if (plan.rows.length > 0) {
      await writeCells(context, sheet.sheetId, plan.keyCells, { hideColumns: [columnLetters(columns.key)] });
    }
    return { sheet, result, columns, plan };
  });
  const { sheet, result, columns, plan } = prepared;
  if (!columns || !plan) {
    return { sheet, result, columns: null, planned: 0, invalid: 0, rowOfKey: new Map(), outcomes: [], remaining: [] };
  }
  const progress = await sendRows(api, sheet.sheetId, columns, plan.rows, opts);
  const rowOfKey = new Map(plan.rows.map((r) => [r.body.key, r.sheetRow]));
  return { sheet, result, columns, planned: plan.rows.length, invalid: plan.invalid, rowOfKey, ...progress };
}

/**
 * Sends (again) rows not yet confirmed; their keys are already on the sheet. Ids are written after
 * each batch; once all went through, the statuses the server settled on are pulled in (a clerk's
 * stated status is applied only as far as the clerk's role reaches).
 */
export async function sendRows(api: Api, sheetId: string, columns: SubmitColumns, rows: readonly PendingRow[], opts: CheckOptions): Promise<SubmitProgress> {
  const progress = await sendInBatches(rows, api.submitBatch, (sent, outcomes: BatchOutcome[]) =>
    runExcel((context) => writeCells(context, sheetId, writeBackCells(sent, outcomes, columns))),
  );
  if (!progress.error && rows.length > 0) await refreshSheet(api, opts, sheetId);
  return progress;
}
