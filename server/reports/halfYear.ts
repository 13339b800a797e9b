// 半年通报 (half-year bulletin): per organisation completion, overdue items, satisfaction and
// ranking; the lagging list; the items more than 30 days overdue.
//
// Like is ranked with like: branches among branches on their own figures; general branches (and
// committees below the report's organisation) among their own kind on everything below them. The
// report's own organisation is the whole, never ranked among its parts.
import { daysOverdueOn, lagging, LAGGING_RULE, rankWithin, type LagReason, type LagStanding } from '../../core/figures';
import type { OrgKind } from '../../core/types';
import { loadEvaluations, loadFigures, loadTexts, type ScopeOrg } from './load';
import { ITEM_COLUMNS, inTreeOrder, itemRow } from './items';
import { perOrganisation, perSubtree, type SubjectFigures } from './perSubject';
import { RULES, tableSheet, type Builder } from './report';
import type { Column } from './layout/table';
import { ORG_KIND_LABELS } from './words';
import { lateProposersSheet, PROPOSE_BY_RULE } from './proposeBy';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const LAG_WORDS: Record<LagReason, string> = {
  low_completion: `兑现率低于${percent(LAGGING_RULE.completionBelow)}且低于同类党组织的中位数`,
  long_overdue: `逾期超过30天的事项超过本年承诺的${percent(LAGGING_RULE.longOverdueShare)}`,
};
/** What each kind is ranked among, as the sheets say it. */
const RANKED_AMONG: Record<OrgKind, string> = { branch: '党支部', general_branch: '党总支（含所属党支部）', committee: '党委（含下级党组织）' };

const RANKING_RULE =
  '排名：同类相比。党支部在党支部中排名（本支部及其党员的承诺）；党总支在党总支中、下级党委在党委中排名，按其本身和全部下级党组织合计（见“总支排名”）；本报表的党组织是全体，不参加排名。按兑现率从高到低，并列时看满意率、再看逾期件数；无到期事项的不排名。';
const LAGGING_RULE_TEXT = `后进：在同类党组织中评定，期内到期不少于${LAGGING_RULE.minDue}件（件数太少不评）且有下列情形之一：${LAG_WORDS.low_completion}；${LAG_WORDS.long_overdue}。`;

