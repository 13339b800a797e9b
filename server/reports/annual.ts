// 年终总结 (year-end summary): per organisation and per member made / fulfilled / unfulfilled and
// rates, annual ratings, commendation candidates, rectifications, and the year month by month
// with a native line chart on a sheet of its own (Excel on the web will not insert chart sheets,
// so the add-in can leave that one out and insert the rest).
import { addToTallies, trendCounter, type Tally, type TrendMonth } from '../../core/figures';
import { COMMENDATION_RULE, isCommendationCandidate } from '../../core/awards';
import type { ReportRun, ReportSheet } from './report';
import { eachFigure, loadEvaluations, loadMemberNames, loadRectifications, type MemberName } from './load';
import { RECTIFICATION_COLUMNS, rectificationRow } from './rectifications';
import { memberRows, organisationRows, type SubjectFigures } from './perSubject';
import { filingSheet } from './filing';
import { orgName, RULES, subtitle, tableSheet, type Builder } from './report';
import { addTitleSheet, rowsOf, type Column } from './layout/table';
import { drawLineChart, type LineChart } from './layout/chart';
import { ORG_KIND_LABELS, ratingLabel, ROLE_LABELS } from './words';

const TREND_SHEET = '月度趋势';
const CHART_SHEET = '趋势图';

/** The figure columns both summaries share, starting at column index `at`. */
function figureColumns(at: number): Column[] {
  return [
    { header: '承诺件数', kind: 'int', total: true },
    { header: '到期件数', kind: 'int', total: true },
    { header: '到期已兑现', kind: 'int', total: true },
    { header: '已兑现(全部)', kind: 'int', total: true },
    { header: '未兑现', kind: 'int', total: true },
    { header: '逾期未完成', kind: 'int', total: true },
    { header: '长期事项', kind: 'int', total: true },
    { header: '兑现率', kind: 'rate', ratio: { num: [at + 2], den: [at + 1] } },
    { header: '满意', kind: 'int', total: true },
    { header: '基本满意', kind: 'int', total: true },
    { header: '不满意', kind: 'int', total: true },
    { header: '满意率', kind: 'rate', ratio: { num: [at + 8, at + 9], den: [at + 8, at + 9, at + 10] } },
    { header: '年度评定', kind: 'text' },
  ];
}

function figureCells(r: SubjectFigures<unknown>, rating: string): (number | string | null)[] {
  const t = r.tally;
  const a = r.answers;
  return [t.made, t.due, t.dueCompleted, t.completed, t.unfulfilled, t.overdue, t.ongoing, null, a.satisfied, a.basicallySatisfied, a.unsatisfied, null, rating];
}

