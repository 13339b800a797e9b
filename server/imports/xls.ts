// Old binary .xls (BIFF in an OLE2 compound file) → grids, read with SheetJS (@e965/xlsx, the
// community edition kept current on npm). SheetJS has no formula engine, so formulas give the
// value Excel cached and nothing in the file is run; macros are not loaded. Its .xls parser is
// synchronous and slow on big files, so `readXls` runs it in a worker thread: the server keeps
// answering while a large file is read, and a hostile file cannot exhaust the main heap.
import { startWorker } from '../runtime';
import * as XLSX from '@e965/xlsx';
import type { CellValue } from '../../core/types';
import type { SheetGrid } from './grid';
import { corrupt, unreadable } from './unreadable';
import { Problem } from '../http/problem';

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export function isXls(buf: Buffer): boolean {
  return buf.length >= 8 && buf.subarray(0, 8).equals(OLE2);
}

/** The grids of an .xls, read in this thread. */
export function xlsGrids(buf: Buffer): SheetGrid[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(buf, {
      type: 'buffer',
      dense: true,
      cellNF: true, // number formats tell date cells from numbers
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellDates: false,
      bookVBA: false,
    });
  } catch {
    throw corrupt('xls');
  }
  const epoch = workbook.Workbook?.WBProps?.date1904 ? EPOCH_1904 : EPOCH_1900;
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name] as XLSX.DenseWorkSheet;
    const data = sheet['!data'] ?? [];
    const rows: CellValue[][] = [];
    for (let r = 0; r < data.length; r++) {
      const cells = data[r] ?? [];
      const row: CellValue[] = [];
      for (let c = 0; c < cells.length; c++) row.push(cellValue(cells[c], epoch));
      while (row.length > 0 && row[row.length - 1] == null) row.pop();
      rows.push(row);
    }
    const merges = ((sheet['!merges'] ?? []) as XLSX.Range[]).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
    return { name, rows, merges };
  });
}

function cellValue(cell: XLSX.CellObject | undefined, epoch: number): CellValue {
  if (!cell || cell.v === undefined || cell.t === 'z' || cell.t === 'e') return null;
  if (cell.t === 'n' && typeof cell.v === 'number' && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
    return new Date(epoch + Math.round(cell.v * DAY_MS)); // UTC midnight, as exceljs gives dates
  }
  return cell.v as CellValue;
}

/** The grids of an .xls, read in a worker thread. */
export async function readXls(buf: Buffer): Promise<SheetGrid[]> {
  const worker = startWorker('xlsWorker', {
    workerData: buf,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  const grids: SheetGrid[] = [];
  try {
    // The grids come in slices, so taking them in never holds this thread for long.
    await new Promise<void>((ok, fail) => {
      worker.on('message', (m: XlsMessage) => {
        if (m.type === 'sheet') grids.push({ name: m.name, rows: [], merges: m.merges });
        else if (m.type === 'rows') grids[grids.length - 1].rows.push(...m.rows);
        else if (m.type === 'done') ok();
        else fail(unreadable(m.code, m.detail));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`xls reader exited with ${code}`)));
    });
    return grids;
  } catch (err) {
    if (err instanceof Problem) throw err;
    throw corrupt('xls'); // out of memory or a parser crash: the file is not one we can read
  } finally {
    await worker.terminate();
  }
}

/** What the worker posts: each sheet, then its rows in slices; then done, or the problem. */
export type XlsMessage =
  | { type: 'sheet'; name: string; merges: SheetGrid['merges'] }
  | { type: 'rows'; rows: CellValue[][] }
  | { type: 'done' }
  | { type: 'error'; code: string; detail: { zh: string; en: string } };
