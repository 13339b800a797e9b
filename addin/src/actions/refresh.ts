// Refresh: pull status, review note and progress for the sheet's rows that carry an id.
import { checkSheet, type CheckOptions } from '../ledger/check';
import { idRows, refreshWrites, type RefreshWrites } from '../ledger/refresh';
import { writeCells, writeNotes } from '../excel/cells';
import { runExcel, supportsExcelApi } from '../excel/host';
import { readActiveSheet } from '../excel/readSheet';
import type { Api } from '../api';

export interface RefreshRun extends RefreshWrites {
  rows: number;
}

export async function refreshActiveSheet(api: Api, opts: CheckOptions): Promise<RefreshRun> {
  const { sheet, result } = await runExcel(async (context) => {
    const sheet = await readActiveSheet(context);
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
