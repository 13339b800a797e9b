// The centre of conversion: grids of cells (from any reader) → commitment records. Each sheet is
// read by core's openLedgerSheet, as the task pane reads it; this adds every sheet's verdict, each
// rejected row's place and reason, and the content keys. Pure: no I/O; `convertGridsAsync` only
// pauses between rows so a big file does not hold up the server.
import type { ReadPhase } from '../../core/plan';
import { createHash } from 'node:crypto';
import type { MappingChoice } from '../../core/ledgerColumns';
import { openLedgerSheet, type RowKind, type SheetGrid, type SheetRecord, type SheetWarning } from '../../core/ledgerSheet';
import { hasUnholdable, textRemovedMessage } from '../../core/text';
import { FIELD_LABELS, type RowField } from '../../core/validate';
import type { Category, CellValue, Deadline, LocalText, Status, SubjectType } from '../../core/types';

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
  /** 阶段计划 read from its column; null when blank or absent (a stored plan is then kept). */
  plan: ReadPhase[] | null;
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
    const sheet = openLedgerSheet(grid, params, params.choices?.[grid.name ?? '']);
    if ('skip' in sheet) {
      out.sheets.push({ name: grid.name, taken: false, ...sheet.skip, commitments: 0, rejected: 0, ignored: [] });
      continue;
    }
    const { layout } = sheet;
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
    let warned = 0;
    for (const reading of sheet.rows()) {
      const where = { sheet: grid.name, row: reading.row + 1, ...(grid.lines && { line: grid.lines[reading.row] }) };
      if (reading.kind !== 'data') summary.ignored.push({ row: where.row, kind: reading.kind });
      const named = new Set<number>(); // a cell shared by a wide form's records is named once
      for (const record of reading.records) takeRecord(record, grid.rows[reading.row], where, summary, out, occurrences, named);
      for (; warned < sheet.warnings.length; warned++) out.warnings.push(sheetWarning(sheet.warnings[warned], grid));
      if (consume) grid.rows[reading.row] = CONSUMED;
      yield;
    }
    for (; warned < sheet.warnings.length; warned++) out.warnings.push(sheetWarning(sheet.warnings[warned], grid));
    if (summary.commitments === 0 && summary.rejected === 0) {
      summary.taken = false;
      summary.code = 'sheet.no_rows';
      summary.reason = { zh: '表头下没有承诺记录', en: 'No commitment rows below the header' };
    }
  }
}

function sheetWarning(w: SheetWarning, grid: SheetGrid): ConversionWarning {
  return { code: w.code, sheet: grid.name, ...(w.row !== undefined && { row: w.row + 1, ...(grid.lines && { line: grid.lines[w.row] }) }), message: w.message };
}

/** One checked record: rejected with its reasons, or stored under its content key (with a warning for each cell whose unholdable text was removed). */
function takeRecord(
  record: SheetRecord,
  row: CellValue[],
  where: { sheet: string | null; row: number; line?: number },
  summary: SheetSummary,
  out: Conversion,
  occurrences: Map<string, number>,
  named: Set<number>,
): void {
  const { draft, errors } = record;
  if (!draft) {
    summary.rejected++;
    for (const e of errors) {
      const column = record.columns.get(e.field);
      out.rejected.push({ ...where, ...(column !== undefined && { column: columnLetter(column) }), field: e.field, code: e.code, message: e.message });
    }
    return;
  }
  summary.commitments++;
  for (const [field, column] of record.columns) {
    if (named.has(column) || !hasUnholdable(row[column])) continue;
    named.add(column);
    const label = FIELD_LABELS[field as RowField] ?? { zh: field, en: field };
    out.warnings.push({ code: 'text.removed', ...where, column: columnLetter(column), message: textRemovedMessage(label) });
  }
  // One literal, one shape: spread-built objects fall into dictionary mode and cost
  // several times the memory over 100,000 records.
  out.records.push({
    sheet: where.sheet,
    row: where.row,
    line: where.line,
    key: recordKey(occurrences, [draft.year, draft.orgName, draft.subjectType, draft.subjectName, draft.category, draft.content]),
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
    plan: draft.plan,
  });
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
