// How one sheet of an old ledger is laid out: where its header is and what the columns hold
// (core's recogniseHeader), what the rows above it say (ledger year, organisation), and which
// rows below it are not commitments (blank rows, 合计 rows, footer notes, signature lines).
import { applyMappingChoice, recogniseHeader, type HeaderMapping, type HeaderRecognition, type MappingChoice } from '../../core/ledgerColumns';
import { parseStatus } from '../../core/status';
import { cleanText } from '../../core/text';
import type { CellValue, LocalText } from '../../core/types';
import type { SheetGrid } from './grid';

export interface SheetLayout {
  /** 0-based index of the first data row. */
  dataStart: number;
  headerRow: number;
  headerRows: number;
  mapping: HeaderMapping[];
  unmapped: { column: number; header: string }[];
  confidence: number;
  /** Ledger year stated by the title rows (or the sheet's name). */
  titleYear: number | null;
  /** Organisation stated by 填报单位 or the title. */
  titleOrg: string | null;
  /** Each mapped column's own label (the lower cell of a two-row header), as `mapping`. */
  labels: string[];
  /** Columns holding contents (one, or a wide form's category columns). */
  contentColumns: number[];
  /** Columns whose being filled makes a row more than numbering or filled-down cells. */
  meaningfulColumns: number[];
}

const NOT_MEANINGFUL = new Set(['seq', 'year', 'org', 'remarks', 'id']);

export type SheetVerdict = { layout: SheetLayout } | { skip: { code: string; reason: LocalText } };

/** `choice`: the user's corrections to the recognised columns (from a preview they changed). */
export function readLayout(grid: SheetGrid, choice: MappingChoice = {}): SheetVerdict {
  if (!grid.rows.some((row) => row.some((c) => cleanText(c) !== null))) {
    return { skip: { code: 'sheet.empty', reason: { zh: '空白工作表', en: 'Empty sheet' } } };
  }
  const header = recogniseHeader(grid.rows, { merges: grid.merges });
  if (header.headerRow === null) {
    return looksLikeSummary(grid.rows)
      ? { skip: summarySkip() }
      : {
          skip: {
            code: 'sheet.no_header',
            reason: {
              zh: '未找到台账表头（需要“承诺内容”或“承诺事项”等列），已跳过',
              en: 'No ledger header found (a 承诺内容 / 承诺事项 column is needed); skipped',
            },
          },
        };
  }
  const dataStart = header.headerRow + header.headerRows;
  statusByValues(grid.rows, dataStart, header);
  if (Object.keys(choice).length > 0) chooseColumns(header, choice, grid.rows[dataStart - 1] ?? []);
  if (contentIsCounts(grid.rows, dataStart, header.mapping)) return { skip: summarySkip() };

  const above = grid.rows.slice(0, header.headerRow).map(rowText).filter((t) => t !== '');
  return {
    layout: {
      dataStart,
      headerRow: header.headerRow,
      headerRows: header.headerRows,
      mapping: header.mapping,
      unmapped: header.unmapped,
      confidence: header.confidence,
      titleYear: titleYear(above, grid.name),
      titleOrg: titleOrg(above),
      labels: header.mapping.map((m) => m.header.split(' / ').pop()!),
      contentColumns: header.mapping.filter((m) => m.field === 'content').map((m) => m.column),
      meaningfulColumns: header.mapping.filter((m) => !NOT_MEANINGFUL.has(m.field)).map((m) => m.column),
    },
  };
}

/** The user's corrections applied; a column set aside joins the unmapped ones. */
function chooseColumns(header: HeaderRecognition, choice: MappingChoice, headerCells: readonly CellValue[]): void {
  const before = header.mapping;
  header.mapping = applyMappingChoice(header, choice, headerCells);
  const mapped = new Set(header.mapping.map((m) => m.column));
  const dropped = before.filter((m) => !mapped.has(m.column)).map((m) => ({ column: m.column, header: m.header }));
  header.unmapped = [...header.unmapped.filter((u) => !mapped.has(u.column)), ...dropped].sort((a, b) => a.column - b.column);
}

const summarySkip = () => ({
  code: 'sheet.summary',
  reason: {
    zh: '汇总表（只有统计数或合计行，没有承诺内容），已跳过',
    en: 'Summary sheet (counts or totals, no commitment contents); skipped',
  },
});

function rowText(row: CellValue[]): string {
  return row.map((c) => cleanText(c) ?? '').filter((t) => t !== '').join(' ');
}

const TOTAL = /^(合计|小计|总计|共计|汇总)/;

function looksLikeSummary(rows: CellValue[][]): boolean {
  let numbers = 0;
  let texts = 0;
  for (const row of rows) {
    if (TOTAL.test(cleanText(row[0]) ?? '') || TOTAL.test(cleanText(row.find((c) => cleanText(c) !== null)) ?? '')) return true;
    for (const c of row) {
      if (typeof c === 'number') numbers++;
      else if (cleanText(c) !== null) texts++;
    }
  }
  return numbers > texts;
}

