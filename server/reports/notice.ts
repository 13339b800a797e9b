// 公示 (public notice), laid out to be posted on a wall: a title, then organisation by
// organisation its name as a heading beside a QR code of its live public page, the table of its
// commitments that passed review (subject, item, measures, deadline, who answers for it) in print
// large enough to read standing, and its 落款: the issuing organisation, the date, the 公示期 and
// where to send opinions (监督电话/邮箱). A4 landscape; no cover; one organisation per page on request.
import type ExcelJS from 'exceljs';
import { CATEGORY_LABELS } from '../../core/category';
import { noticeEndsOn } from '../../core/publicNotice';
import type { Status } from '../../core/types';
import { loadFigures, loadTexts, type CommitmentText } from './load';
import { inTreeOrder } from './items';
import type { Builder, ReportRun } from './report';
import { chineseDate, deadlineCell } from './words';
import { a4, PAGE_FOOTER } from './layout/print';
import { BORDER, CENTER, FORMAT, HEADER_FILL, WRAP } from './layout/style';
import { wrappedLines } from './layout/table';
import { zipCaughtUp } from './layout/workbook';
import { qrPng } from './layout/qr';
import type { Picture } from './layout/pictures';
import { linksFor, publicAddress } from '../public/links';

/** Statuses of commitments that have passed review, i.e. that are (or were) publicly posted. */
export const PUBLIC_STATUSES: ReadonlySet<Status> = new Set(['approved', 'published', 'in_progress', 'completed', 'unfulfilled']);

export const NOTICE_SHEET = '公示表';
export const NOTICE_HEADER = ['序号', '承诺主体', '承诺类别', '承诺内容', '保障措施', '完成时限', '责任人'];
const WIDTHS = [6, 18, 10, 41, 32, 13, 11];
const LAST = WIDTHS.length;
/** The QR code sits in the heading row over the last two columns. */
const QR_COL = LAST - 2;
const QR_PX = 124;

// Read on a wall: 宋体 12 pt and up.
const FACE = '宋体';
const BODY: Partial<ExcelJS.Font> = { name: FACE, size: 12 };
const BOLD: Partial<ExcelJS.Font> = { ...BODY, bold: true };
const LINE_PT = 17;
const CELL: Partial<ExcelJS.Style> = { font: BODY, border: BORDER, alignment: WRAP };
const CELL_CENTER: Partial<ExcelJS.Style> = { ...CELL, alignment: { ...CENTER, vertical: 'top' } };
const DATE_CELL: Partial<ExcelJS.Style> = { ...CELL_CENTER, numFmt: FORMAT.date };

interface Contact {
  phone: string | null;
  email: string | null;
}

export const buildNotice: Builder = async (run) => {
  const { ctx, scope, period, tz } = run;
  const figures = inTreeOrder(run, (await loadFigures(ctx.db, scope, period.year, tz)).filter((f) => PUBLIC_STATUSES.has(f.status)));
  const texts = await loadTexts(ctx.db, scope, period.year, new Set(figures.map((f) => f.id)));
  const byOrg = new Map<number, CommitmentText[]>();
  for (const f of figures) byOrg.set(f.orgId, [...(byOrg.get(f.orgId) ?? []), texts.get(f.id)!]);
  // The organisation's own commitments first, then its members' (in the order they were made).
  for (const items of byOrg.values()) items.sort((a, b) => Number(a.memberId !== null) - Number(b.memberId !== null));
  const orgs = scope.orgs.filter((o) => byOrg.has(o.id));
  const contacts = await contactsOf(run);
  const links = await linksFor(ctx.db, orgs.map((o) => o.id), period.year, ctx.now().toISOString(), null);
  const postedOn = run.options.postedOn ?? run.today;
  const pictures: Picture[] = [];

  return {
    cover: false,
    rules: [],
    pictures: { sheetName: NOTICE_SHEET, pictures },
    sheets: [
      {
        name: NOTICE_SHEET,
        holds: '公示',
        async write(wb) {
          const ws = wb.addWorksheet(NOTICE_SHEET, { pageSetup: a4({ landscape: true }), headerFooter: PAGE_FOOTER, views: [{ showGridLines: false }] });
          ws.columns = WIDTHS.map((width) => ({ width }));
          const perPage = run.options.orgPerPage === true;
          if (!perPage) title(ws, `${scope.root.name}${period.year}年度党员公开承诺公示`);
          if (orgs.length === 0) {
            merged(ws, '本年度没有需要公示的承诺', { font: BODY, alignment: CENTER }, 30);
          }
          for (const [i, org] of orgs.entries()) {
            if (perPage) title(ws, `${org.name}${period.year}年度党员公开承诺公示`);
            const address = publicAddress(run.publicUrl, links.get(org.id)!.token);
            const heading = orgHeading(ws, perPage ? org.name : `${chineseNumber(i + 1)}、${org.name}`);
            pictures.push({ png: qrPng(address), col: QR_COL, row: heading - 1, offsetPx: { x: 30, y: 4 }, sizePx: QR_PX, name: `${org.name}公开承诺二维码` });
            table(ws, byOrg.get(org.id)!);
            const last = signOff(ws, org.name, postedOn, contacts.get(org.id) ?? { phone: null, email: null });
            if (perPage && i < orgs.length - 1) last.addPageBreak();
            last.commit();
            await zipCaughtUp(ws);
          }
          ws.commit();
          return ws.id;
        },
      },
    ],
  };
};

