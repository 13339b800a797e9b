// The Office host: readiness, language, feature checks and the Excel batch runner.
// Everything else in excel/ takes the RequestContext this hands out.

/** Resolves when Office.js has loaded and the host is Excel (or null outside Office). */
export function officeReady(): Promise<Office.HostType | null> {
  return Office.onReady().then((info) => info.host ?? null);
}

/** Office's display language, e.g. `zh-CN`, `en-US`. */
export function displayLanguage(): string {
  return Office.context?.displayLanguage ?? 'zh-CN';
}

/** Whether the host implements an ExcelApi requirement set, e.g. `1.18` for notes. */
export function supportsExcelApi(version: string): boolean {
  // The workspace page runs the same views without Office.js: there, nothing is supported.
  if (typeof Office === 'undefined') return false;
  return Office.context?.requirements?.isSetSupported('ExcelApi', version) ?? false;
}

export function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run(batch);
}

/** Calls `then` with the sheet's id whenever a sheet is activated (ExcelApi 1.7); answers the unsubscribe. */
export function onSheetActivated(then: (sheetId: string) => void): () => void {
  let gone = false;
  let remove: (() => Promise<void>) | null = null;
  Excel.run(async (context) => {
    const handler = context.workbook.worksheets.onActivated.add(async (event) => {
      if (!gone) then(event.worksheetId);
    });
    await context.sync();
    remove = () => Excel.run(handler.context, async (again) => {
      handler.remove();
      await again.sync();
    });
  }).catch(() => undefined); // a host without the event: the pane still forgets on its next action
  return () => {
    gone = true;
    remove?.().catch(() => undefined);
  };
}
