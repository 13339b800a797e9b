// 每月自查 (monthly self-check): the open items with this month's progress, what falls due, what
// is overdue, what was marked off, who recorded nothing, and counts by category and status.
import { CATEGORY_LABELS } from '../../core/category';
import { STATUS_LABELS } from '../../core/status';
import { CATEGORIES, STATUSES } from '../../core/types';
import { byCategoryAndStatus, daysOverdueOn, isDueIn, isOpenOn, statusOn } from '../../core/figures';
import { loadAllRectifications, loadFigures, loadMemberNames, loadMembers, loadProgress, loadTexts } from './load';
import { LATE_REVIEW_COLUMNS, lateReviewRow, loadLateReviews } from './reviews';
import { RECTIFICATION_COLUMNS, rectificationRow } from './rectifications';
import { ITEM_COLUMNS, inTreeOrder, itemRow } from './items';
import { orgName, RULES, tableSheet, type Builder } from './report';
import { ROLE_LABELS } from './words';
import { phaseSheet } from './phases';

export const buildMonthly: Builder = async (run) => {
  const { ctx, scope, period, asOf, tz } = run;
  const figures = inTreeOrder(run, await loadFigures(ctx.db, scope, period.year, tz));
  const texts = await loadTexts(ctx.db, scope, period.year);
  const progress = await loadProgress(ctx.db, scope, period.key);
  const members = await loadMembers(ctx.db, figures);

  const open = figures.filter((f) => isOpenOn(f, asOf));
  const due = figures.filter((f) => isDueIn(f, period));
  const overdue = figures.filter((f) => daysOverdueOn(f, asOf) > 0);
  const markedOff = figures.filter((f) => statusOn(f, asOf) === 'completed' && f.completedOn! >= period.start);

  // Members with something open this month and no progress entry on any of their commitments.
  const wrote = new Set(figures.filter((f) => progress.has(f.id)).map((f) => f.memberId));
  const openPerMember = new Map<number, number>();
  for (const f of open) if (f.memberId !== null) openPerMember.set(f.memberId, (openPerMember.get(f.memberId) ?? 0) + 1);
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  const silent = members
    .filter((m) => openPerMember.has(m.id) && !wrote.has(m.id))
    .sort((a, b) => place.get(a.orgId)! - place.get(b.orgId)! || a.id - b.id);

  const lateReviews = await loadLateReviews(ctx.db, run);
  // Rectifications open on the report's day that fall due this month or are past due.
  const rectifying = (await loadAllRectifications(ctx.db, scope, tz)).filter(
    (r) => r.createdOn <= asOf && (r.doneOn === null || r.doneOn > asOf) && (r.dueOn < asOf || (r.dueOn >= period.start && r.dueOn <= period.end)),
  );
  // A rectified member may have made no commitment this year: their name is read on its own.
  const rectifiedMembers = await loadMemberNames(ctx.db, rectifying.filter((r) => r.targetType === 'member').map((r) => r.targetId));
  const memberName = new Map(rectifiedMembers.map((m) => [m.id, m.name]));

  const breakdown = byCategoryAndStatus(figures, asOf);
  const statusCount = STATUSES.length;

  return {
    rules: [RULES.asOf, RULES.due, RULES.overdue, '未记实党员：截至日有在办事项、但本月没有任何一条践诺记实的党员。', RULES.lateReview],
    highlights: [['审核超期', `${lateReviews.length} 件（${lateReviews.filter((r) => r.decidedOn === null).length} 件尚未审核）`]],
    sheets: [
      tableSheet('截至日所有在办事项（已审核、已公示、进行中）及本月践诺记实', {
        name: '在办事项',
        title: '在办承诺事项及本月进展',
        columns: [...ITEM_COLUMNS, { header: '本月进展', kind: 'long' }, { header: '进度(%)', kind: 'int' }],
        rows: open.map((f, i) => {
          const p = progress.get(f.id);
          return [...itemRow(run, i + 1, f, texts.get(f.id)!), p?.note ?? '', p?.percent ?? null];
        }),
        emptyText: '本月没有在办的承诺事项',
      }, run),
      tableSheet('完成时限在本月的事项', {
        name: '本月到期',
        title: '本月到期事项',
        columns: ITEM_COLUMNS,
        rows: due.map((f, i) => itemRow(run, i + 1, f, texts.get(f.id)!)),
        emptyText: '本月没有到期的承诺事项',
      }, run),
      tableSheet('截至日已过完成时限仍未完成的事项', {
        name: '逾期事项',
        title: '逾期未完成事项',
        columns: [...ITEM_COLUMNS, { header: '逾期天数', kind: 'int' }],
        rows: overdue.map((f, i) => [...itemRow(run, i + 1, f, texts.get(f.id)!), daysOverdueOn(f, asOf)]),
        emptyText: '截至本月没有逾期事项',
      }, run),
      await phaseSheet(run),
      tableSheet('本月完成、挂牌销号的事项', {
        name: '本月销号',
        title: '本月挂牌销号事项',
        columns: [...ITEM_COLUMNS, { header: '完成日期', kind: 'date' }],
        rows: markedOff.map((f, i) => [...itemRow(run, i + 1, f, texts.get(f.id)!), new Date(`${f.completedOn}T00:00:00Z`)]),
        emptyText: '本月没有挂牌销号的事项',
      }, run),
      tableSheet('有在办事项但本月没有践诺记实的党员', {
        name: '未记实党员',
        title: '本月未记实党员名单',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '所在党组织', kind: 'text' },
          { header: '姓名', kind: 'text' },
          { header: '党员类别', kind: 'text' },
          { header: '在办事项数', kind: 'int', total: true },
        ],
        rows: silent.map((m, i) => [i + 1, orgName(run, m.orgId), m.name, ROLE_LABELS[m.role], openPerMember.get(m.id)!]),
        emptyText: '本月所有有在办事项的党员都已记实',
        totalsLabel: '合计',
      }, run),
      tableSheet('提交后 7 个工作日内未审核的事项：截至日仍未审核的，和本月超期审核的', {
        name: '审核超期',
        title: '审核超期事项',
        columns: LATE_REVIEW_COLUMNS,
        rows: lateReviews.map((r, i) => lateReviewRow(run, i + 1, r)),
        emptyText: '本月没有审核超期的事项',
      }, run),
      tableSheet('截至日尚未整改完成、本月到期或已超过整改时限的整改事项', {
        name: '整改事项',
        title: '限期整改：本月到期及逾期',
        columns: [...RECTIFICATION_COLUMNS, { header: '是否逾期', kind: 'text' }],
        rows: rectifying.map((r, i) => [...rectificationRow(run, i + 1, r, (id) => memberName.get(id)), r.dueOn < asOf ? '逾期' : '本月到期']),
        emptyText: '本月没有到期或逾期的整改事项',
      }, run),
      tableSheet('本年度全部承诺按类别和截至日状态的件数', {
        name: '分类统计',
        title: '承诺事项分类统计',
        columns: [
          { header: '承诺类别', kind: 'text' },
          ...STATUSES.map((s) => ({ header: STATUS_LABELS[s].zh, kind: 'int' as const, total: true })),
          { header: '合计', kind: 'int', total: true, rowSum: [1, statusCount] },
        ],
        rows: figures.length === 0 ? [] : CATEGORIES.map((c) => {
          const counts = STATUSES.map((s) => breakdown[c][s]);
          return [CATEGORY_LABELS[c].zh, ...counts, counts.reduce((a, b) => a + b, 0)];
        }),
        emptyText: '本年度没有承诺事项',
        totalsLabel: '合计',
      }, run),
    ],
  };
};
