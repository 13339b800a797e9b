// The centre of conversion: grids of cells (from any reader) → commitment records, each row
// checked by core's validateRow, with every sheet's verdict and every rejected row's place and
// reason. Pure: no I/O; `convertGridsAsync` only pauses between rows so a big file does not hold
// up the server.
import { createHash } from 'node:crypto';
import type { HeaderMapping, MappingChoice } from '../../core/ledgerColumns';
import { cleanText, hasUnholdable, textRemovedMessage } from '../../core/text';
import { FIELD_LABELS, validateRow, type RowField } from '../../core/validate';
import type { Category, CellValue, Deadline, LedgerRowInput, LocalText, Status, SubjectType } from '../../core/types';
import type { SheetGrid } from './grid';
import { fillDownMerges, readLayout, rowKind, type RowKind, type SheetLayout } from './layout';

export interface ConvertParams {
  /** The request's ledger year: for sheets whose title and columns name none. */
  ledgerYear?: number;
  /** The request's organisation: for rows whose column, 填报单位 and title name none. */
  orgName?: string | null;
  /** The user's corrections to the recognised columns, by sheet name (a CSV's sheet is ''). */
  choices?: Record<string, MappingChoice>;
}

/** One commitment as the ledger states it (DESIGN §4 fields), with where it came from. */
export interface ImportRecord {
  sheet: string | null;
  row: number;
  line?: number;
  /** Derived from the content, so the same ledger imported twice names the same records. */
  key: string;
  year: number;
  org: string | null;
  subjectType: SubjectType;
  subject: string;
  category: Category;
  content: string;
  measures: string | null;
  expected: string | null;
  responsible: string | null;
  deadline: Deadline;
  /** As written; a legacy row without one stood in a public ledger: `published`. */
  status: Status;
  progress: string | null;
  remarks: string | null;
  /** 单位及职务, when the ledger has the column: tells two members of one name apart. */
  unitPost: string | null;
  /** 完成时间/销号日期 of a finished item, when the ledger states it. */
  completedOn: string | null;
}

export interface Rejection {
  sheet: string | null;
  /** The row as Excel shows it (CSV: the record number, header = 1). */
  row: number;
  line?: number;
  /** Column letter. */
  column?: string;
  field?: string;
  code: string;
  message: LocalText;
}

export interface ColumnMapping {
  column: string;
  header: string;
  field: string;
  category?: Category;
  confidence: number;
}

export interface SheetSummary {
  name: string | null;
  taken: boolean;
  code?: string;
  reason?: LocalText;
  /** The header's first row as Excel shows it. */
  headerRow?: number;
  headerRows?: number;
  confidence?: number;
  columns?: ColumnMapping[];
  unmapped?: { column: string; header: string }[];
  year?: number | null;
  org?: string | null;
  commitments: number;
  rejected: number;
  /** Rows below the header that are not commitments: blank, totals, notes, signatures. */
  ignored: { row: number; kind: RowKind }[];
}

export interface ConversionWarning {
  code: string;
  message: LocalText;
  sheet?: string | null;
  row?: number;
  /** text.removed: the cell's column letter. */
  column?: string;
  /** import.unknown_org: the name, and the nearest organisation the user's scope has. */
  org?: string;
  closest?: string | null;
}

export interface Conversion {
  sheets: SheetSummary[];
  records: ImportRecord[];
  rejected: Rejection[];
  warnings: ConversionWarning[];
}

export function convertGrids(grids: SheetGrid[], params: ConvertParams = {}): Conversion {
  const out = emptyConversion();
  for (const _row of conversionSteps(grids, params, out));
  return out;
}

/**
 * The same as convertGrids, pausing every few milliseconds to let other requests run, and
 * letting go of each row once converted (the grids are used up: a big file's cells need not
 * stay in memory beside its records).
 */
