// New ledger sheet: the canonical columns of DESIGN §5 as an Excel table, with drop-downs,
// a deadline hint, a frozen header, widths for Chinese text and overdue rows highlighted.
import { CATEGORY_LABELS } from '../../../core/category';
import { LEDGER_COLUMNS } from '../../../core/ledgerColumns';
import { STATUS_LABELS } from '../../../core/status';
import { CATEGORIES, STATUSES } from '../../../core/types';
import { columnLetters } from '../ledger/sheet';

/** Rows prepared with drop-downs and the overdue rule; Excel extends them as the table grows. */
const PREPARED_ROWS = 1000;
const SUBJECT_TYPE_WORDS = ['党员', '党组织'];
/** Statuses after which a passed deadline is no longer overdue. */
const FINISHED = ['completed', 'unfulfilled', 'withdrawn'] as const;

/** Column widths in points; Chinese text needs about 12 pt a character at 11 pt font. */
const WIDTHS: Record<string, number> = {
  seq: 36, year: 60, org: 120, subject: 80, subjectType: 64, category: 72, content: 260,
  measures: 200, deadline: 96, responsible: 64, status: 64, progress: 180, remarks: 120, id: 56,
};

export interface NewLedgerSheet {
  sheetId: string;
  sheetName: string;
}

export async function createLedgerSheet(context: Excel.RequestContext, year: number): Promise<NewLedgerSheet> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const taken = new Set(sheets.items.map((s) => s.name));
  let name = `${year}年承诺台账`;
  for (let n = 2; taken.has(name); n++) name = `${year}年承诺台账(${n})`;

  const sheet = sheets.add(name);
  const columns = LEDGER_COLUMNS;
  const last = columnLetters(columns.length - 1);
  const letter = (field: string) => columnLetters(columns.findIndex((c) => c.field === field));
  const body = (field: string) => sheet.getRange(`${letter(field)}2:${letter(field)}${PREPARED_ROWS + 1}`);

  const table = sheet.tables.add(`A1:${last}2`, true);
  table.style = 'TableStyleMedium3';
  table.getHeaderRowRange().values = [columns.map((c) => c.zh)];
  const header = table.getHeaderRowRange().format;
  header.font.bold = true;
  header.rowHeight = 24;
  header.verticalAlignment = 'Center';
  header.horizontalAlignment = 'Center';

  columns.forEach((c, i) => {
    sheet.getRange(`${columnLetters(i)}:${columnLetters(i)}`).format.columnWidth = WIDTHS[c.field] ?? 80;
  });
  sheet.getRange(`A2:${last}${PREPARED_ROWS + 1}`).format.wrapText = true;
  sheet.getRange(`A2:${last}${PREPARED_ROWS + 1}`).format.verticalAlignment = 'Top';
  body('year').values = Array.from({ length: PREPARED_ROWS }, () => [year]);

  const list = (words: string[]) => ({ list: { inCellDropDown: true, source: words.join(',') } });
  body('subjectType').dataValidation.rule = list(SUBJECT_TYPE_WORDS);
  body('category').dataValidation.rule = list(CATEGORIES.map((c) => CATEGORY_LABELS[c].zh));
  body('status').dataValidation.rule = list(STATUSES.map((s) => STATUS_LABELS[s].zh));
  body('deadline').dataValidation.prompt = {
    showPrompt: true,
    title: '完成时限',
    message: '写日期，如 2011-6-30、2011年6月底、2011年12月；或 年底前、上半年、下半年、长期。',
  };
  body('deadline').numberFormat = [['yyyy-mm-dd']];

  // Overdue: a real date before today, and a status that is not finished.
  const d = `$${letter('deadline')}2`;
  const s = `$${letter('status')}2`;
  const open = FINISHED.map((st) => `${s}<>"${STATUS_LABELS[st].zh}"`).join(',');
  const overdue = sheet.getRange(`A2:${last}${PREPARED_ROWS + 1}`).conditionalFormats.add(Excel.ConditionalFormatType.custom);
  overdue.custom.rule.formula = `=AND(ISNUMBER(${d}),${d}<TODAY(),${open})`;
  overdue.custom.format.fill.color = '#FCE4D6';
  overdue.custom.format.font.color = '#9C0006';

  sheet.freezePanes.freezeRows(1);
  sheet.activate();
  sheet.load('id,name');
  await context.sync();
  return { sheetId: sheet.id, sheetName: sheet.name };
}
