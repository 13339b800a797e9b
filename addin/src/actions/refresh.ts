// Refresh: pull status, review note and progress for the sheet's rows that carry an id.
import { checkSheet, type CheckOptions } from '../ledger/check';
import { idRows, refreshWrites, type RefreshWrites } from '../ledger/refresh';
import { writeCells, writeNotes } from '../excel/cells';
import { runExcel, supportsExcelApi } from '../excel/host';
import { readActiveSheet, readSheetById } from '../excel/readSheet';
import type { Api } from '../api';

export interface RefreshRun extends RefreshWrites {
  rows: number;
}

/** Refreshes the active sheet, or the sheet with this id (after a submit, the one submitted). */
export async function refreshSheet(api: Api, opts: CheckOptions, sheetId?: string): Promise<RefreshRun> {
  const { sheet, result } = await runExcel(async (context) => {
    const sheet = sheetId ? await readSheetById(context, sheetId) : await readActiveSheet(context);
    return { sheet, result: checkSheet(sheet, opts) };
  });
  const rows = idRows(result, sheet);
  if (rows.length === 0) return { rows: 0, cells: [], notes: [], missing: [] };
  const years = new Set([result.ledgerYear, ...result.records.flatMap((r) => (r.draft ? [r.draft.year] : []))]);
  const found = await api.commitments([...years], new Set(rows.map((r) => r.id)));
  const writes = refreshWrites(result, sheet, rows, found);
  await runExcel(async (context) => {
    await writeCells(context, sheet.sheetId, writes.cells);
    if (supportsExcelApi('1.18')) await writeNotes(context, sheet.sheetId, writes.notes);
  });
  return { rows: rows.length, ...writes };
}
