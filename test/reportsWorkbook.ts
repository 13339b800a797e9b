// Reading report workbooks back for tests: every table sheet has its title on row 1, the scope
// line on row 2, the header on row 3 and data from row 4; formula cells read as their cached value.
import ExcelJS from 'exceljs';

export type Plain = string | number | null;

export async function readBook(buffer: Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as ArrayBuffer);
  return wb;
}

export function plain(v: ExcelJS.CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    // exceljs's reader drops a cached result of 0 (the file holds <v>0</v>); anything else reads back.
    if ('formula' in v) return v.result === undefined ? 0 : plain(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    return null;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

export interface Table {
  header: string[];
  /** Data rows, without a totals row. */
  rows: Plain[][];
  /** The totals row when the last row is labelled 合计 / 全年. */
  totals: Plain[] | null;
  /** Row number of the totals row in the sheet. */
  totalsRow: number | null;
}

export function table(wb: ExcelJS.Workbook, name: string): Table {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const width = ws.getRow(3).cellCount;
  const header = Array.from({ length: width }, (_, i) => String(plain(ws.getRow(3).getCell(i + 1).value) ?? ''));
  const rows: Plain[][] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    rows.push(Array.from({ length: width }, (_, i) => plain(ws.getRow(r).getCell(i + 1).value)));
  }
  const last = rows[rows.length - 1];
  const isTotals = !!last && last.some((v) => v === '合计' || v === '全年');
  return { header, rows: isTotals ? rows.slice(0, -1) : rows, totals: isTotals ? last : null, totalsRow: isTotals ? ws.rowCount : null };
}

/** The data rows as objects keyed by header. */
export function records(t: Table): Record<string, Plain>[] {
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
}

/** Every cell of every sheet as text, the cover's 生成时间 line left out: for "same data, same cells". */
export function allCells(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (ws.name === '封面' && plain(row.getCell(1).value) === '生成时间') return;
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const formula = typeof cell.value === 'object' && cell.value && 'formula' in cell.value ? `=${cell.value.formula}` : '';
        out.push(`${ws.name}!${n}:${c}=${JSON.stringify(plain(cell.value))}${formula}`);
      });
    });
  });
  return out;
}

/** A report as the API answers it (`/reports/<kind>?org=&period=`), read back; throws unless 200. */
export async function fetchBook(baseUrl: string, token: string, path: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.toString().slice(0, 300)}`);
  return readBook(body);
}

/** The cover's value for a label (column A), or null. */
export function coverValue(wb: ExcelJS.Workbook, label: string): Plain {
  let found: Plain = null;
  wb.getWorksheet('封面')?.eachRow((row) => {
    if (plain(row.getCell(1).value) === label) found = plain(row.getCell(2).value);
  });
  return found;
}

/** The wall notice's commitment rows: under each organisation's 序号 header, up to its 落款. */
export function noticeItems(wb: ExcelJS.Workbook): Plain[][] {
  const ws = wb.getWorksheet('公示表');
  if (!ws) throw new Error('no sheet 公示表');
  const rows: Plain[][] = [];
  let inTable = false;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = plain(row.getCell(1).value);
    if (first === '序号') inTable = true;
    else if (inTable && typeof first === 'number') rows.push(Array.from({ length: 7 }, (_, i) => plain(row.getCell(i + 1).value)));
    else inTable = false;
  }
  return rows;
}