export async function convertGridsAsync(grids: SheetGrid[], params: ConvertParams = {}): Promise<Conversion> {
  const out = emptyConversion();
  let n = 0;
  let since = performance.now();
  for (const _row of conversionSteps(grids, params, out, true)) {
    if (++n % 64 === 0 && performance.now() - since > SLICE_MS) {
      await new Promise((ok) => setImmediate(ok));
      since = performance.now();
    }
  }
  return out;
}

const CONSUMED: CellValue[] = [];

/** Longest the converter runs before letting other requests in. */
const SLICE_MS = 20;

function emptyConversion(): Conversion {
  return { sheets: [], records: [], rejected: [], warnings: [] };
}

/** Converts sheet after sheet into `out`, yielding after every row. */
function* conversionSteps(grids: SheetGrid[], params: ConvertParams, out: Conversion, consume = false): Generator<void> {
  const occurrences = new Map<string, number>();
  for (const grid of grids) {
    const verdict = readLayout(grid, params.choices?.[grid.name ?? '']);
    if ('skip' in verdict) {
      out.sheets.push({ name: grid.name, taken: false, ...verdict.skip, commitments: 0, rejected: 0, ignored: [] });
      continue;
    }
    const { layout } = verdict;
    const summary: SheetSummary = {
      name: grid.name,
      taken: true,
      headerRow: layout.headerRow + 1,
      headerRows: layout.headerRows,
      confidence: layout.confidence,
      columns: layout.mapping.map((m) => ({
        column: columnLetter(m.column),
        header: m.header,
        field: m.field,
        ...(m.category && { category: m.category }),
        confidence: m.confidence,
      })),
      unmapped: layout.unmapped.map((u) => ({ column: columnLetter(u.column), header: u.header })),
      year: layout.titleYear ?? params.ledgerYear ?? null,
      org: layout.titleOrg ?? params.orgName ?? null,
      commitments: 0,
      rejected: 0,
      ignored: [],
    };
    out.sheets.push(summary);
    fillDownMerges(grid, layout.dataStart);
    const sheet: SheetWork = {
      grid,
      layout,
      summary,
      params,
      out,
      occurrences,
      columns: fieldColumns(layout),
      yearColumn: layout.mapping.find((m) => m.field === 'year'),
      yearConflict: false,
      hasSubject: layout.mapping.some((m) => m.field === 'subject'),
    };
    if (!sheet.hasSubject) {
      out.warnings.push({
        code: 'import.subject_is_org',
        sheet: grid.name,
        message: {
          zh: '工作表没有“承诺主体/姓名”列，按党组织自身的承诺导入',
          en: 'The sheet has no subject (承诺主体/姓名) column; its rows are read as the organisation\'s own commitments',
        },
      });
    }
    for (let r = layout.dataStart; r < grid.rows.length; r++) {
      convertRow(sheet, r);
      if (consume) grid.rows[r] = CONSUMED;
      yield;
    }
    if (summary.commitments === 0 && summary.rejected === 0) {
      summary.taken = false;
      summary.code = 'sheet.no_rows';
      summary.reason = { zh: '表头下没有承诺记录', en: 'No commitment rows below the header' };
    }
  }
}

interface SheetWork {
  grid: SheetGrid;
  layout: SheetLayout;
  summary: SheetSummary;
  params: ConvertParams;
  out: Conversion;
  /** How often each content identity has been seen in this file (by its digest). */
  occurrences: Map<string, number>;
  columns: Map<string, number>;
  yearColumn: HeaderMapping | undefined;
  yearConflict: boolean;
  hasSubject: boolean;
}

