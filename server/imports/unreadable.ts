// The errors a file that cannot be converted answers with: 422 (413 for size) and a stable code,
// in Chinese first; nothing has been stored when they are thrown.
import { Problem } from '../http/problem';
import type { LocalText } from '../../core/types';

const TITLE: LocalText = { zh: '无法读取此文件', en: 'The file cannot be read' };

export function unreadable(code: string, detail: LocalText, status = 422): Problem {
  return new Problem(status, code, TITLE, detail);
}

export const notASpreadsheet = () =>
  unreadable('import.unsupported_format', {
    zh: '文件不是 Excel 工作簿（.xlsx、.xls）或 CSV 文本，请另存为这些格式后再导入',
    en: 'The file is not an Excel workbook (.xlsx, .xls) or CSV text; save it in one of these formats and try again',
  });

export const corrupt = (format: string, why?: string) =>
  unreadable('import.corrupt', {
    zh: `文件已损坏，无法作为 ${format} 读取${why ? `（${why}）` : ''}`,
    en: `The file is damaged and cannot be read as ${format}${why ? ` (${why})` : ''}`,
  });
