// The cover sheet: whose report, for which period, taken on which day, made when and by whom,
// what the sheets hold and the rules the figures follow.
import type ExcelJS from 'exceljs';
import { BODY, BORDER, BOLD, CENTER, TITLE_FONT, WRAP } from './style';
import { a4 } from './print';
import { wrappedLines } from './table';

export interface Cover {
  title: string;
  organisation: string;
  period: string;
  asOf: string;
  generatedAt: string;
  generatedBy: string;
  /** Counts stated up front, after the facts above. */
  highlights?: [label: string, value: string][];
  sheets: { name: string; holds: string }[];
  rules: string[];
}

const VALUE_WIDTH = 76;

export function addCover(wb: ExcelJS.stream.xlsx.WorkbookWriter, cover: Cover): void {
  const ws = wb.addWorksheet('封面', { pageSetup: a4({ landscape: false }) });
  ws.columns = [{ width: 14 }, { width: VALUE_WIDTH }];
  const title = ws.addRow([cover.title]);
  title.height = 40;
  title.getCell(1).style = { font: TITLE_FONT, alignment: CENTER };
  ws.mergeCells(1, 1, 1, 2);
  title.commit();
  ws.addRow([]).commit();
  const facts: [string, string][] = [
    ['党组织', cover.organisation],
    ['统计期间', cover.period],
    ['数据截至', cover.asOf],
    ['生成时间', cover.generatedAt],
    ['生成人', cover.generatedBy],
  ];
  for (const [label, value] of [...facts, ...(cover.highlights ?? [])]) field(ws, label, value);
  ws.addRow([]).commit();
  cover.sheets.forEach((s, i) => field(ws, i === 0 ? '内容' : '', `${s.name}：${s.holds}`));
  ws.addRow([]).commit();
  cover.rules.forEach((r, i) => field(ws, i === 0 ? '统计口径' : '', r));
  ws.commit();
}

function field(ws: ExcelJS.Worksheet, label: string, value: string): void {
  const row = ws.addRow([label, value]);
  const lines = wrappedLines(value, VALUE_WIDTH - 2);
  if (lines > 1) row.height = lines * 14.5 + 3;
  row.getCell(1).style = { font: BOLD, border: BORDER, alignment: { vertical: 'top' } };
  row.getCell(2).style = { font: BODY, border: BORDER, alignment: WRAP };
  row.commit();
}
