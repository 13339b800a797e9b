// One titled table on its own sheet — the shape of every report sheet: a title row, a line saying
// whose figures and when, the header (frozen, repeated on every printed page), the rows, and a
// totals row of live formulas carrying their cached values.
import type ExcelJS from 'exceljs';
import { BODY, BORDER, BOLD, CENTER, FORMAT, HEADER_FILL, SUBTITLE_FONT, TITLE_FONT, TOP, WRAP } from './style';
import { a4, PAGE_FOOTER } from './print';
import { displayWidth, fitWidth, lineWidths } from './widths';
import { columnLetter, ratioFormulaFor, ratioValue } from './formulas';
import { forgetWrittenFormulae, zipCaughtUp } from './workbook';

export type Value = string | number | Date | null;

export interface Column {
  header: string;
  /** text: short text; long: wrapped text; int, rate: figures; date: a date or 长期. */
  kind: 'text' | 'long' | 'int' | 'rate' | 'date';
  /** int columns: sum them in the totals row. */
  total?: boolean;
  /** rate columns: SUM(num) ÷ SUM(den) of the columns at these indexes, as a live formula. */
  ratio?: { num: number[]; den: number[] };
  /** int columns: the row's own SUM over the columns from..to (indexes), as a live formula. */
  rowSum?: [from: number, to: number];
}

export interface TableSheet {
  name: string;
  title: string;
  subtitle: string;
  columns: Column[];
  /** Read more than once (widths, then cells): an array, or rowsOf for rows made as written. */
  rows: Iterable<readonly Value[]>;
  /** Said in place of the rows when there are none. */
  emptyText: string;
  /** Label of the totals row (in the first text column); no totals row when absent. */
  totalsLabel?: string;
}

const HEADER_ROW = 3;
const FIRST_DATA_ROW = HEADER_ROW + 1;

export async function addTableSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: TableSheet): Promise<number> {
  const widths = columnWidths(spec);
  const landscape = widths.reduce((a, b) => a + b, 0) > 95;
  const ws = wb.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: a4({ landscape, titleRows: [HEADER_ROW, HEADER_ROW] }),
    headerFooter: PAGE_FOOTER,
  });
  ws.columns = widths.map((width) => ({ width }));
  const last = spec.columns.length;

  const title = ws.addRow([spec.title]);
  title.height = 30;
  title.getCell(1).style = { font: TITLE_FONT, alignment: CENTER };
  ws.mergeCells(1, 1, 1, last);
  title.commit();
  const subtitle = ws.addRow([spec.subtitle]);
  subtitle.getCell(1).style = { font: SUBTITLE_FONT, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } };
  // A narrow table wraps the line under its title instead of cutting it off.
  subtitle.height = displayWidth(spec.subtitle) * 0.9 > widths.reduce((a, b) => a + b, 0) ? 28 : 15;
  ws.mergeCells(2, 1, 2, last);
  subtitle.commit();

  const header = ws.addRow(spec.columns.map((c) => c.header));
  const headerStyle = { font: BOLD, fill: HEADER_FILL, border: BORDER, alignment: CENTER };
  for (let i = 1; i <= last; i++) header.getCell(i).style = headerStyle;
  header.commit();

  if (spec.rows[Symbol.iterator]().next().done) {
    const none = ws.addRow([spec.emptyText]);
    none.getCell(1).style = { font: BODY, border: BORDER, alignment: CENTER };
    ws.mergeCells(FIRST_DATA_ROW, 1, FIRST_DATA_ROW, last);
    none.commit();
    ws.commit();
    return ws.id;
  }

  const styles = spec.columns.map(cellStyle);
  const cells = spec.columns.map(cellOf);
  // Summed as the rows go by, for the totals row: lazy rows are not made a third time.
  const sums: (number | null)[] = spec.columns.map((c) => (c.total ? 0 : null));
  let rowNumber = FIRST_DATA_ROW;
  for (const values of spec.rows) {
    for (let i = 0; i < sums.length; i++) if (sums[i] !== null) sums[i]! += (values[i] as number) ?? 0;
    const row = ws.addRow(cells.map((cell) => cell(values, rowNumber)));
    const lines = linesNeeded(spec.columns, widths, values);
    if (lines > 1) row.height = lines * LINE_HEIGHT + 3;
    for (let i = 1; i <= last; i++) row.getCell(i).style = styles[i - 1];
    row.commit();
    rowNumber += 1;
    if (rowNumber % 2000 === 0) {
      forgetWrittenFormulae(ws);
      await zipCaughtUp(ws);
    }
  }
  if (spec.totalsLabel) writeTotals(ws, spec, rowNumber - 1, sums);
  ws.commit();
  return ws.id;
}

