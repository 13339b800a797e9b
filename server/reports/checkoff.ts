// 跟踪问诺 in the monthly report, organisation by organisation: every open item is checked each
// month (记实登记) and finished ones are marked off (挂牌销号). Per organisation: the items open on
// the report's day, how many have a 记实 this month and how many not, and how many were marked off
// this month; then each item still without a 记实, listed organisation by organisation.
import { isOpenOn, statusOn, type FigureCommitment } from '../../core/figures';
import type { Period } from '../../core/period';
import type { IsoDate } from '../../core/types';
import type { CommitmentText, MonthProgress } from './load';
import { ITEM_COLUMNS, itemRow } from './items';
import { tableSheet, type ReportRun, type ReportSheet } from './report';
import { ORG_KIND_LABELS } from './words';

/** 销号 this month: completed by the report's day, on a day of the month. */
export function markedOffIn(f: FigureCommitment, period: Period, asOf: IsoDate): boolean {
  return statusOn(f, asOf) === 'completed' && f.completedOn! >= period.start;
}

export const CHECKOFF_RULE = '记实销号：在办事项（截至日已审核、已公示、进行中）本月应有践诺记实；本月有任何一条记实的算“已记实”。本月销号：本月内完成的事项。';

/** The sheets, from what the monthly report has read: the year's figures (in tree order), this month's progress, the texts. */
export function checkoffSheets(run: ReportRun, figures: FigureCommitment[], progress: Map<number, MonthProgress>, texts: Map<number, CommitmentText>): ReportSheet[] {
  const { period, asOf, scope } = run;
  const tally = new Map<number, { open: number; recorded: number; markedOff: number }>();
  const unrecorded: FigureCommitment[] = [];
  for (const f of figures) {
    const open = isOpenOn(f, asOf);
    const markedOff = markedOffIn(f, period, asOf);
    if (!open && !markedOff) continue;
    const t = tally.get(f.orgId) ?? { open: 0, recorded: 0, markedOff: 0 };
    if (open) {
      t.open += 1;
      if (progress.has(f.id)) t.recorded += 1;
      else unrecorded.push(f);
    }
    if (markedOff) t.markedOff += 1;
    tally.set(f.orgId, t);
  }
  const orgs = scope.orgs.filter((o) => tally.has(o.id));
  return [
    tableSheet('各党组织本月在办事项的记实情况和本月销号件数', {
      name: '记实销号',
      title: '各党组织本月记实与销号',
      columns: [
        { header: '党组织', kind: 'text' },
        { header: '类型', kind: 'text' },
        { header: '在办事项', kind: 'int', total: true },
        { header: '本月已记实', kind: 'int', total: true },
        { header: '本月未记实', kind: 'int', total: true },
        { header: '记实率', kind: 'rate', ratio: { num: [3], den: [2] } },
        { header: '本月销号', kind: 'int', total: true },
      ],
      rows: orgs.map((o) => {
        const t = tally.get(o.id)!;
        return [o.name, ORG_KIND_LABELS[o.kind], t.open, t.recorded, t.open - t.recorded, null, t.markedOff];
      }),
      emptyText: '本月没有在办或销号的事项',
      totalsLabel: '合计',
    }, run),
    tableSheet('截至日在办、本月还没有践诺记实的事项，按党组织排列', {
      name: '未记实事项',
      title: '本月未记实事项（按党组织）',
      columns: ITEM_COLUMNS,
      rows: unrecorded.map((f, i) => itemRow(run, i + 1, f, texts.get(f.id)!)),
      emptyText: '本月所有在办事项都已记实',
    }, run),
  ];
}
