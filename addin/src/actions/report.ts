// Reports: fetch the server's workbook and insert its sheets, or hand it over as a download
// where the host cannot insert (before ExcelApi 1.13) or the file is too large to pass in.
import { insertWorkbook } from '../excel/reports';
import { runExcel, supportsExcelApi } from '../excel/host';
import type { Api } from '../api';

const INSERT_LIMIT = 5 * 1024 * 1024;

export type ReportRun = { inserted: string[] } | { download: Blob; fileName: string };

export async function fetchReport(api: Api, kind: string, org: number, period: string): Promise<ReportRun> {
  const file = await api.report(kind, org, period);
  if (file.size > INSERT_LIMIT || !supportsExcelApi('1.13')) return { download: file, fileName: `${kind}-${period}.xlsx` };
  const base64 = await toBase64(file);
  return { inserted: await runExcel((context) => insertWorkbook(context, base64)) };
}

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A sensible period for a report kind today: this month, quarter, half or year. */
export function defaultPeriod(kind: string, today = new Date()): string {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  if (kind === 'monthly') return `${y}-${String(m).padStart(2, '0')}`;
  if (kind === 'quarterly') return `${y}-Q${Math.ceil(m / 3)}`;
  if (kind === 'half-year') return `${y}-H${m <= 6 ? 1 : 2}`;
  return String(y);
}
