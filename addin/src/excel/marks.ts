// Check's cell marks: a fill on each bad cell and the reason in its note (notes need ExcelApi
// 1.18; without them the pane's list carries the reasons). Old marks are cleared first. Two syncs
// whatever the number of cells: addresses are grouped into multi-area ranges.
export const MARK_FILL = '#FFC7CE';
/** Addresses per `getRanges` call; keeps each multi-area address well under Excel's limits. */
const AREA_GROUP = 100;

export interface CellMark {
  address: string;
  note: string;
}

export function groupAddresses(addresses: readonly string[], size = AREA_GROUP): string[] {
  const groups: string[] = [];
  for (let i = 0; i < addresses.length; i += size) groups.push(addresses.slice(i, i + size).join(','));
  return groups;
}

export async function paintMarks(
  context: Excel.RequestContext,
  sheetId: string,
  marks: readonly CellMark[],
  previous: readonly string[],
  withNotes: boolean,
): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  for (const group of groupAddresses(previous)) sheet.getRanges(group).format.fill.clear();

  if (withNotes) {
    // Our old notes go; a note the clerk wrote on a cell we now mark stays untouched.
    const ours = new Set(previous);
    const oldNotes = previous.map((address) => sheet.notes.getItemOrNullObject(address));
    const foreign = marks.filter((m) => !ours.has(m.address)).map((m) => ({ address: m.address, note: sheet.notes.getItemOrNullObject(m.address) }));
    for (const note of [...oldNotes, ...foreign.map((f) => f.note)]) note.load('content');
    await context.sync();
    for (const note of oldNotes) if (!note.isNullObject) note.delete();
    const taken = new Set(foreign.filter((f) => !f.note.isNullObject).map((f) => f.address));
    for (const mark of marks) if (!taken.has(mark.address)) sheet.notes.add(mark.address, mark.note);
  }

  for (const group of groupAddresses(marks.map((m) => m.address))) sheet.getRanges(group).format.fill.color = MARK_FILL;
  await context.sync();
}
