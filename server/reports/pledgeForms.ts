// 承诺书 (pledge forms): one printable form per organisation (seed 003 附件1) and per member
// (附件2), each on its own page, with the commitments that passed review filled in by category.
import type ExcelJS from 'exceljs';
import type { Category } from '../../core/types';
import { loadFigures, loadMembers, loadTexts, type CommitmentText, type ScopeMember } from './load';
import { inTreeOrder } from './items';
import { PUBLIC_STATUSES } from './notice';
import type { Builder, ReportRun, ReportSheet } from './report';
import { a4 } from './layout/print';
import { zipCaughtUp } from './layout/workbook';
import { BODY, BORDER, BOLD, CENTER, SUBTITLE_FONT, TITLE_FONT, WRAP } from './layout/style';
import { wrappedLines } from './layout/table';
import { deadlineCell } from './words';

const WIDTHS = [9, 12, 8, 8, 8, 10, 10, 12];
const TEXT_WIDTH = WIDTHS.slice(2).reduce((a, b) => a + b, 0);
const CELL: Partial<ExcelJS.Style> = { font: BODY, border: BORDER, alignment: { ...CENTER } };
const TEXT: Partial<ExcelJS.Style> = { font: BODY, border: BORDER, alignment: { ...WRAP, vertical: 'middle' } };
const LABEL: Partial<ExcelJS.Style> = { border: BORDER, alignment: { ...CENTER, textRotation: 'vertical' }, font: BOLD };

const GENDER: Record<string, string> = { male: '男', female: '女' };

export const buildPledgeForms: Builder = async (run) => {
  const { ctx, scope, period, tz } = run;
  const figures = inTreeOrder(run, (await loadFigures(ctx.db, scope, period.year, tz)).filter((f) => PUBLIC_STATUSES.has(f.status)));
  const texts = await loadTexts(ctx.db, scope, period.year, new Set(figures.map((f) => f.id)));
  const byOrg = new Map<number, CommitmentText[]>();
  const byMember = new Map<number, CommitmentText[]>();
  for (const f of figures) {
    const t = texts.get(f.id)!;
    const into = f.memberId === null ? byOrg : byMember;
    const key = f.memberId ?? f.orgId;
    into.set(key, [...(into.get(key) ?? []), t]);
  }
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  const members = (await loadMembers(ctx.db, figures, [], run.scope))
    .filter((m) => byMember.has(m.id))
    .sort((a, b) => place.get(a.orgId)! - place.get(b.orgId)! || a.id - b.id);
  const orgs = scope.orgs.filter((o) => byOrg.has(o.id));
  const goals = new Map(
    orgs.length
      ? (await ctx.db.selectFrom('org_goals').select(['org_id', 'goal']).where('year', '=', period.year).where('org_id', 'in', orgs.map((o) => o.id)).execute()).map((g) => [g.org_id, g.goal])
      : [],
  );

  const sheet = (name: string, holds: string, forms: number, writeForms: (ws: ExcelJS.Worksheet) => Promise<void>): ReportSheet => ({
    name,
    holds,
    async write(wb) {
      const ws = wb.addWorksheet(name, { pageSetup: a4({ landscape: false }) });
      ws.columns = WIDTHS.map((width) => ({ width }));
      if (forms === 0) {
        const none = ws.addRow([`本年度没有可生成${name}的承诺`]);
        none.getCell(1).style = { font: BODY };
        none.commit();
      } else await writeForms(ws);
      ws.commit();
      return ws.id;
    },
  });

  return {
    rules: ['承诺书收入经审核通过的承诺（已审核、已公示、进行中、已完成、未完成），每份单独成页；签名、盖章、日期留待手写。'],
    sheets: [
      sheet('党组织承诺书', `${orgs.length} 份，格式同附件1`, orgs.length, async (ws) => {
        for (const [i, o] of orgs.entries()) {
          orgForm(ws, run, o.name, goals.get(o.id) ?? '', byOrg.get(o.id)!);
          if (i % 100 === 99) await zipCaughtUp(ws);
        }
      }),
      sheet('党员承诺书', `${members.length} 份，格式同附件2`, members.length, async (ws) => {
        for (const [i, m] of members.entries()) {
          memberForm(ws, run, m, byMember.get(m.id)!);
          if (i % 100 === 99) await zipCaughtUp(ws);
        }
      }),
    ],
  };
};

