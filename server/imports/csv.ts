// .csv → one grid. Ledgers saved as CSV come in UTF-8 (with or without BOM), in GBK/GB18030 from
// Chinese Excel, or as UTF-16 "Unicode text". Strict UTF-8 first, then GB18030; when the decoded
// text still looks like mojibake we refuse rather than import garbage. Cells stay text as written:
// nothing is a formula, whatever it starts with.
import iconv from 'iconv-lite';
import type { CellValue } from '../../core/types';
import type { SheetGrid } from './grid';
import { unreadable } from './unreadable';

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface CsvText {
  text: string;
  encoding: CsvEncoding;
}

/** The file's text and the encoding it was read in; throws `import.encoding_uncertain`. */
export function decodeCsv(buf: Buffer): CsvText {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return checked(strictUtf8(buf.subarray(3)), 'utf-8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return checked(iconv.decode(buf.subarray(2), 'utf-16le'), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return checked(iconv.decode(buf.subarray(2), 'utf-16be'), 'utf-16be');
  const utf8 = strictUtf8(buf);
  if (utf8 !== null) return checked(utf8, 'utf-8');
  return checked(iconv.decode(buf, 'gb18030'), 'gb18030');
}

function strictUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

// What a Chinese ledger is written with besides ASCII: CJK ideographs and punctuation, full-width
// forms, general punctuation, ①②, Ⅰ Ⅱ, box drawing and a few Latin-1 signs (· × ÷ °). Anything
// else in quantity means the bytes were read in the wrong encoding.
const UNEXPECTED = /[^\x00-\x7e\u00a0\u00b0\u00b7\u00d7\u00f7\u2000-\u206f\u2160-\u217f\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/gu;
/** Replacement characters, private-use code points, control characters other than tab and line ends. */
const BROKEN = /[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/u;

function checked(text: string | null, encoding: CsvEncoding): CsvText {
  if (text === null || BROKEN.test(text)) throw uncertain();
  const nonAscii = text.length - text.replace(/[^\x00-\x7f]/g, '').length;
  let unexpected = 0;
  for (const _ of text.matchAll(UNEXPECTED)) {
    if (++unexpected > Math.max(2, nonAscii * 0.01)) throw uncertain();
  }
  return { text, encoding };
}

export const uncertain = () =>
  unreadable('import.encoding_uncertain', {
    zh: '无法确定 CSV 文件的编码（不是有效的 UTF-8，按 GBK/GB18030 读出的也像乱码）。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入',
    en: 'The CSV file\'s encoding cannot be determined (not valid UTF-8, and read as GBK/GB18030 it looks garbled). Save it from Excel as "CSV UTF-8 (comma delimited)" and try again',
  });

/** RFC 4180 records of the text: quoted cells may hold delimiters, doubled quotes and line breaks. */
export function* csvRecords(text: string, delimiter = detectDelimiter(text)): Generator<{ cells: CellValue[]; line: number }> {
  let line = 1;
  let start = 1;
  let cells: CellValue[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    cells.push(cell === '' && !wasQuoted ? null : cell);
    cell = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = wasQuoted = true;
    } else if (ch === delimiter) {
      endCell();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endCell();
      yield { cells: blankRecord(cells) ? [] : cells, line: start };
      cells = [];
      line++;
      start = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || wasQuoted || cells.length > 0) {
    endCell();
    yield { cells: blankRecord(cells) ? [] : cells, line: start };
  }
}

function blankRecord(cells: CellValue[]): boolean {
  return cells.every((c) => c === null);
}

/** Comma unless the first line has more tabs or semicolons (Excel's "Unicode text" uses tabs). */
function detectDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r|\n|$/));
  const count = (d: string) => first.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** The file as a grid; yields to the event loop now and then so other requests keep being served. */
export async function readCsv(buf: Buffer): Promise<SheetGrid & { encoding: CsvEncoding }> {
  const { text, encoding } = decodeCsv(buf);
  const rows: CellValue[][] = [];
  const lines: number[] = [];
  for (const record of csvRecords(text)) {
    rows.push(record.cells);
    lines.push(record.line);
    if (rows.length % 5000 === 0) await new Promise((ok) => setImmediate(ok));
  }
  return { name: null, rows, merges: [], lines, encoding };
}
