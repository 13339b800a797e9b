// Which cells Check marked last time, per sheet, so the next check clears exactly those. Kept in
// the document's add-in settings (saved with the workbook; never the sign-in token).
const KEY = 'ledger.marks';

type MarkIndex = Record<string, string[]>;

function index(): MarkIndex {
  return (Office.context.document.settings.get(KEY) as MarkIndex | null) ?? {};
}

export function previousMarks(sheetId: string): string[] {
  return index()[sheetId] ?? [];
}

export function rememberMarks(sheetId: string, addresses: readonly string[]): Promise<void> {
  const settings = Office.context.document.settings;
  settings.set(KEY, { ...index(), [sheetId]: [...addresses] });
  return new Promise((resolve, reject) =>
    settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
  );
}
