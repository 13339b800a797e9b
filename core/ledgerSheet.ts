// Reading one sheet of a ledger, the same way wherever it is read: the server's importer of
// uploaded files and the task pane's Check and Submit both call readLedgerSheet, so one ledger
// gives the same records in Excel and on upload. It finds the header (core's recogniseHeader),
// what the rows above it say (ledger year, organisation), which rows below it are not
// commitments (blank or numbering-only rows, 合计 rows, footer notes, signature lines), fills
// vertically merged cells down as the eye reads them, reads an organisation-only ledger as the
// organisation's own commitments, and checks each record with validateRow. Pure.
import { applyMappingChoice, recogniseHeader, type CellRange, type HeaderMapping, type HeaderRecognition, type LedgerField, type MappingChoice } from './ledgerColumns';
import { parseStatus } from './status';
import { cleanText } from './text';
import { validateRow } from './validate';
import type { Category, CellValue, CommitmentDraft, FieldError, LedgerRowInput, LocalText } from './types';

/** A sheet as a neutral grid of cell values: what every reader (xlsx, xls, csv, Excel) produces. */
export interface SheetGrid {
  /** The sheet's name; null for a CSV file, which has none. */
  name: string | null;
  /** rows[i] is the grid's row i (a sheet's row i + 1 when the grid starts at A1); blank rows may be empty arrays. */
  rows: CellValue[][];
  /** Merged areas, 0-based and inclusive in the same coordinates as `rows`. */
  merges: CellRange[];
  /** CSV only: the physical line each record starts on. */
  lines?: number[];
}

/** `B3:C5` (also with `$`) → 0-based area; null when the reference is not an area. */
export function parseRange(ref: string): CellRange | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  return { left: columnIndex(m[1]), top: Number(m[2]) - 1, right: columnIndex(m[3]), bottom: Number(m[4]) - 1 };
}

/** `A` → 0, `AA` → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface SheetLayout {
  /** 0-based index of the first data row. */
  dataStart: number;
  headerRow: number;
  headerRows: number;
  /** The columns as read: the recognised mapping with the clerk's corrections, if any. */
  mapping: HeaderMapping[];
  /** The columns as recognised, before any correction (the pane offers them to correct). */
  recognised: HeaderMapping[];
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

/**
 * Columns that alone do not make a row a commitment: numbering, a year or organisation filled
 * down or pre-filled (a new ledger sheet fills 承诺年度 in its prepared rows), drop-down choices
 * made ahead, notes, the server's id.
 */
const NOT_MEANINGFUL = new Set<LedgerField>(['seq', 'year', 'org', 'subjectType', 'category', 'status', 'remarks', 'id']);

export type SheetVerdict = { layout: SheetLayout } | { skip: { code: string; reason: LocalText } };