export const buildAnnual: Builder = async (run) => {
  const { ctx, scope, period, tz } = run;
  const year = period.year;
  const { byOrg, byMember, memberOrg, trend, none } = await countYear(run);
  const surveys = await loadEvaluations(ctx.db, scope, 'survey', [`${year}-H1`, `${year}-H2`, `${year}`], tz);
  const ratings = await loadEvaluations(ctx.db, scope, 'annual', [`${year}`], tz);
  const rectifications = await loadRectifications(ctx.db, scope, year, tz);
  const rectifiedMembers = new Set(rectifications.filter((r) => r.targetType === 'member').map((r) => r.targetId));
  const members = await loadMemberNames(ctx.db, new Set([...byMember.keys(), ...rectifiedMembers]), scope);
  placeMembers(members, memberOrg);

  const ratingOf = new Map(ratings.map((r) => [`${r.targetType}:${r.targetId}`, ratingLabel(r.rating)]));
  const orgs = organisationRows(run, byOrg, surveys).filter((r) => r.tally.made > 0);
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  const people = memberRows(byMember, surveys, members).sort(
    (a, b) => place.get(a.subject.orgId)! - place.get(b.subject.orgId)! || a.subject.id - b.subject.id,
  );
  // Kept for the rectification list only: a map of all 250,000 members would live as long as the sheets.
  const memberById = new Map(members.filter((m) => rectifiedMembers.has(m.id)).map((m) => [m.id, m]));
  const rectified = new Set(rectifications.map((r) => `${r.targetType}:${r.targetId}`));
  const ratingCode = new Map(ratings.map((r) => [`${r.targetType}:${r.targetId}`, r.rating]));
  // Named fields, not a spread of the row: at 250,000 members spread copies cost some 150 MB.
  const candidate = (key: string, r: { tally: Tally; satisfactionRate: number | null }) =>
    isCommendationCandidate({ tally: r.tally, satisfactionRate: r.satisfactionRate, rating: ratingCode.get(key) ?? null, rectified: rectified.has(key) });
  // Only the candidates are made into entries (not one for each of the 280,000 rows, then filtered).
  const candidates: { r: SubjectFigures<unknown>; type: string; org: number; name: string; key: string }[] = [];
  for (const r of orgs) {
    const key = `organization:${r.subject.id}`;
    if (candidate(key, r)) candidates.push({ r, type: '党组织', org: r.subject.parentId ?? r.subject.id, name: r.subject.name, key });
  }
  for (const r of people) {
    const key = `member:${r.subject.id}`;
    if (candidate(key, r)) candidates.push({ r, type: '党员', org: r.subject.orgId, name: r.subject.name, key });
  }
  const trendSheet = tableSheet('每月到期、完成件数和月末逾期件数', {
    name: TREND_SHEET,
    title: '月度践诺趋势',
    columns: [
      { header: '月份', kind: 'text' },
      { header: '当月到期', kind: 'int', total: true },
      { header: '当月完成', kind: 'int', total: true },
      { header: '月末逾期', kind: 'int' },
    ],
    rows: none ? [] : trend.map((m) => [`${Number(m.month.slice(5))}月`, m.due, m.completed, m.overdue]),
    emptyText: '本年度没有承诺事项',
    totalsLabel: '全年',
  }, run);
  const chartSheet = trendChartSheet(run, none ? undefined : {
    title: `${scope.root.name}${year}年月度践诺趋势`,
    dataSheet: TREND_SHEET,
    categoryColumn: 'A',
    firstRow: 4,
    categories: trend.map((m) => `${Number(m.month.slice(5))}月`),
    series: [
      { name: '当月到期', column: 'B', values: trend.map((m) => m.due) },
      { name: '当月完成', column: 'C', values: trend.map((m) => m.completed) },
      { name: '月末逾期', column: 'D', values: trend.map((m) => m.overdue) },
    ],
  });

  return {
    rules: [RULES.asOf, RULES.due, RULES.completion, RULES.overdue, RULES.satisfaction, COMMENDATION_RULE.zh, '未兑现：状态为“未完成/未兑现”的事项；逾期未完成另列。已兑现(全部)含长期事项中已完成的。', '各党组织一行统计本组织及其直属党员的承诺；党员满意率为对该党员本人的评议（上半年、下半年、年度合计）。'],
    sheets: [
      tableSheet('各党组织作出、兑现、未兑现件数，兑现率、满意率和年度评定', {
        name: '组织汇总',
        title: '各党组织践诺情况汇总',
        columns: [{ header: '党组织', kind: 'text' }, { header: '类型', kind: 'text' }, ...figureColumns(2)],
        rows: rowsOf(orgs, (r) => [r.subject.name, ORG_KIND_LABELS[r.subject.kind], ...figureCells(r, ratingOf.get(`organization:${r.subject.id}`) ?? '')]),
        emptyText: '本年度没有承诺事项',
        totalsLabel: '合计',
      }, run),
      tableSheet('每名党员作出、兑现、未兑现件数，兑现率、满意率和年度评定', {
        name: '党员汇总',
        title: '党员践诺情况汇总',
        columns: [{ header: '所在党组织', kind: 'text' }, { header: '姓名', kind: 'text' }, { header: '党员类别', kind: 'text' }, ...figureColumns(3)],
        rows: rowsOf(people, (r) => [orgName(run, r.subject.orgId), r.subject.name, ROLE_LABELS[r.subject.role], ...figureCells(r, ratingOf.get(`member:${r.subject.id}`) ?? '')]),
        emptyText: '本年度没有党员作出承诺',
        totalsLabel: '合计',
      }, run),
      tableSheet('年度评议优秀（好）、到期事项全部兑现、满意率不低于90%且本年度未被整改的党组织和党员', {
        name: '表彰候选',
        title: '表彰候选名单',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '类型', kind: 'text' },
          { header: '所属党组织', kind: 'text' },
          { header: '名称', kind: 'text' },
          { header: '到期件数', kind: 'int' },
          { header: '兑现率', kind: 'rate' },
          { header: '满意率', kind: 'rate' },
          { header: '年度评定', kind: 'text' },
        ],
        rows: candidates.map((c, i) => [i + 1, c.type, orgName(run, c.org), c.name, c.r.tally.due, c.r.completionRate, c.r.satisfactionRate, ratingOf.get(c.key) ?? '']),
        emptyText: '本年度没有符合条件的表彰候选',
      }, run),
      tableSheet('本年度作出的限期整改', {
        name: '整改清单',
        title: '限期整改清单',
        columns: [...RECTIFICATION_COLUMNS, { header: '整改状态', kind: 'text' }],
        rows: rectifications.map((r, i) => [...rectificationRow(run, i + 1, r, (id) => memberById.get(id)?.name), r.status === 'done' ? '已整改' : '整改中']),
        emptyText: '本年度没有限期整改事项',
      }, run),
      await filingSheet(run),
      trendSheet,
      chartSheet,
    ],
  };
};

