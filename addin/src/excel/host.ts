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