/** `choice`: the user's corrections to the recognised columns (the pane's mapping, a preview they changed). */
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
  const recognised = header.mapping;
  if (Object.keys(choice).length > 0) chooseColumns(header, choice, grid.rows[dataStart - 1] ?? []);
  if (contentIsCounts(grid.rows, dataStart, header.mapping)) return { skip: summarySkip() };
  const mapping = header.mapping;

  const above = grid.rows.slice(0, header.headerRow).map(rowText).filter((t) => t !== '');
  return {
    layout: {
      dataStart,
      headerRow: header.headerRow,
      headerRows: header.headerRows,
      mapping,
      recognised,
      unmapped: header.unmapped,
      confidence: header.confidence,
      titleYear: titleYear(above, grid.name),
      titleOrg: titleOrg(above),
      labels: mapping.map((m) => m.header.split(' / ').pop()!),
      contentColumns: mapping.filter((m) => m.field === 'content').map((m) => m.column),
      meaningfulColumns: mapping.filter((m) => !NOT_MEANINGFUL.has(m.field)).map((m) => m.column),
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

/**
 * Fills each vertically merged area below the header with its top cell, as the eye reads it.
 * The cells below the top read empty: null from a file, "" from Excel.
 */
export function fillDownMerges(grid: SheetGrid, dataStart: number): void {
  for (const m of grid.merges) {
    if (m.bottom <= m.top || m.top < dataStart) continue;
    const value = grid.rows[m.top]?.[m.left];
    if (cleanText(value) === null) continue;
    for (let r = m.top + 1; r <= m.bottom && r < grid.rows.length; r++) {
      const row = grid.rows[r];
      while (row.length <= m.left) row.push(null);
      if (cleanText(row[m.left]) === null) row[m.left] = value;
    }
  }
}

/** The cell that holds (row, column)'s value: the top-left cell of its merged area, else itself. */
export function holdingCell(merges: readonly CellRange[], row: number, column: number): { row: number; column: number } {
  const m = merges.find((a) => a.top <= row && row <= a.bottom && a.left <= column && column <= a.right);
  return m ? { row: m.top, column: m.left } : { row, column };
}

/** What the caller knows that the sheet may not say. */
export interface ReadParams {
  /** The ledger year of sheets whose title and columns name none. */
  ledgerYear?: number;
  /** The organisation of rows whose column, 填报单位 and title name none. */
  orgName?: string | null;
}

/** One commitment as the sheet states it, checked. */
export interface SheetRecord {
  /** 0-based index into the grid's rows. */
  row: number;
  input: LedgerRowInput;
  /** The grid column each field was read from (an organisation-only ledger's subject: its organisation column). */
  columns: Map<string, number>;
  /** Set for a wide form's record: the category its column stands for. */
  category?: Category;
  draft: CommitmentDraft | null;
  errors: FieldError[];
}

export interface SheetWarning {
  code: string;
  message: LocalText;
  /** 0-based grid row, for a row's warning. */
  row?: number;
}

export interface RowReading {
  /** 0-based index into the grid's rows. */
  row: number;
  kind: RowKind;
  /** A data row's commitments: one, or a wide form's one per filled category column. */
  records: SheetRecord[];
}

export type LedgerSheet =
  | { skip: { code: string; reason: LocalText } }
  | { layout: SheetLayout; warnings: SheetWarning[]; rows: () => Generator<RowReading> };

/**
 * Opens a sheet for reading: its layout, and its rows one at a time (the importer pauses between
 * them on big files). Merged cells are filled down in `grid` itself. `warnings` grows as rows are read.
 */
export function openLedgerSheet(grid: SheetGrid, params: ReadParams = {}, choice: MappingChoice = {}): LedgerSheet {
  const verdict = readLayout(grid, choice);
  if ('skip' in verdict) return verdict;
  const { layout } = verdict;
  fillDownMerges(grid, layout.dataStart);
  const warnings: SheetWarning[] = [];
  const hasSubject = layout.mapping.some((m) => m.field === 'subject');
  if (!hasSubject) {
    warnings.push({
      code: 'import.subject_is_org',
      message: {
        zh: '工作表没有“承诺主体/姓名”列，按党组织自身的承诺读取',
        en: "The sheet has no subject (承诺主体/姓名) column; its rows are read as the organisation's own commitments",
      },
    });
  }
  const columns = new Map(layout.mapping.filter((m) => !m.category).map((m) => [m.field as string, m.column]));
  // An organisation-only ledger: a problem with the subject is a problem with the organisation cell.
  if (!hasSubject && columns.has('org')) columns.set('subject', columns.get('org')!);
  const yearColumn = layout.mapping.find((m) => m.field === 'year' && !m.category)?.column;
  const ledgerYear = layout.titleYear ?? params.ledgerYear;
  let yearConflict = false;

  function* rows(): Generator<RowReading> {
    for (let r = layout.dataStart; r < grid.rows.length; r++) {
      const row = grid.rows[r];
      const kind = rowKind(row, layout);
      if (kind !== 'data') {
        yield { row: r, kind, records: [] };
        continue;
      }
      if (!yearConflict && layout.titleYear !== null && yearColumn !== undefined && cleanText(row[yearColumn]) !== null) {
        const written = Number((cleanText(row[yearColumn]) ?? '').replace(/\D/g, ''));
        if (written !== layout.titleYear) {
          yearConflict = true;
          warnings.push({
            code: 'import.year_conflict',
            row: r,
            message: {
              zh: `标题写明 ${layout.titleYear} 年，但承诺年度列为 ${written}；按标题的年度读取`,
              en: `The title says ${layout.titleYear} but the year column says ${written}; the title's year is used`,
            },
          });
        }
      }
      const records = rowInputs(row, layout, columns).map(({ input, columns: at, category }) => {
        if (layout.titleYear !== null) input.year = layout.titleYear;
        input.org = cleanText(input.org) ?? layout.titleOrg ?? params.orgName ?? null;
        if (!hasSubject) {
          input.subject = input.org;
          input.subjectType ??= 'organization';
        }
        const { draft, errors } = validateRow(input, { ledgerYear });
        return { row: r, input, columns: at, ...(category && { category }), draft, errors };
      });
      yield { row: r, kind, records };
    }
  }
  return { layout, warnings, rows };
}

export interface SheetReading {
  layout: SheetLayout;
  records: SheetRecord[];
  /** Rows below the header that are not commitments, 0-based. */
  ignored: { row: number; kind: RowKind }[];
  warnings: SheetWarning[];
}

/** The whole sheet read at once (the pane's Check); a skipped sheet says why. */
export function readLedgerSheet(grid: SheetGrid, params: ReadParams = {}, choice: MappingChoice = {}): SheetReading | { skip: { code: string; reason: LocalText } } {
  const sheet = openLedgerSheet(grid, params, choice);
  if ('skip' in sheet) return sheet;
  const records: SheetRecord[] = [];
  const ignored: SheetReading['ignored'] = [];
  for (const reading of sheet.rows()) {
    if (reading.kind === 'data') records.push(...reading.records);
    else ignored.push({ row: reading.row, kind: reading.kind });
  }
  return { layout: sheet.layout, records, ignored, warnings: sheet.warnings };
}

/**
 * The ledger row(s) one sheet row holds: one, or in a wide form one per filled category column;
 * each with its fields' columns, for messages that point at a cell.
 */
function rowInputs(row: CellValue[], layout: SheetLayout, columns: Map<string, number>): { input: LedgerRowInput; columns: Map<string, number>; category?: Category }[] {
  const shared: LedgerRowInput = {};
  const wide: HeaderMapping[] = [];
  for (const m of layout.mapping) {
    if (m.category) wide.push(m);
    else shared[m.field] = row[m.column];
  }
  if (wide.length === 0) return [{ input: shared, columns }];
  const filled = wide.filter((m) => cleanText(row[m.column]) !== null);
  // A member's row with no commitment in any category column is still a row to report.
  if (filled.length === 0) return [{ input: { ...shared, category: wide[0].category }, columns: new Map([...columns, ['content', wide[0].column]]) }];
  return filled.map((m) => ({
    input: { ...shared, category: m.category, content: row[m.column] },
    columns: new Map([...columns, ['content', m.column], ['category', m.column]]),
    category: m.category,
  }));
}
