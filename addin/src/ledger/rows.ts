// From a sheet snapshot and its header mapping to ledger rows: which sheet rows hold commitments,
// and which cell each field came from (so a problem can point at its cell).
import type { HeaderMapping, LedgerField } from '../../../core/ledgerColumns';
import type { Category, CellValue, LedgerRowInput } from '../../../core/types';
import type { SheetSnapshot } from './sheet';

/** One commitment as read from the sheet; a wide-form row (共性 | 岗位 | 实事 columns) gives several. */
export interface LedgerRecord {
  /** 1-based row number as Excel shows it. */
  sheetRow: number;
  input: LedgerRowInput;
  /** Sheet column (0-based) of each field read. */
  columns: Partial<Record<LedgerField, number>>;
  /** Set for a wide-form record: the category its column stands for. */
  category?: Category;
}

const FOOTER = /^(注|说明|备注|附注)\s*[:：]|签名|签字|盖章|填表人|填报人|制表人|审核人/;

function isBlank(v: CellValue): boolean {
  return v == null || (typeof v === 'string' && v.trim() === '');
}

/** Rows below the header that carry commitments: blank rows and footer notes are left out. */
export function ledgerRecords(sheet: SheetSnapshot, dataStart: number, mapping: readonly HeaderMapping[]): LedgerRecord[] {
  const shared = mapping.filter((m) => !m.category);
  const wide = mapping.filter((m) => m.category);
  const records: LedgerRecord[] = [];
  for (let r = dataStart; r < sheet.values.length; r++) {
    const row = sheet.values[r];
    const meaningful = mapping.filter((m) => m.field !== 'seq' && !isBlank(row[m.column]));
    if (meaningful.length === 0) continue;
    if (row.some((v) => typeof v === 'string' && FOOTER.test(v.trim()))) continue;

    const sheetRow = sheet.top + r + 1;
    const input: LedgerRowInput = {};
    const columns: LedgerRecord['columns'] = {};
    for (const m of shared) {
      input[m.field] = row[m.column];
      columns[m.field] = sheet.left + m.column;
    }
    if (wide.length === 0) {
      records.push({ sheetRow, input, columns });
      continue;
    }
    for (const m of wide) {
      if (isBlank(row[m.column])) continue;
      records.push({
        sheetRow,
        input: { ...input, content: row[m.column], category: m.category },
        columns: { ...columns, content: sheet.left + m.column },
        category: m.category,
      });
    }
  }
  return records;
}

/** The ledger's year: a `2011年` in the title rows above the header, else the current year. */
export function guessLedgerYear(sheet: SheetSnapshot, headerRow: number | null, today = new Date()): number {
  for (let r = 0; r < (headerRow ?? 0); r++) {
    for (const v of sheet.values[r]) {
      const match = typeof v === 'string' ? /((?:19|20)\d\d)\s*年/.exec(v) : null;
      if (match) return Number(match[1]);
    }
  }
  return today.getFullYear();
}
