// Printable ballot slips (.xlsx): A4 portrait, eight to a page (two across, four down), each
// with the organisation, the period, the closing date, a QR code of its phone page and its code
// printed for typing in; dashed edges to cut along.
import type ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import { parsePeriod } from '../../core/period';
import { streamingWorkbook } from '../reports/layout/workbook';
import { addPictures, type Picture } from '../reports/layout/pictures';
import { a4 } from '../reports/layout/print';
import { qrPng } from '../reports/layout/qr';
import { chineseDate, periodLabel } from '../reports/words';
import { printedCode } from './codes';

const FACE = '宋体';
/** Columns: a slip is two columns wide, with a narrow gutter between the two slips of a row. */
const WIDTHS = [15, 28, 2, 15, 28];
const SLIP_COLS = [1, 4];
const QR_PX = 104;
const SLIPS_DOWN = 4;
const cut = { style: 'dashed' as const, color: { argb: 'FF999999' } };

export async function ballotSlips(ctx: AppContext, surveyId: number, publicUrl: string): Promise<{ buffer: Buffer; fileName: string }> {
  const survey = await ctx.db
    .selectFrom('surveys as s')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select(['s.period', 's.closes_on', 'o.name'])
    .where('s.id', '=', surveyId)
    .executeTakeFirstOrThrow();
  const codes = (await ctx.db.selectFrom('survey_ballots').select(['code', 'answered_at']).where('survey_id', '=', surveyId).orderBy('id').execute());
  const period = parsePeriod(survey.period);
  const label = period ? periodLabel(period) : survey.period;

  const { wb, finish } = streamingWorkbook({ creator: '公开承诺台账', created: ctx.now() });
  const ws = wb.addWorksheet('评议票', { pageSetup: { ...a4({ landscape: false }), fitToWidth: 1, fitToHeight: 0 }, views: [{ showGridLines: false }] });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const pictures: Picture[] = [];
  for (let i = 0; i < codes.length; i += 2) {
    const pair = codes.slice(i, i + 2);
    const rows = slipRows(ws, pair.map((b) => ({ code: b.code, used: b.answered_at !== null })), survey.name, label, survey.closes_on, publicUrl);
    for (const [k, b] of pair.entries()) {
      pictures.push({ png: qrPng(`${publicUrl}/s/${b.code}`), col: SLIP_COLS[k] - 1, row: rows.qrRow - 1, offsetPx: { x: 6, y: 4 }, sizePx: QR_PX, name: `评议票 ${printedCode(b.code)}` });
    }
    if ((i / 2) % SLIPS_DOWN === SLIPS_DOWN - 1 && i + 2 < codes.length) rows.last.addPageBreak();
    rows.last.commit();
  }
  ws.commit();
  const buffer = await addPictures(await finish(), ws.id, pictures);
  return { buffer, fileName: `${survey.name.replace(/[\\/:*?"<>|\s]+/g, '_')}_${survey.period}_评议票.xlsx` };
}

/** One row of (up to) two slips; answers the QR row and the last row (uncommitted). */
function slipRows(ws: ExcelJS.Worksheet, slips: { code: string; used: boolean }[], orgName: string, period: string, closesOn: string, publicUrl: string) {
  const lines: [height: number, text: (s: { code: string; used: boolean }) => [string, string], font: Partial<ExcelJS.Font>, align: Partial<ExcelJS.Alignment>][] = [
    [28, () => ['群众满意度评议票', ''], { name: FACE, size: 15, bold: true }, { horizontal: 'center', vertical: 'middle' }],
    [34, () => [`${orgName}\n${period}公开承诺落实情况`, ''], { name: FACE, size: 11 }, { horizontal: 'center', vertical: 'middle', wrapText: true }],
    [QR_PX * 0.75 + 8, () => ['', '用手机微信扫描左侧二维码，\n对党组织和党员践诺情况\n评价：满意、基本满意、不满意。\n不记名，每票限提交一次。'], { name: FACE, size: 10 }, { vertical: 'middle', wrapText: true }],
    [24, (s) => [`票码：${printedCode(s.code)}${s.used ? '（已使用）' : ''}`, ''], { name: FACE, size: 12, bold: true }, { horizontal: 'center', vertical: 'middle' }],
    [30, () => [`${chineseDate(closesOn)}截止\n无法扫码时，打开 ${publicUrl}/s 输入票码`, ''], { name: FACE, size: 9 }, { horizontal: 'center', vertical: 'middle', wrapText: true }],
  ];
  let qrRow = 0;
  let last: ExcelJS.Row | null = null;
  for (const [n, [height, text, font, alignment]] of lines.entries()) {
    const values: string[] = Array(WIDTHS.length).fill('');
    slips.forEach((s, k) => {
      const [a, b] = text(s);
      values[SLIP_COLS[k] - 1] = a;
      values[SLIP_COLS[k]] = b;
    });
    const row = ws.addRow(values);
    row.height = height;
    slips.forEach((_, k) => {
      const from = SLIP_COLS[k];
      for (const c of [from, from + 1]) {
        row.getCell(c).style = {
          font,
          alignment,
          border: { left: c === from ? cut : undefined, right: c === from + 1 ? cut : undefined, top: n === 0 ? cut : undefined, bottom: n === lines.length - 1 ? cut : undefined },
        };
      }
      // The QR row keeps its two cells apart: the picture on the left, the instructions on the right.
      if (n !== 2) ws.mergeCells(row.number, from, row.number, from + 1);
    });
    if (n === 2) qrRow = row.number;
    if (n < lines.length - 1) row.commit();
    last = row;
  }
  return { qrRow, last: last! };
}