function orgForm(ws: ExcelJS.Worksheet, run: ReportRun, name: string, goal: string, items: CommitmentText[]): void {
  title(ws, `${run.period.year}年基层党组织公开承诺书`);
  labelled(ws, '名  称', name, 24);
  labelled(ws, '创建目标', goal, 48);
  commitmentRows(ws, items, { common: '共性承诺', post: '履职承诺', deed: '实事承诺' });
  closing(ws, [['党组织书记（签名）：\n\n（党组织盖章）\n\n年      月      日', 1, 8]]);
  note(ws, '注：1、若表中空格不够，可另附页；2、本承诺书一式三份，本组织存一份，上一级党组织存一份，公示一份。');
}

function memberForm(ws: ExcelJS.Worksheet, run: ReportRun, m: ScopeMember, items: CommitmentText[]): void {
  title(ws, `${run.period.year}年党员公开承诺书`);
  const age = m.birthYear ? String(run.period.year - m.birthYear) : '';
  const facts = ws.addRow(['姓  名', m.name, '性 别', GENDER[m.gender ?? ''] ?? '', '年 龄', age, '入党年月', m.joinedOn ?? '']);
  facts.height = 24;
  facts.eachCell({ includeEmpty: true }, (c, i) => (c.style = i % 2 ? { ...CELL, font: BOLD } : CELL));
  facts.commit();
  labelled(ws, '单位及职务', m.unitPost ?? '', 24);
  commitmentRows(ws, items, { common: '共性承诺', post: '岗位承诺', deed: '实事承诺' });
  closing(ws, [
    ['承诺人（签名）：\n\n\n年      月      日', 1, 4],
    ['党支部审定意见：\n\n（盖章）\n年      月      日', 5, 8],
  ]);
  note(ws, '注：1、若表中空格不够，可另附页；2、本承诺书一式三份，本人存一份，党组织存一份，公示一份。');
}

function title(ws: ExcelJS.Worksheet, text: string): void {
  const row = ws.addRow([text]);
  row.height = 36;
  row.getCell(1).style = { font: TITLE_FONT, alignment: CENTER };
  ws.mergeCells(row.number, 1, row.number, 8);
  row.commit();
}

function labelled(ws: ExcelJS.Worksheet, label: string, value: string, height: number): void {
  const row = ws.addRow([label, value]);
  row.height = Math.max(height, wrappedLines(value, TEXT_WIDTH + WIDTHS[1] - 2) * 16 + 8);
  row.getCell(1).style = { ...CELL, font: BOLD };
  for (let i = 2; i <= 8; i++) row.getCell(i).style = TEXT;
  ws.mergeCells(row.number, 2, row.number, 8);
  row.commit();
}

/** 承诺内容: one row per category, the items numbered, the label running down the left. */
function commitmentRows(ws: ExcelJS.Worksheet, items: CommitmentText[], labels: Partial<Record<Category, string>>): void {
  const categories: Category[] = ['common', 'post', 'deed'];
  if (items.some((i) => i.category === 'discipline')) categories.push('discipline');
  const rows: ExcelJS.Row[] = [];
  for (const c of categories) {
    const text = items
      .filter((i) => i.category === c)
      .map((i, n) => `${n + 1}. ${i.content}（完成时限：${fmtDeadline(i.deadline)}）`)
      .join('\n');
    const row = ws.addRow(['承诺内容', labels[c] ?? '自律承诺', text]);
    row.height = Math.max(48, wrappedLines(text, TEXT_WIDTH - 2) * 16 + 10);
    row.getCell(1).style = LABEL;
    row.getCell(2).style = { ...CELL, font: BOLD };
    for (let i = 3; i <= 8; i++) row.getCell(i).style = TEXT;
    ws.mergeCells(row.number, 3, row.number, 8);
    rows.push(row);
  }
  // The label merges down all the rows, so they are committed only after it.
  ws.mergeCells(rows[0].number, 1, rows[rows.length - 1].number, 1);
  for (const row of rows) row.commit();
}

function closing(ws: ExcelJS.Worksheet, parts: [text: string, from: number, to: number][]): void {
  const values: string[] = Array(8).fill('');
  for (const [text, from] of parts) values[from - 1] = text;
  const row = ws.addRow(values);
  row.height = 96;
  for (let i = 1; i <= 8; i++) row.getCell(i).style = { font: BODY, border: BORDER, alignment: { vertical: 'top', wrapText: true } };
  for (const [, from, to] of parts) ws.mergeCells(row.number, from, row.number, to);
  row.commit();
}

function note(ws: ExcelJS.Worksheet, text: string): void {
  const row = ws.addRow([text]);
  row.height = 30;
  row.getCell(1).style = { font: SUBTITLE_FONT, alignment: { vertical: 'top', wrapText: true } };
  ws.mergeCells(row.number, 1, row.number, 8);
  row.addPageBreak();
  row.commit();
}


function fmtDeadline(d: string): string {
  const cell = deadlineCell(d);
  return typeof cell === 'string' ? cell : d;
}
