// 公示表 (public notice): every commitment that stood in public this year — subject, item,
// measures, deadline, who answers for it — organisation by organisation, ready to print and post.
import { CATEGORY_LABELS } from '../../core/category';
import type { Status } from '../../core/types';
import { loadFigures, loadTexts } from './load';
import { inTreeOrder } from './items';
import { orgName, tableSheet, type Builder } from './report';
import { deadlineCell } from './words';

/** Statuses of commitments that have passed review, i.e. that are (or were) publicly posted. */
export const PUBLIC_STATUSES: ReadonlySet<Status> = new Set(['approved', 'published', 'in_progress', 'completed', 'unfulfilled']);

export const buildNotice: Builder = async (run) => {
  const { ctx, scope, period, tz } = run;
  const figures = inTreeOrder(run, (await loadFigures(ctx.db, scope, period.year, tz)).filter((f) => PUBLIC_STATUSES.has(f.status)));
  const texts = await loadTexts(ctx.db, scope, period.year, new Set(figures.map((f) => f.id)));
  return {
    rules: ['公示范围：经审核通过的承诺（已审核、已公示、进行中、已完成、未完成）；待审、退回和已撤销的不公示。'],
    sheets: [
      tableSheet('公开承诺公示表', {
        name: '公示表',
        title: `${period.year}年党组织和党员公开承诺公示表`,
        columns: [
          { header: '序号', kind: 'int' },
          { header: '所在党组织', kind: 'text' },
          { header: '承诺主体', kind: 'text' },
          { header: '承诺类别', kind: 'text' },
          { header: '承诺内容', kind: 'long' },
          { header: '保障措施', kind: 'long' },
          { header: '完成时限', kind: 'date' },
          { header: '责任人', kind: 'text' },
        ],
        rows: figures.map((f, i) => {
          const t = texts.get(f.id)!;
          return [i + 1, orgName(run, f.orgId), t.subjectName, CATEGORY_LABELS[f.category].zh, t.content, t.measures ?? '', deadlineCell(f.deadline), t.responsible ?? ''];
        }),
        emptyText: '本年度没有需要公示的承诺',
      }, run),
    ],
  };
};
