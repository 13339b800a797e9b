// .xlsx → grids, with exceljs's streaming reader so a large workbook never sits in memory as a
// model. Cells keep what Excel last showed: formulas give their cached result and are never
// evaluated; rich text is the concatenation of its runs. The streaming reader skips merged areas,
// so we read those (and the sheet names) from the archive ourselves.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellRange } from '../../core/ledgerColumns';
import type { CellValue } from '../../core/types';
import { parseRange, type SheetGrid } from './grid';
import { DEFAULT_ZIP_LIMITS, inflateEntry, repack, zipEntries, type ZipEntry, type ZipLimits } from './zip';
import { corrupt, notASpreadsheet } from './unreadable';
import { Problem } from '../http/problem';

export async function readXlsx(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SheetGrid[]> {
  const entries = zipEntries(buf, limits);
  // Inflating every entry once, counted, proves the archive honest before exceljs parses it.
  const texts = new Map<string, string>();
  const merges = new Map<string, CellRange[]>();
  for (const entry of entries) {
    if (entry.name === 'xl/workbook.xml' || entry.name === 'xl/_rels/workbook.xml.rels') {
      texts.set(entry.name, await inflateText(buf, entry));
    } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      merges.set(entry.name, await scanMerges(buf, entry));
    } else {
      await drain(buf, entry);
    }
  }
  if (!texts.has('xl/workbook.xml')) throw notASpreadsheet(); // a zip, but a .docx or an archive, not a workbook
  const sheetPaths = sheetsOf(texts.get('xl/workbook.xml') ?? '', texts.get('xl/_rels/workbook.xml.rels') ?? '');

  const grids = new Map<string, SheetGrid>();
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(repack(buf, readingOrder(entries))), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache', // number formats tell date cells from numbers
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      const rows: CellValue[][] = [];
      for await (const row of sheet) rows[row.number - 1] = rowValues(row.values as unknown[]);
      for (let i = 0; i < rows.length; i++) rows[i] ??= [];
      const name = (sheet as unknown as { name: string }).name;
      grids.set(name, { name, rows, merges: merges.get(sheetPaths.get(name) ?? '') ?? [] });
    }
  } catch (err) {
    if (err instanceof Problem) throw err;
    throw corrupt('xlsx');
  }
  // In the order of the workbook's tabs.
  const order = [...sheetPaths.keys()];
  return [...grids.values()].sort((a, b) => order.indexOf(a.name!) - order.indexOf(b.name!));
}

/**
 * The parts exceljs's streaming reader uses, those it needs first first: given the worksheets
 * before the shared strings (as many writers, exceljs included, order them) it parks each sheet
 * in a temporary file, and its unzipper misreads entries that end in data descriptors.
 */
function readingOrder(entries: ZipEntry[]): ZipEntry[] {
  const first = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const sheetNo = (e: ZipEntry) => Number(/^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name)?.[1] ?? NaN);
  const leading = first.map((name) => entries.find((e) => e.name === name)).filter((e): e is ZipEntry => e !== undefined);
  const sheets = entries.filter((e) => !Number.isNaN(sheetNo(e))).sort((a, b) => sheetNo(a) - sheetNo(b));
  return [...leading, ...sheets];
}

/** One row's values from exceljs (1-based, sparse) → plain cell values from column A. */
function rowValues(values: unknown[]): CellValue[] {
  const out: CellValue[] = [];
  for (let c = 1; c < values.length; c++) out.push(cellValue(values[c]));
  while (out.length > 0 && out[out.length - 1] == null) out.pop();
  return out;
}

export function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const cell = v as { richText?: { text?: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: string };
  if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text ?? '').join('');
  if ('formula' in cell || 'sharedFormula' in cell) return cellValue(cell.result); // cached, never evaluated
  if ('text' in cell) return cellValue(cell.text); // hyperlink
  if (typeof cell.error === 'string') return cell.error; // #N/A, #REF! … shown as Excel shows them
  return null;
}

async function inflateText(buf: Buffer, entry: ZipEntry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of inflateEntry(buf, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(buf: Buffer, entry: ZipEntry): Promise<void> {
  for await (const _chunk of inflateEntry(buf, entry));
}

const MERGE_CELL = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"/g;
const MARK = Buffer.from('mergeCell');

/** The merged areas of one sheet's XML, read as it streams past (they follow the cell data). */
async function scanMerges(buf: Buffer, entry: ZipEntry): Promise<CellRange[]> {
  const found: CellRange[] = [];
  let tail = Buffer.alloc(0);
  for await (const chunk of inflateEntry(buf, entry)) {
    const bytes = tail.length ? Buffer.concat([tail, chunk as Buffer]) : (chunk as Buffer);
    const first = bytes.indexOf(MARK);
    let last = 0;
    if (first >= 0) {
      // The markup is ASCII; only the part from the first mention on is decoded.
      const from = Math.max(0, first - 16);
      for (const m of bytes.toString('latin1', from).matchAll(MERGE_CELL)) {
        const range = parseRange(m[1]);
        if (range) found.push(range);
        last = from + m.index! + m[0].length;
      }
    }
    tail = Buffer.from(bytes.subarray(Math.max(last, bytes.length - 200)));
  }
  return found;
}

/** Sheet name → its XML part, in tab order, from workbook.xml and its relationships. */
function sheetsOf(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const tag of relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const a = attributes(tag);
    if (a.Id && a.Target) targets.set(a.Id, partPath(a.Target));
  }
  const sheets = new Map<string, string>();
  for (const tag of workbookXml.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const a = attributes(tag);
    const target = targets.get(a['r:id'] ?? a.id ?? '');
    if (a.name && target) sheets.set(a.name, target);
  }
  return sheets;
}

function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = xmlText(m[2]);
  return out;
}

function xmlText(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] !== '#') return named[e.toLowerCase()];
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}
