// Writes values and notes into cells in one batch, and moves the selection.
/** Text Excel would read as a formula if written as a value. */
const FORMULA_START = /^[=+\-@]/;

export interface CellWrite {
  address: string;
  value: string | number;
}

export interface CellNote {
  address: string;
  note: string;
}

/** One sync: every value (text that looks like a formula is stored as text), hidden columns. */
export async function writeCells(
  context: Excel.RequestContext,
  sheetId: string,
  cells: readonly CellWrite[],
  opts: { hideColumns?: readonly string[] } = {},
): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  for (const cell of cells) {
    const range = sheet.getRange(cell.address);
    if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) range.numberFormat = [['@']];
    range.values = [[cell.value]];
  }
  for (const column of opts.hideColumns ?? []) sheet.getRange(`${column}:${column}`).columnHidden = true;
  await context.sync();
}

/** Two syncs: a note is replaced where one exists, added where none does. */
export async function writeNotes(context: Excel.RequestContext, sheetId: string, notes: readonly CellNote[]): Promise<void> {
  if (notes.length === 0) return;
  const sheet = context.workbook.worksheets.getItem(sheetId);
  const existing = notes.map((n) => sheet.notes.getItemOrNullObject(n.address));
  for (const note of existing) note.load('content');
  await context.sync();
  notes.forEach((n, i) => {
    if (existing[i].isNullObject) sheet.notes.add(n.address, n.note);
    else existing[i].content = n.note;
  });
  await context.sync();
}

export async function selectCell(context: Excel.RequestContext, sheetId: string, address: string): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  sheet.activate();
  sheet.getRange(address).select();
  await context.sync();
}

/** The selected rows (1-based, as Excel shows them) and their sheet. */
export async function selectedRows(context: Excel.RequestContext): Promise<{ sheetId: string; rows: number[] }> {
  const range = context.workbook.getSelectedRange();
  range.load('rowIndex,rowCount');
  range.worksheet.load('id');
  await context.sync();
  return { sheetId: range.worksheet.id, rows: Array.from({ length: range.rowCount }, (_, i) => range.rowIndex + i + 1) };
}
