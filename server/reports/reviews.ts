// 审核超期 for reports: reviews not decided within 7 Chinese working days of submission, as the
// report's day sees them — still pending then, or decided late during the period.
import type { Kysely } from 'kysely';
import { CATEGORY_LABELS } from '../../core/category';
import { reviewStandingOn } from '../../core/workdays';
import type { Category } from '../../core/types';
import type { Database } from '../db/schema';
import { chinaDay } from '../clock';
import { scopeIds } from './load';
import type { Column, Value } from './layout/table';
import { orgName, type ReportRun } from './report';

export interface LateReview {
  orgId: number;
  subjectName: string;
  category: Category;
  content: string;
  submittedOn: string;
  due: string;
  /** null while pending on the report's day. */
  decidedOn: string | null;
  workingDaysLate: number;
}

export async function loadLateReviews(db: Kysely<Database>, run: ReportRun): Promise<LateReview[]> {
  const rows = await db
    .selectFrom('commitments')
    .select(['org_id', 'subject_name', 'category', 'content', 'submitted_at', 'reviewed_at'])
    .where('org_id', 'in', scopeIds(db, run.scope))
    .where('year', '=', run.period.year)
    .where('submitted_at', 'is not', null)
    .where('status', '!=', 'withdrawn')
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
  const late: LateReview[] = [];
  for (const r of rows) {
    const submittedOn = chinaDay(r.submitted_at!);
    if (submittedOn > run.asOf) continue;
    // A decision before the latest submission belongs to an earlier round (returned, resubmitted).
    const decidedOn = r.reviewed_at !== null && r.reviewed_at >= r.submitted_at! ? chinaDay(r.reviewed_at) : null;
    const s = reviewStandingOn(submittedOn, decidedOn, run.asOf);
    if (!s.late || (!s.pending && decidedOn! < run.period.start)) continue;
    late.push({
      orgId: r.org_id,
      subjectName: r.subject_name,
      category: r.category as Category,
      content: r.content,
      submittedOn,
      due: s.due,
      decidedOn: s.pending ? null : decidedOn,
      workingDaysLate: s.workingDaysLate,
    });
  }
  return late;
}

export const LATE_REVIEW_COLUMNS: Column[] = [
  { header: '序号', kind: 'int' },
  { header: '所在党组织', kind: 'text' },
  { header: '承诺主体', kind: 'text' },
  { header: '承诺类别', kind: 'text' },
  { header: '承诺内容', kind: 'long' },
  { header: '提交日期', kind: 'date' },
  { header: '应审结日期', kind: 'date' },
  { header: '审核日期', kind: 'text' },
  { header: '超期工作日', kind: 'int' },
];

const dateCell = (d: string) => new Date(`${d}T00:00:00Z`);

export function lateReviewRow(run: ReportRun, n: number, r: LateReview): Value[] {
  return [
    n,
    orgName(run, r.orgId),
    r.subjectName,
    CATEGORY_LABELS[r.category].zh,
    r.content,
    dateCell(r.submittedOn),
    dateCell(r.due),
    r.decidedOn ?? '尚未审核',
    r.workingDaysLate,
  ];
}
