// A file as uploaded → its grids, by what its bytes are (not what its name claims): a zip is
// an .xlsx, an OLE2 compound file an .xls, text a CSV. Anything else is refused.
import type { SheetGrid } from './grid';
import { readXlsx } from './xlsx';
import { isXls, readXls } from './xls';
import { readCsv, type CsvEncoding } from './csv';
import { isZip, type ZipLimits } from './zip';
import { notASpreadsheet, unreadable } from './unreadable';

export type ImportFormat = 'xlsx' | 'xls' | 'csv';

export interface LedgerFile {
  format: ImportFormat;
  grids: SheetGrid[];
  encoding?: CsvEncoding;
}

export async function readLedgerFile(buf: Buffer, zipLimits: ZipLimits): Promise<LedgerFile> {
  if (buf.length === 0) {
    throw unreadable('import.empty_file', { zh: '上传的文件是空的', en: 'The uploaded file is empty' });
  }
  if (isZip(buf)) return { format: 'xlsx', grids: await readXlsx(buf, zipLimits) };
  if (isXls(buf)) return { format: 'xls', grids: await readXls(buf) };
  if (looksLikeText(buf)) {
    const { encoding, ...grid } = await readCsv(buf);
    return { format: 'csv', grids: [grid], encoding };
  }
  throw notASpreadsheet();
}

/** Text has no NUL bytes (UTF-16 text, which has many, announces itself with a BOM). */
function looksLikeText(buf: Buffer): boolean {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return true;
  return !buf.subarray(0, 64 * 1024).includes(0);
}