/** One row below the header: ignored, rejected with its reasons, or its record(s). */
function convertRow(sheet: SheetWork, r: number): void {
  const { grid, layout, summary, params, out } = sheet;
  const row = grid.rows[r];
  const where = { sheet: grid.name, row: r + 1, ...(grid.lines && { line: grid.lines[r] }) };
  const kind = rowKind(row, layout);
  if (kind !== 'data') {
    summary.ignored.push({ row: where.row, kind });
    return;
  }
  if (!sheet.yearConflict && layout.titleYear !== null && sheet.yearColumn && cleanText(row[sheet.yearColumn.column]) !== null) {
    const written = Number((cleanText(row[sheet.yearColumn.column]) ?? '').replace(/\D/g, ''));
    if (written !== layout.titleYear) {
      sheet.yearConflict = true;
      out.warnings.push({
        code: 'import.year_conflict',
        ...where,
        message: {
          zh: `标题写明 ${layout.titleYear} 年，但承诺年度列为 ${written}；按标题的年度导入`,
          en: `The title says ${layout.titleYear} but the year column says ${written}; the title's year is used`,
        },
      });
    }
  }
  const warned = new Set<number>(); // a cell shared by a wide form's records is named once
  for (const { input, columns } of rowInputs(row, layout, sheet.columns)) {
    if (layout.titleYear !== null) input.year = layout.titleYear;
    input.org = cleanText(input.org) ?? layout.titleOrg ?? params.orgName ?? null;
    if (!sheet.hasSubject) {
      // No 承诺主体 column: the ledger is the organisation's own (a 党组织承诺 list).
      input.subject = input.org;
      input.subjectType ??= 'organization';
    }
    const { draft, errors } = validateRow(input, { ledgerYear: layout.titleYear ?? params.ledgerYear });
    if (!draft) {
      summary.rejected++;
      for (const e of errors) {
        const column = columns.get(e.field);
        out.rejected.push({ ...where, ...(column !== undefined && { column: columnLetter(column) }), field: e.field, code: e.code, message: e.message });
      }
      continue;
    }
    summary.commitments++;
    for (const [field, column] of columns) {
      if (warned.has(column) || !hasUnholdable(row[column])) continue;
      warned.add(column);
      const label = FIELD_LABELS[field as RowField] ?? { zh: field, en: field };
      out.warnings.push({ code: 'text.removed', ...where, column: columnLetter(column), message: textRemovedMessage(label) });
    }
    // One literal, one shape: spread-built objects fall into dictionary mode and cost
    // several times the memory over 100,000 records.
    out.records.push({
      sheet: grid.name,
      row: r + 1,
      line: grid.lines?.[r],
      key: recordKey(sheet.occurrences, [draft.year, draft.orgName, draft.subjectType, draft.subjectName, draft.category, draft.content]),
      year: draft.year,
      org: draft.orgName,
      subjectType: draft.subjectType,
      subject: draft.subjectName,
      category: draft.category,
      content: draft.content,
      measures: draft.measures,
      expected: draft.expected,
      responsible: draft.responsible,
      deadline: draft.deadline,
      status: draft.status ?? 'published',
      progress: draft.progress,
      remarks: draft.remarks,
      unitPost: draft.unitPost,
      completedOn: draft.completedOn,
    });
  }
}

/** The content's key; a second identical row in the same file gets a key of its own. */
function recordKey(occurrences: Map<string, number>, identity: unknown[]): string {
  const digest = sha256(JSON.stringify(identity));
  const seen = occurrences.get(digest) ?? 0;
  occurrences.set(digest, seen + 1);
  return `import:${seen === 0 ? digest.slice(0, 40) : sha256(`${digest}#${seen}`).slice(0, 40)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The ledger row(s) one sheet row holds: one, or in a wide form one per filled category column;
 * each with its fields' columns, for rejection messages.
 */
function rowInputs(row: CellValue[], layout: SheetLayout, columns: Map<string, number>): { input: LedgerRowInput; columns: Map<string, number> }[] {
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
  }));
}

/** Field → column of a layout's plain (not wide-form) columns, for rejection messages. */
function fieldColumns(layout: SheetLayout): Map<string, number> {
  return new Map(layout.mapping.filter((m) => !m.category).map((m) => [m.field, m.column]));
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