/** A table of counts under ledger-like headers (共性承诺 | 岗位承诺 … as numbers) is a summary. */
function contentIsCounts(rows: CellValue[][], dataStart: number, mapping: HeaderMapping[]): boolean {
  const columns = mapping.filter((m) => m.field === 'content').map((m) => m.column);
  let numbers = 0;
  let texts = 0;
  for (let r = dataStart; r < rows.length; r++) {
    for (const c of columns) {
      const v = rows[r][c];
      if (typeof v === 'number' || (typeof v === 'string' && /^\s*\d+(\.\d+)?%?\s*$/.test(v))) numbers++;
      else if (cleanText(v) !== null) texts++;
    }
  }
  return numbers > 0 && numbers >= texts;
}

/**
 * A ledger without a status column may keep its statuses under another name (落实情况, or a
 * header we do not know): a progress or unplaced column whose cells are status words is read
 * as the status, less surely.
 */
function statusByValues(rows: CellValue[][], dataStart: number, header: HeaderRecognition): void {
  if (header.mapping.some((m) => m.field === 'status')) return;
  const candidates = [
    ...header.mapping.filter((m) => m.field === 'progress').map((m) => ({ column: m.column, header: m.header })),
    ...header.unmapped,
  ];
  for (const candidate of candidates) {
    let filled = 0;
    let statuses = 0;
    for (let r = dataStart; r < Math.min(rows.length, dataStart + 200); r++) {
      const v = rows[r]?.[candidate.column];
      if (cleanText(v) === null) continue;
      filled++;
      if (parseStatus(v) !== null) statuses++;
    }
    if (filled >= 3 && statuses >= filled * 0.8) {
      header.mapping = [
        ...header.mapping.filter((m) => m.column !== candidate.column),
        { column: candidate.column, field: 'status' as const, header: candidate.header, confidence: 0.7 },
      ].sort((a, b) => a.column - b.column);
      header.unmapped = header.unmapped.filter((u) => u.column !== candidate.column);
      return;
    }
  }
}

const YEAR = /((?:19|20)\d{2})\s*年/;

/** The year a title names (…2011年党员公开承诺台账), else the sheet's name; 填报日期 is no ledger year. */
function titleYear(above: string[], sheetName: string | null): number | null {
  for (const text of [...above.map((t) => t.replace(/填报(日期|时间)[:：]?.*$/, '')), sheetName ?? '']) {
    const m = YEAR.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}

const ORG_NAME = /^(.+?(?:党委|党总支|党支部|总支|支部|党组|委员会))/;

/** 填报单位：胡川学区党支部, else the organisation a title names (…党支部2011年…, …台账（…党支部）). */
function titleOrg(above: string[]): string | null {
  for (const text of above) {
    const m = /(?:填报单位|单位名称|党组织名称|所在党组织|党组织|单位)\s*[:：]\s*([^\s:：（(]+)/.exec(text);
    if (m) return m[1];
  }
  for (const text of above) {
    const segments = text
      .replace(/(?:19|20)\d{2}\s*年度?/g, ' ')
      .split(/[\s（）()【】\[\]《》“”"·:：,，、]+/);
    for (const segment of segments) {
      const m = ORG_NAME.exec(segment);
      if (m) return m[1];
    }
  }
  return null;
}

export type RowKind = 'data' | 'blank' | 'total' | 'footer' | 'signature' | 'header';

const FOOTER = /^(注|说明|备注|附)\s*(\d|[:：、.．])/;
const SIGNATURE = /签名|签字|签章|盖章|审核人|填表人|制表人|填报人|审批人/;

/** What a row below the header is; only `data` rows can become commitments. */
export function rowKind(row: CellValue[], layout: SheetLayout): RowKind {
  // Cheap checks first: a data row usually settles on its first filled cell and its content.
  const firstAt = row.findIndex((cell) => cleanText(cell) !== null);
  if (firstAt < 0) return 'blank';
  const first = cleanText(row[firstAt])!;
  if (TOTAL.test(first.replace(/\s+/g, ''))) return 'total';
  const noContent = layout.contentColumns.every((c) => cleanText(row[c]) === null);
  const lone = () => row.every((cell, i) => i === firstAt || cleanText(cell) === null);
  if (FOOTER.test(first) && (noContent || lone())) return 'footer';
  if (noContent && row.some((cell) => SIGNATURE.test(cleanText(cell) ?? ''))) return 'signature';
  if (repeatsHeader(row, layout)) return 'header'; // printed again, as long tables are
  // Only numbering, or only cells filled down from a merge (an organisation spanning blank rows).
  if (layout.meaningfulColumns.every((c) => cleanText(row[c]) === null)) return 'blank';
  return 'data';
}

function repeatsHeader(row: CellValue[], layout: SheetLayout): boolean {
  let repeated = false;
  for (let i = 0; i < layout.mapping.length; i++) {
    const text = cleanText(row[layout.mapping[i].column]);
    if (text === null) continue;
    if (text !== layout.labels[i]) return false;
    repeated = true;
  }
  return repeated;
}

/** Fills each vertically merged area below the header with its top cell, as the eye reads it. */
export function fillDownMerges(grid: SheetGrid, dataStart: number): void {
  for (const m of grid.merges) {
    if (m.bottom <= m.top || m.top < dataStart) continue;
    const value = grid.rows[m.top]?.[m.left];
    if (value == null) continue;
    for (let r = m.top + 1; r <= m.bottom && r < grid.rows.length; r++) {
      const row = grid.rows[r];
      while (row.length <= m.left) row.push(null);
      if (row[m.left] == null) row[m.left] = value;
    }
  }
}
