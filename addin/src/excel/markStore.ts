// What Check left on each sheet, so the next check undoes exactly that and nothing else: per
// marked cell, the fill it had before (to put back) and a digest of the note the add-in wrote
// there (a note is the add-in's only while it still reads exactly so; the clerk's never are).
// Kept in the document's add-in settings (saved with the workbook; never the sign-in token).
const KEY = 'ledger.marks.v2';

export interface MarkMemo {
  /** The cell's fill before it was marked; null for none. */
  fill: string | null;
  /** Digest of the note the add-in wrote; null when the cell kept the clerk's note (or notes are unsupported). */
  note: string | null;
}

export type SheetMarks = Record<string, MarkMemo>;

type MarkIndex = Record<string, SheetMarks>;

function index(): MarkIndex {
  return (Office.context.document.settings.get(KEY) as MarkIndex | null) ?? {};
}

export function previousMarks(sheetId: string): SheetMarks {
  return index()[sheetId] ?? {};
}

export function rememberMarks(sheetId: string, marks: SheetMarks): Promise<void> {
  const settings = Office.context.document.settings;
  settings.set(KEY, { ...index(), [sheetId]: marks });
  return new Promise((resolve, reject) =>
    settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
  );
}

/** A short digest of a note's text (FNV-1a): enough to tell the add-in's note from an edited one. */
export function noteDigest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(36)}:${text.length}`;
}