/**
 * The year's commitments counted as they are read, never held: a tally per organisation and per
 * member, and the month-by-month trend. A function of its own so nothing the sheets keep (their
 * write closures) holds on to these maps while a sheet is being written.
 */
async function countYear(run: ReportRun): Promise<{ byOrg: Map<number, Tally>; byMember: Map<number, Tally>; memberOrg: Map<number, number>; trend: TrendMonth[]; none: boolean }> {
  const { ctx, scope, period, tz, today, asOf } = run;
  const byOrg = new Map<number, Tally>();
  const byMember = new Map<number, Tally>();
  /** The organisation of a member's first commitment of the year, in the scope's order. */
  const memberOrg = new Map<number, number>();
  const trend = trendCounter(period.year, today);
  let none = true;
  await eachFigure(ctx.db, scope, period.year, tz, (f) => {
    none = false;
    addToTallies(byOrg, f.orgId, f, period, asOf);
    if (f.memberId !== null) {
      addToTallies(byMember, f.memberId, f, period, asOf);
      if (!memberOrg.has(f.memberId)) memberOrg.set(f.memberId, f.orgId);
    }
    trend.add(f);
  });
  return { byOrg, byMember, memberOrg, trend: trend.months(), none };
}

/**
 * Each member under the organisation of their first commitment of the year (not where they are
 * now), set on the rows just read rather than copying 250,000 of them. A function of its own so
 * the sheets' closures do not keep `memberOrg` alive.
 */
function placeMembers(members: MemberName[], memberOrg: Map<number, number>): void {
  for (const m of members) m.orgId = memberOrg.get(m.id) ?? m.orgId;
}

/** The chart's own sheet; without a chart (no commitments) it says so instead. */
function trendChartSheet(run: ReportRun, chart: LineChart | undefined): ReportSheet {
  return {
    name: CHART_SHEET,
    holds: `月度趋势的折线图（Excel 原生图表，数据取自「${TREND_SHEET}」）`,
    write: async (wb) =>
      addTitleSheet(
        wb,
        { name: CHART_SHEET, title: '月度践诺趋势图', subtitle: subtitle(run), note: chart ? undefined : '本年度没有承诺事项' },
        chart && ((ws) => drawLineChart(wb, ws, chart)),
      ),
  };
}
