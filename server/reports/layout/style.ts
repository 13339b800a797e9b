// The restrained house style: thin grey borders, a shaded bold header, nothing else coloured.
import type { Alignment, Borders, Fill, Font } from 'exceljs';

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
export const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
// 宋体 is what Chinese forms are printed in; every styled cell names it so the page is one face.
const FACE = '宋体';
export const BODY: Partial<Font> = { name: FACE, size: 11 };
export const TITLE_FONT: Partial<Font> = { name: FACE, size: 16, bold: true };
export const SUBTITLE_FONT: Partial<Font> = { name: FACE, size: 10, color: { argb: 'FF555555' } };
export const BOLD: Partial<Font> = { name: FACE, size: 11, bold: true };
export const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
export const WRAP: Partial<Alignment> = { vertical: 'top', wrapText: true };
export const TOP: Partial<Alignment> = { vertical: 'top' };

export const FORMAT = {
  int: '0',
  rate: '0.0%',
  date: 'yyyy-mm-dd',
} as const;
