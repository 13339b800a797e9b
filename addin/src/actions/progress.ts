// Progress: this month's note for the selected rows, sent to the server (where it becomes the
// record's latest progress) and written into 进展情况.
import { checkSheet, type CheckOptions } from '../ledger/check';
import { idRows } from '../ledger/refresh';
import { cellAddress } from '../ledger/sheet';
import { selectedRows, writeSheet } from '../excel/cells';
import { runExcel } from '../excel/host';
import { readSheetById } from '../excel/readSheet';
import { ApiProblem, type Api } from '../api';

export function currentMonth(today = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
}

/** How one record's entry went: saved, or refused with the server's words. */
export interface ProgressOutcome {
  id: number;
  ok: boolean;
  message?: string;
}

/**
 * This month's entry for each of `ids`, one request per record; a refused record is reported and
 * the rest are still sent.
 */
export async function addProgressEach(
  api: Pick<Api, 'addProgress'>,
  ids: number[],
  note: string,
  percent: number | undefined,
  month = currentMonth(),
): Promise<ProgressOutcome[]> {
  const outcomes: ProgressOutcome[] = [];
  for (const id of ids) {
    try {
      await api.addProgress(id, { month, note, ...(percent !== undefined && { percent }) });
      outcomes.push({ id, ok: true });
    } catch (error) {
      const message = error instanceof ApiProblem ? error.problem.detail ?? error.problem.title : error instanceof Error ? error.message : String(error);
      outcomes.push({ id, ok: false, message });
    }
  }
  return outcomes;
}

/** The ledger rows the clerk selected that carry a server id (编号), with the sheet they were read from. */
export async function selectedLedgerRows(opts: CheckOptions = {}) {
  const { sheet, result, rows } = await runExcel(async (context) => {
    const selection = await selectedRows(context);
    const sheet = await readSheetById(context, selection.sheetId);
    return { sheet, result: checkSheet(sheet, opts), rows: new Set(selection.rows) };
  });
  return { sheet, result, chosen: idRows(result, sheet).filter((r) => rows.has(r.sheetRow)) };
}

/** `shown`: the entries go on the public page (the server keeps them private unless told). */
export async function recordProgress(api: Api, note: string, percent: number | undefined, opts: CheckOptions, shown = false): Promise<{ month: string; ids: number[] }> {
  const { sheet, result, chosen } = await selectedLedgerRows(opts);
  const ids = chosen.flatMap((r) => r.ids);
  const month = currentMonth();
  for (const id of ids) {
    await api.addProgress(id, { month, note, public: shown, ...(percent !== undefined && { percent }) });
  }
  const progress = result.mapping.find((m) => m.field === 'progress' && !m.category);
  if (progress && chosen.length > 0) {
    const cells = chosen.map((r) => ({ address: cellAddress(r.sheetRow, sheet.left + progress.column), value: note }));
    await runExcel((context) => writeSheet(context, sheet.sheetId, { cells }));
  }
  return { month, ids };
}
