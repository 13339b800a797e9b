// Refresh: where the sheet's submitted rows stand on the server, into the add-in's columns.
import { checkSheet, type CheckOptions, type CheckResult } from '../ledger/check';
import { idRows, refreshWrites, type RefreshWrites, type ServerCommitment } from '../ledger/refresh';
import type { SheetSnapshot } from '../ledger/sheet';
import { writeSheet } from '../excel/cells';
import { runExcel } from '../excel/host';
import { readActiveSheet } from '../excel/readSheet';
import type { Api } from '../api';

export interface RefreshRun extends RefreshWrites {
  sheet: SheetSnapshot;
  result: CheckResult;
  rows: number;
}

export async function refreshSheet(api: Api, opts: CheckOptions): Promise<RefreshRun> {
  const { sheet, result } = await runExcel(async (context) => {
    const sheet = await readActiveSheet(context);
    return { sheet, result: checkSheet(sheet, opts) };
  });
  const rows = idRows(result, sheet);
  if (rows.length === 0) return { sheet, result, rows: 0, columns: [], cells: [], missing: [] };
  const found = await serverRecords(api, result, rows.flatMap((r) => r.ids));
  const writes = refreshWrites(result, sheet, rows, found);
  await runExcel((context) => writeSheet(context, sheet.sheetId, writes));
  return { sheet, result, rows: rows.length, ...writes };
}

/** The records with these ids, from the lists of the sheet's years. */
export function serverRecords(api: Api, result: CheckResult, ids: readonly number[]): Promise<Map<number, ServerCommitment>> {
  const years = new Set([result.ledgerYear, ...result.records.flatMap((r) => (r.draft ? [r.draft.year] : []))]);
  return api.commitments([...years], new Set(ids));
}