export const buildHalfYear: Builder = async (run) => {
  const { ctx, scope, period, asOf, tz } = run;
  const figures = await loadFigures(ctx.db, scope, period.year, tz);
  const surveys = await loadEvaluations(ctx.db, scope, 'survey', [period.key], tz);
  const own = perOrganisation(run, figures, surveys);
  const shown = (r: SubjectFigures<ScopeOrg>) => r.tally.made > 0 || r.answers.satisfied + r.answers.basicallySatisfied + r.answers.unsatisfied > 0;
  const below = (r: SubjectFigures<ScopeOrg>) => r.subject.id !== scope.root.id;

  const rows = own.filter(shown);
  const branches = judge(rows, (r) => below(r) && r.subject.kind === 'branch');
  const wholes = perSubtree(own).filter((r) => below(r) && r.subject.kind !== 'branch' && shown(r));
  const higher = judge(wholes, () => true);
  const lagged = [...rows.map((r, i) => ({ r, why: branches.lags[i] })), ...wholes.map((r, i) => ({ r, why: higher.lags[i] }))].filter((x) => x.why.length);

  const longOverdue = inTreeOrder(run, figures.filter((f) => daysOverdueOn(f, asOf) > 30));
  const texts = await loadTexts(ctx.db, scope, period.year, new Set(longOverdue.map((f) => f.id)));

  return {
    rules: [RULES.asOf, RULES.due, RULES.completion, RULES.overdue, RULES.satisfaction, RANKING_RULE, LAGGING_RULE_TEXT, '“半年通报”各党组织一行统计本组织及其直属党员的承诺；满意率为对本组织的群众评议。', PROPOSE_BY_RULE],
    sheets: [
      tableSheet('各党组织兑现率、逾期件数、满意率；党支部在党支部中的排名', {
        name: '半年通报',
        title: '公开承诺践诺情况半年通报',
        columns: FIGURE_COLUMNS,
        rows: rows.map((r, i) => figureRow(r, branches.ranks[i], branches.lags[i])),
        emptyText: '本期没有承诺事项和评议结果',
        totalsLabel: '合计',
      }, run),
      tableSheet('党总支（及下级党委）按本身和全部下级党组织合计，在同类中的排名', {
        name: '总支排名',
        title: '党总支排名（含所属党支部）',
        columns: FIGURE_COLUMNS,
        rows: wholes.map((r, i) => figureRow(r, higher.ranks[i], higher.lags[i])),
        emptyText: '本范围内没有党总支或下级党委',
      }, run),
      tableSheet('按同类比较评定的后进党组织', {
        name: '后进名单',
        title: '后进党组织名单',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '党组织', kind: 'text' },
          { header: '比较范围', kind: 'text' },
          { header: '期内到期', kind: 'int' },
          { header: '兑现率', kind: 'rate' },
          { header: '逾期超30天', kind: 'int' },
          { header: '原因', kind: 'text' },
        ],
        rows: lagged.map(({ r, why }, i) => [i + 1, r.subject.name, RANKED_AMONG[r.subject.kind], r.tally.due, r.completionRate, r.tally.overdueOver30, why.map((w) => LAG_WORDS[w]).join('；')]),
        emptyText: '本期没有后进党组织',
      }, run),
      tableSheet('截至日逾期超过30天的事项', {
        name: '逾期超30天',
        title: '逾期超过30天的事项',
        columns: [...ITEM_COLUMNS, { header: '逾期天数', kind: 'int' }],
        rows: longOverdue.map((f, i) => [...itemRow(run, i + 1, f, texts.get(f.id)!), daysOverdueOn(f, asOf)]),
        emptyText: '本期没有逾期超过30天的事项',
      }, run),
      await lateProposersSheet(run),
    ],
  };
};

/** Ranks and lagging reasons of the rows `ranked` picks, each among its own kind. */
function judge(rows: SubjectFigures<ScopeOrg>[], ranked: (r: SubjectFigures<ScopeOrg>) => boolean) {
  const standings: LagStanding[] = rows.map((r) => ({
    completionRate: r.completionRate,
    satisfactionRate: r.satisfactionRate,
    overdue: r.tally.overdue,
    overdueOver30: r.tally.overdueOver30,
    due: r.tally.due,
    made: r.tally.made,
  }));
  const groups = rows.map((r) => (ranked(r) ? r.subject.kind : null));
  return { ranks: rankWithin(standings, groups), lags: lagging(standings, groups) };
}

const FIGURE_COLUMNS: Column[] = [
  { header: '党组织', kind: 'text' },
  { header: '类型', kind: 'text' },
  { header: '承诺件数', kind: 'int', total: true },
  { header: '期内到期', kind: 'int', total: true },
  { header: '到期已完成', kind: 'int', total: true },
  { header: '兑现率', kind: 'rate', ratio: { num: [4], den: [3] } },
  { header: '逾期件数', kind: 'int', total: true },
  { header: '逾期超30天', kind: 'int', total: true },
  { header: '满意', kind: 'int', total: true },
  { header: '基本满意', kind: 'int', total: true },
  { header: '不满意', kind: 'int', total: true },
  { header: '满意率', kind: 'rate', ratio: { num: [8, 9], den: [8, 9, 10] } },
  { header: '排名', kind: 'int' },
  { header: '后进', kind: 'text' },
];

function figureRow(r: SubjectFigures<ScopeOrg>, rank: number | null, why: LagReason[]) {
  return [
    r.subject.name,
    ORG_KIND_LABELS[r.subject.kind],
    r.tally.made,
    r.tally.due,
    r.tally.dueCompleted,
    null,
    r.tally.overdue,
    r.tally.overdueOver30,
    r.answers.satisfied,
    r.answers.basicallySatisfied,
    r.answers.unsatisfied,
    null,
    rank,
    why.length ? '是' : '',
  ];
}
