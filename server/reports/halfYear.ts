// 半年通报 (half-year bulletin): per organisation completion, overdue items, satisfaction and
// ranking; the lagging list; the items more than 30 days overdue.
import { daysOverdueOn, lagging, rank, type LagReason } from '../../core/figures';
import { loadEvaluations, loadFigures, loadTexts } from './load';
import { ITEM_COLUMNS, inTreeOrder, itemRow } from './items';
import { perOrganisation } from './perSubject';
import { RULES, tableSheet, type Builder } from './report';
import { ORG_KIND_LABELS } from './words';

const LAG_WORDS: Record<LagReason, string> = { bottom_completion: '兑现率排名末尾10%', overdue_over_30: '有逾期超过30天的事项' };

export const buildHalfYear: Builder = async (run) => {
  const { ctx, scope, period, asOf, tz } = run;
  const figures = await loadFigures(ctx.db, scope, period.year, tz);
  const surveys = await loadEvaluations(ctx.db, scope, 'survey', [period.key], tz);
  const rows = perOrganisation(run, figures, surveys).filter((r) => r.tally.made > 0 || r.answers.satisfied + r.answers.basicallySatisfied + r.answers.unsatisfied > 0);
  const standings = rows.map((r) => ({ completionRate: r.completionRate, satisfactionRate: r.satisfactionRate, overdue: r.tally.overdue, overdueOver30: r.tally.overdueOver30 }));
  const ranks = rank(standings);
  const lags = lagging(standings);

  const longOverdue = inTreeOrder(run, figures.filter((f) => daysOverdueOn(f, asOf) > 30));
  const texts = await loadTexts(ctx.db, scope, period.year, new Set(longOverdue.map((f) => f.id)));

  return {
    rules: [RULES.asOf, RULES.due, RULES.completion, RULES.overdue, RULES.satisfaction, '排名：按兑现率从高到低，并列时看满意率、再看逾期件数；无到期事项的不排名。', RULES.lagging, '各党组织一行统计本组织及其直属党员的承诺；满意率为对本组织的群众评议。'],
    sheets: [
      tableSheet('各党组织兑现率、逾期件数、满意率和排名', {
        name: '半年通报',
        title: '公开承诺践诺情况半年通报',
        columns: [
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
        ],
        rows: rows.map((r, i) => [
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
          ranks[i],
          lags[i].length ? '是' : '',
        ]),
        emptyText: '本期没有承诺事项和评议结果',
        totalsLabel: '合计',
      }, run),
      tableSheet('兑现率末尾10%或有逾期超过30天事项的党组织', {
        name: '后进名单',
        title: '后进党组织名单',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '党组织', kind: 'text' },
          { header: '兑现率', kind: 'rate' },
          { header: '逾期超30天', kind: 'int' },
          { header: '原因', kind: 'text' },
        ],
        rows: rows
          .map((r, i) => ({ r, why: lags[i] }))
          .filter((x) => x.why.length)
          .map((x, i) => [i + 1, x.r.subject.name, x.r.completionRate, x.r.tally.overdueOver30, x.why.map((w) => LAG_WORDS[w]).join('；')]),
        emptyText: '本期没有后进党组织',
      }, run),
      tableSheet('截至日逾期超过30天的事项', {
        name: '逾期超30天',
        title: '逾期超过30天的事项',
        columns: [...ITEM_COLUMNS, { header: '逾期天数', kind: 'int' }],
        rows: longOverdue.map((f, i) => [...itemRow(run, i + 1, f, texts.get(f.id)!), daysOverdueOn(f, asOf)]),
        emptyText: '本期没有逾期超过30天的事项',
      }, run),
    ],
  };
};