function writeTotals(ws: ExcelJS.Worksheet, spec: TableSheet, lastDataRow: number, sums: (number | null)[]): void {
  const at = lastDataRow + 1;
  const labelAt = Math.max(0, spec.columns.findIndex((c) => c.kind === 'text' || c.kind === 'long'));
  const values = spec.columns.map((c, i) => {
    const col = columnLetter(i + 1);
    if (c.total) return { formula: `SUM(${col}${FIRST_DATA_ROW}:${col}${lastDataRow})`, result: sums[i]! };
    if (c.rowSum || c.ratio) return cellOf(c, i)(sums, at);
    return i === labelAt ? spec.totalsLabel! : null;
  });
  const row = ws.addRow(values);
  const styles = spec.columns.map((c) => ({ ...cellStyle(c), font: BOLD }));
  for (let i = 1; i <= values.length; i++) row.getCell(i).style = styles[i - 1];
  row.commit();
}

/**
 * Rows made from `items` each time they are read, none kept: the annual summary's 250,000 member
 * rows are otherwise all built (some 16 values each) before the first is written.
 */
export function rowsOf<T>(items: readonly T[], toRow: (item: T, index: number) => readonly Value[]): Iterable<readonly Value[]> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < items.length; i++) yield toRow(items[i], i);
    },
  };
}

/**
 * How a column's cell is made from a row's values: the value itself, or a live formula carrying
 * the value Excel would compute. Worked out once per column; only the row number varies.
 */
function cellOf(c: Column, i: number): (values: readonly Value[], rowNumber: number) => unknown {
  const ratio = c.ratio;
  if (ratio) {
    const formula = ratioFormulaFor(ratio);
    return (values, rowNumber) => ({ formula: formula(rowNumber), result: ratioValue(ratio, values) });
  }
  if (c.rowSum) {
    const [from, to] = c.rowSum.map((n) => columnLetter(n + 1));
    return (values, rowNumber) => ({ formula: `SUM(${from}${rowNumber}:${to}${rowNumber})`, result: values[i] as number });
  }
  return (values) => values[i] ?? null;
}

function cellStyle(c: Column): Partial<ExcelJS.Style> {
  const base = { font: BODY, border: BORDER };
  switch (c.kind) {
    case 'int':
      return { ...base, alignment: { ...TOP, horizontal: 'right' }, numFmt: FORMAT.int };
    case 'rate':
      return { ...base, alignment: { ...TOP, horizontal: 'right' }, numFmt: FORMAT.rate };
    case 'date':
      return { ...base, alignment: { ...TOP, horizontal: 'center' }, numFmt: FORMAT.date };
    default:
      return { ...base, alignment: WRAP };
  }
}

// Row heights are written, not left to the reader: neither Excel nor LibreOffice refits a
// streamed row to its wrapped text when the file is opened.
const LINE_HEIGHT = 14.5;

function linesNeeded(columns: Column[], widths: number[], values: readonly Value[]): number {
  let lines = 1;
  for (let i = 0; i < columns.length; i++) {
    const v = values[i];
    const kind = columns[i].kind;
    if ((kind === 'text' || kind === 'long') && typeof v === 'string' && v.length > 0) {
      lines = Math.max(lines, wrappedLines(v, widths[i] - 1));
    }
  }
  return lines;
}

export function wrappedLines(text: string, width: number): number {
  return lineWidths(text).reduce((n, w) => n + Math.max(1, Math.ceil(w / Math.max(1, width))), 0);
}

const LIMITS: Record<Column['kind'], [number, number]> = {
  text: [6, 28],
  long: [12, 52],
  int: [6, 12],
  rate: [8, 10],
  date: [12, 12],
};

function columnWidths(spec: TableSheet): number[] {
  return spec.columns.map((c, i) => {
    const [min, max] = LIMITS[c.kind];
    const headerWidth = Math.min(displayWidth(c.header) + 2, Math.max(max, 12));
    const texts = (function* () {
      if (c.kind !== 'text' && c.kind !== 'long') return;
      for (const r of spec.rows) if (typeof r[i] === 'string') yield r[i] as string;
    })();
    return Math.max(headerWidth, fitWidth(texts, min, max));
  });
}

/**
 * A sheet with only the title lines, for what is drawn rather than tabled (the trend chart);
 * `draw` puts the drawing on it before it is committed.
 */
export function addTitleSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: { name: string; title: string; subtitle: string; note?: string }, draw?: (ws: ExcelJS.Worksheet) => void): number {
  const ws = wb.addWorksheet(spec.name, { pageSetup: a4({ landscape: true }), headerFooter: PAGE_FOOTER });
  ws.columns = Array.from({ length: 12 }, () => ({ width: 10 }));
  const title = ws.addRow([spec.title]);
  title.height = 30;
  title.getCell(1).style = { font: TITLE_FONT, alignment: CENTER };
  ws.mergeCells(1, 1, 1, 12);
  title.commit();
  const subtitle = ws.addRow([spec.subtitle]);
  subtitle.getCell(1).style = { font: SUBTITLE_FONT };
  ws.mergeCells(2, 1, 2, 12);
  subtitle.commit();
  if (spec.note) {
    const note = ws.addRow([spec.note]);
    note.getCell(1).style = { font: BODY };
    note.commit();
  }
  draw?.(ws);
  ws.commit();
  return ws.id;
}