/** Each organisation's 监督电话/邮箱: its own, else the nearest one above it in the scope. */
async function contactsOf(run: ReportRun): Promise<Map<number, Contact>> {
  const rows = await run.ctx.db
    .selectFrom('organizations')
    .select(['id', 'supervision_phone', 'supervision_email'])
    .where('id', 'in', run.scope.orgs.map((o) => o.id))
    .execute();
  const own = new Map(rows.map((r) => [r.id, { phone: r.supervision_phone, email: r.supervision_email }]));
  const out = new Map<number, Contact>();
  // scope.orgs lists parents before their children.
  for (const o of run.scope.orgs) {
    const mine = own.get(o.id);
    const above = o.parentId === null ? undefined : out.get(o.parentId);
    out.set(o.id, mine && (mine.phone || mine.email) ? mine : (above ?? { phone: null, email: null }));
  }
  return out;
}

function title(ws: ExcelJS.Worksheet, text: string): void {
  merged(ws, text, { font: { name: FACE, size: 22, bold: true }, alignment: CENTER }, 48).commit();
}

/** A row of one cell across the page; not committed, so a page break can still be added. */
function merged(ws: ExcelJS.Worksheet, text: string, style: Partial<ExcelJS.Style>, height: number): ExcelJS.Row {
  const row = ws.addRow([text]);
  row.height = height;
  row.getCell(1).style = style;
  ws.mergeCells(row.number, 1, row.number, LAST);
  return row;
}

/** The organisation's name, and room on the right for its QR code; answers the row number. */
function orgHeading(ws: ExcelJS.Worksheet, name: string): number {
  const row = ws.addRow([name, '', '', '', '', '']);
  row.height = QR_PX * 0.75 + 8;
  row.getCell(1).style = { font: { name: FACE, size: 16, bold: true }, alignment: { vertical: 'bottom', wrapText: true } };
  row.getCell(QR_COL).value = '扫码查看\n最新进展 →';
  row.getCell(QR_COL).style = { font: { name: FACE, size: 12 }, alignment: { horizontal: 'right', vertical: 'bottom', wrapText: true } };
  ws.mergeCells(row.number, 1, row.number, QR_COL - 1);
  row.commit();
  return row.number;
}

function table(ws: ExcelJS.Worksheet, items: CommitmentText[]): void {
  const header = ws.addRow(NOTICE_HEADER);
  header.height = 24;
  for (let i = 1; i <= LAST; i++) header.getCell(i).style = { font: BOLD, fill: HEADER_FILL, border: BORDER, alignment: CENTER };
  header.commit();
  for (const [n, t] of items.entries()) {
    const values = [n + 1, t.subjectName, CATEGORY_LABELS[t.category].zh, t.content, t.measures ?? '', deadlineCell(t.deadline), t.responsible ?? ''];
    const row = ws.addRow(values);
    // Rows grow with their text: neither Excel nor LibreOffice refits a streamed row when opening.
    const lines = Math.max(1, ...values.map((v, i) => (typeof v === 'string' ? wrappedLines(v, WIDTHS[i] * 0.88 - 1) : 1)));
    row.height = lines * LINE_PT + 6;
    for (let i = 1; i <= LAST; i++) row.getCell(i).style = i === 6 ? DATE_CELL : i === 1 || i === 3 ? CELL_CENTER : CELL;
    row.commit();
  }
}

/** 落款: where to send opinions during the 公示期, then the issuing organisation and the date. Answers the last row, uncommitted. */
function signOff(ws: ExcelJS.Worksheet, orgName: string, postedOn: string, contact: Contact): ExcelJS.Row {
  const reach = [contact.phone && `监督电话：${contact.phone}`, contact.email && `监督邮箱：${contact.email}`].filter(Boolean).join('　');
  const text = `公示期：${chineseDate(postedOn)}至${chineseDate(noticeEndsOn(postedOn))}。公示期间，如对以上承诺有意见和建议，请向本党组织反映${reach ? `。${reach}` : '。'}`;
  merged(ws, text, { font: BODY, alignment: { vertical: 'middle', wrapText: true } }, 2 * LINE_PT + 10).commit();
  const right = { font: BODY, alignment: { horizontal: 'right' as const, vertical: 'middle' as const } };
  merged(ws, orgName, right, 22).commit();
  merged(ws, chineseDate(postedOn), right, 22).commit();
  return merged(ws, '', {}, 20);
}

const DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 12 → 十二, 31 → 三十一 (headings are numbered as Chinese documents number them). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}
