// Check: core's readLedgerSheet over one sheet snapshot — the same reading the server's importer
// makes of an uploaded file — turned into problems for the pane and marks for the cells. Pure;
// the Excel side only reads and paints.
import type { HeaderMapping, MappingChoice } from '../../../core/ledgerColumns';
import { commitmentHints, type HintCode } from '../../../core/hints';
import { holdingCell, readLedgerSheet, type SheetLayout, type SheetRecord } from '../../../core/ledgerSheet';
import type { LocalText } from '../../../core/types';
import { cellAddress, type SheetSnapshot } from './sheet';

export type { MappingChoice };

export interface CheckedRecord extends SheetRecord {
  /** 1-based row number as Excel shows it. */
  sheetRow: number;
}

export interface Problem {
  sheetRow: number;
  /** The cell at fault (inside a merge: the merge's top-left cell); null when its field has no column on the sheet. */
  address: string | null;
  field: string;
  header: string | null;
  code: string;
  message: LocalText;
}

/** A quality hint (四化三可) on a valid record: for the clerk to consider, never an error. */
export interface HintNote {
  sheetRow: number;
  /** The 承诺内容 cell. */
  address: string | null;
  code: HintCode;
  message: LocalText;
}

export interface CheckResult {
  /** Why the sheet holds no ledger (empty, no header, a summary sheet); null when it does. */
  skip: { code: string; reason: LocalText } | null;
  /** Null when skipped. */
  layout: SheetLayout | null;
  mapping: HeaderMapping[];
  /** 0-based index into the snapshot's rows where data starts. */
  dataStart: number;
  ledgerYear: number;
  records: CheckedRecord[];
  problems: Problem[];
  hints: HintNote[];
}

export interface CheckOptions {
  /** The clerk's mapping corrections by sheet id: a correction for one sheet never moves to another. */
  choices?: Readonly<Record<string, MappingChoice>>;
  /** The year the clerk typed: for a sheet whose title and columns name none. */
  ledgerYear?: number;
  /** The organisation rows go to when the sheet names none (an organisation-only ledger's subject). */
  orgName?: string;
  today?: Date;
}

export function checkSheet(sheet: SheetSnapshot, opts: CheckOptions = {}): CheckResult {
  const fallbackYear = opts.ledgerYear ?? (opts.today ?? new Date()).getFullYear();
  // Filling merges down writes into the rows: read a copy, the snapshot stays as Excel gave it.
  const grid = { name: sheet.sheetName, rows: sheet.values.map((row) => row.slice()), merges: sheet.merges };
  const reading = readLedgerSheet(grid, { ledgerYear: fallbackYear, orgName: opts.orgName ?? null }, opts.choices?.[sheet.sheetId]);
  if ('skip' in reading) {
    return { skip: reading.skip, layout: null, mapping: [], dataStart: 0, ledgerYear: fallbackYear, records: [], problems: [], hints: [] };
  }
  const { layout } = reading;
  const headers = new Map(layout.mapping.map((m) => [m.column, m.header]));
  const records: CheckedRecord[] = [];
  const problems: Problem[] = [];
  for (const record of reading.records) {
    const sheetRow = sheet.top + record.row + 1;
    records.push({ ...record, sheetRow });
    for (const error of record.errors) {
      const column = record.columns.get(error.field);
      const cell = column === undefined ? null : holdingCell(sheet.merges, record.row, column);
      problems.push({
        sheetRow,
        address: cell && cellAddress(sheet.top + cell.row + 1, sheet.left + cell.column),
        field: error.field,
        header: column === undefined ? null : (headers.get(column) ?? null),
        code: error.code,
        message: error.message,
      });
    }
  }
  return {
    skip: null,
    layout,
    mapping: layout.mapping,
    dataStart: layout.dataStart,
    ledgerYear: layout.titleYear ?? fallbackYear,
    records,
    problems,
    hints: hintsOf(records, sheet),
  };
}

/** Texts of other members each record's wording is compared with, at most this many: Check stays fast on big sheets. */
const PEERS = 100;

/** core's quality hints of each valid record, pointing at its 承诺内容 cell; wording is compared within its organisation. */
function hintsOf(records: readonly CheckedRecord[], sheet: SheetSnapshot): HintNote[] {
  const peersByOrg = new Map<string, { subject: string; content: string }[]>();
  for (const r of records) {
    if (!r.draft || r.draft.subjectType !== 'member') continue;
    const peers = peersByOrg.get(r.draft.orgName ?? '') ?? [];
    if (peers.length <= PEERS && !peers.some((p) => p.content === r.draft!.content)) peers.push({ subject: r.draft.subjectName, content: r.draft.content });
    peersByOrg.set(r.draft.orgName ?? '', peers);
  }
  const notes: HintNote[] = [];
  for (const r of records) {
    const d = r.draft;
    if (!d) continue;
    const peers = d.subjectType === 'member'
      ? (peersByOrg.get(d.orgName ?? '') ?? []).filter((p) => p.subject !== d.subjectName).slice(0, PEERS).map((p) => p.content)
      : [];
    const column = r.columns.get('content');
    const cell = column === undefined ? null : holdingCell(sheet.merges, r.row, column);
    for (const hint of commitmentHints(d, peers)) {
      notes.push({ sheetRow: r.sheetRow, address: cell && cellAddress(sheet.top + cell.row + 1, sheet.left + cell.column), ...hint });
    }
  }
  return notes;
}

/** Cell marks for a check: one per bad cell, every reason in it. */
export function marksOf(problems: readonly Problem[], lang: keyof LocalText): { address: string; note: string }[] {
  const byCell = new Map<string, string[]>();
  for (const p of problems) {
    if (!p.address) continue;
    const reasons = byCell.get(p.address) ?? [];
    if (!reasons.includes(p.message[lang])) reasons.push(p.message[lang]);
    byCell.set(p.address, reasons);
  }
  return [...byCell].map(([address, reasons]) => ({ address, note: reasons.join('\n') }));
}
