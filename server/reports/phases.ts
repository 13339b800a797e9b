// 本月到期的阶段和逾期阶段 (monthly report): the phases of phased plans (践诺计划) that fall due
// in the month, done or not, and those past their day and still undone on the report's day,
// per organisation as the tree runs. A phase or item finished after the report's day counts as
// not yet finished, as every list of the report does.
import { phaseOverdue, loadPlan } from '../../core/plan';
import { daysOverdue } from '../../core/overdue';
import { statusOn } from '../../core/figures';
import type { Status } from '../../core/types';
import { subtreeIds } from '../scope';
import { localDay } from './load';
import { orgName, tableSheet, type ReportRun, type ReportSheet } from './report';
import type { Column, Value } from './layout/table';

export const PHASE_SHEET = '本月到期的阶段和逾期阶段';

export interface PhaseLine {
  orgId: number;
  commitmentId: number;
  subjectName: string;
  content: string;
  /** 1 is the plan's first phase. */
  phase: number;
  target: string;
  by: string;
  /** The day it was done, when on or before the report's day. */
  doneOn: string | null;
  daysOverdue: number;
}

export const PHASE_COLUMNS: Column[] = [
  { header: '序号', kind: 'int' },
  { header: '所在党组织', kind: 'text' },
  { header: '承诺主体', kind: 'text' },
  { header: '承诺内容', kind: 'long' },
  { header: '阶段', kind: 'int' },
  { header: '阶段目标', kind: 'long' },
  { header: '阶段时限', kind: 'date' },
  { header: '完成日期', kind: 'text' },
  { header: '逾期天数', kind: 'int' },
];

/** The year's phases due in the report's month or overdue on its day, withdrawn items aside. */
export async function loadPhaseLines(run: ReportRun): Promise<PhaseLine[]> {
  const { period, asOf } = run;
  const day = localDay(run.tz);
  const rows = await run.ctx.db
    .selectFrom('commitments')
    .select(['id', 'org_id', 'subject_name', 'content', 'status', 'completed_at', 'plan'])
    .where('org_id', 'in', subtreeIds(run.ctx.db, run.scope.root.id))
    .where('year', '=', period.year)
    .where('plan', 'is not', null)
    .where('status', '!=', 'withdrawn')
    .execute();
  const place = new Map(run.scope.orgs.map((o, i) => [o.id, i]));
  rows.sort((a, b) => place.get(a.org_id)! - place.get(b.org_id)! || a.id - b.id);
  const lines: PhaseLine[] = [];
  for (const c of rows) {
    const status = statusOn({ status: c.status as Status, completedOn: c.completed_at && day(c.completed_at) }, asOf);
    loadPlan(c.plan)!.forEach((p, i) => {
      const doneOn = p.doneOn !== null && p.doneOn <= asOf ? p.doneOn : null;
      const late = phaseOverdue({ ...p, doneOn }, status, asOf);
      const dueThisMonth = p.by >= period.start && p.by <= period.end;
      if (!dueThisMonth && !late) return;
      lines.push({
        orgId: c.org_id,
        commitmentId: c.id,
        subjectName: c.subject_name,
        content: c.content,
        phase: i + 1,
        target: p.target,
        by: p.by,
        doneOn,
        daysOverdue: late ? daysOverdue({ deadline: p.by, status }, asOf) : 0,
      });
    });
  }
  return lines;
}

export function phaseRow(run: ReportRun, n: number, l: PhaseLine): Value[] {
  return [n, orgName(run, l.orgId), l.subjectName, l.content, l.phase, l.target, new Date(`${l.by}T00:00:00Z`), l.doneOn ?? '未完成', l.daysOverdue];
}

export async function phaseSheet(run: ReportRun): Promise<ReportSheet> {
  const lines = await loadPhaseLines(run);
  return tableSheet('践诺计划中阶段时限在本月的阶段（完成与否），和截至日已过阶段时限仍未完成的阶段', {
    name: PHASE_SHEET,
    title: '本月到期的阶段和逾期阶段',
    columns: PHASE_COLUMNS,
    rows: lines.map((l, i) => phaseRow(run, i + 1, l)),
    emptyText: '本月没有到期或逾期的阶段',
  }, run);
}
