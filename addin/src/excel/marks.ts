// Check's cell marks: a fill on each bad cell and the reason in its note (notes need ExcelApi
// 1.18; without them the pane's list carries the reasons). The clerk's own notes and fills are
// never lost: a cell that carries the clerk's note keeps it (the pane lists the reason), and a
// mark taken off puts back the fill the cell had before. Two syncs whatever the number of cells.
import { noteDigest, type SheetMarks } from './markStore';

export const MARK_FILL = '#FFC7CE';
/** Starts every note Check writes, so the clerk sees whose note it is. */
export const NOTE_PREFIX = '【台账检查】';
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

/** A fill Excel reports for a cell nobody filled is white; remembered as none. */
function ownFill(color: string | null): string | null {
  return color && color.toUpperCase() !== '#FFFFFF' ? color : null;
}

/** Paints this check's marks, takes off the last check's where they are no longer due; answers what to remember. */
export async function paintMarks(
  context: Excel.RequestContext,
  sheetId: string,
  marks: readonly CellMark[],
  previous: Readonly<SheetMarks>,
  withNotes: boolean,
): Promise<SheetMarks> {
  const sheet = context.workbook.worksheets.getItem(sheetId);
  const wanted = new Map(marks.map((m) => [m.address, NOTE_PREFIX + m.note]));
  const addresses = [...new Set([...Object.keys(previous), ...wanted.keys()])];
  const fills = addresses.map((address) => sheet.getRange(address).format.fill.load('color'));
  const notes = withNotes ? addresses.map((address) => sheet.notes.getItemOrNullObject(address).load('content')) : null;
  await context.sync();

  const next: SheetMarks = {};
  addresses.forEach((address, i) => {
    const before = previous[address];
    const fill = fills[i];
    const note = notes?.[i];
    const ours = Boolean(before?.note && note && !note.isNullObject && noteDigest(note.content) === before.note);
    const text = wanted.get(address);
    if (text === undefined) {
      // No longer at fault: the fill it had goes back (unless someone refilled it since), our note goes.
      if (before && fill.color === MARK_FILL) {
        if (before.fill) fill.color = before.fill;
        else fill.clear();
      }
      if (ours) note!.delete();
      return;
    }
    const originalFill = before && fill.color === MARK_FILL ? before.fill : ownFill(fill.color);
    let written: string | null = null;
    if (note && (note.isNullObject || ours)) {
      if (note.isNullObject) sheet.notes.add(address, text);
      else if (note.content !== text) note.content = text;
      written = noteDigest(text);
    }
    next[address] = { fill: originalFill, note: written };
  });
  for (const group of groupAddresses([...wanted.keys()])) sheet.getRanges(group).format.fill.color = MARK_FILL;
  await context.sync();
  return next;
}
