// Check: header recognition and core's row rules over one sheet snapshot, turned into problems
// for the pane and marks for the cells. Pure; the Excel side only reads and paints.
import { applyMappingChoice, recogniseHeader, type HeaderMapping, type HeaderRecognition, type LedgerField, type MappingChoice } from '../../../core/ledgerColumns';
import { validateRow } from '../../../core/validate';
import type { CommitmentDraft, FieldError, LocalText } from '../../../core/types';
import { guessLedgerYear, ledgerRecords, type LedgerRecord } from './rows';
import { cellAddress, type SheetSnapshot } from './sheet';

export type { MappingChoice };

export interface CheckedRecord extends LedgerRecord {
  draft: CommitmentDraft | null;
  errors: FieldError[];
}

export interface Problem {
  sheetRow: number;
  /** The cell at fault; null when its field has no column on the sheet. */
  address: string | null;
  field: string;
  header: string | null;
  code: string;
  message: LocalText;
}

export interface CheckResult {
  recognition: HeaderRecognition;
  mapping: HeaderMapping[];
  /** 0-based index into the snapshot's rows where data starts. */
  dataStart: number;
  ledgerYear: number;
  records: CheckedRecord[];
  problems: Problem[];
}

export interface CheckOptions {
  /** The clerk's mapping corrections by sheet id: a correction for one sheet never moves to another. */
  choices?: Readonly<Record<string, MappingChoice>>;
  ledgerYear?: number;
  today?: Date;
}

export function checkSheet(sheet: SheetSnapshot, opts: CheckOptions = {}): CheckResult {
  const recognition = recogniseHeader(sheet.values);
  const ledgerYear = opts.ledgerYear ?? guessLedgerYear(sheet, recognition.headerRow, opts.today);
  if (recognition.headerRow === null) {
    return { recognition, mapping: [], dataStart: 0, ledgerYear, records: [], problems: [] };
  }
  const dataStart = recognition.headerRow + recognition.headerRows;
  const headerCells = sheet.values[recognition.headerRow + recognition.headerRows - 1] ?? [];
  const mapping = applyMappingChoice(recognition, opts.choices?.[sheet.sheetId] ?? {}, headerCells);
  const headers = new Map(mapping.map((m) => [sheet.left + m.column, m.header]));

  const records: CheckedRecord[] = [];
  const problems: Problem[] = [];
  for (const record of ledgerRecords(sheet, dataStart, mapping)) {
    const { draft, errors } = validateRow(record.input, { ledgerYear });
    records.push({ ...record, draft, errors });
    for (const error of errors) {
      const column = record.columns[error.field as LedgerField];
      problems.push({
        sheetRow: record.sheetRow,
        address: column === undefined ? null : cellAddress(record.sheetRow, column),
        field: error.field,
        header: column === undefined ? null : (headers.get(column) ?? null),
        code: error.code,
        message: error.message,
      });
    }
  }
  return { recognition, mapping, dataStart, ledgerYear, records, problems };
}

/** Cell marks for a check: one per bad cell, every reason in it. */
export function marksOf(problems: readonly Problem[], lang: keyof LocalText): { address: string; note: string }[] {
  const byCell = new Map<string, string[]>();
  for (const p of problems) {
    if (!p.address) continue;
    byCell.set(p.address, [...(byCell.get(p.address) ?? []), p.message[lang]]);
  }
  return [...byCell].map(([address, reasons]) => ({ address, note: reasons.join('\n') }));
}
