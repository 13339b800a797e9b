// A commitment as the API answers it (DESIGN §7), with what is derived on the way out: overdue,
// the review deadline (7 Chinese working days after submission) and the quality hints.
import type { Category, Commitment, IsoDate, Status, SubjectType } from '../../core/types';
import { isOverdue } from '../../core/overdue';
import { loadPlan, planJson } from '../../core/plan';
import { commitmentHints, type HintCode } from '../../core/hints';
import { isReviewLate, reviewDueDate } from '../../core/workdays';
import type { Request, Response } from 'express';
import type { CommitmentRow } from '../db/schema';
import type { AppContext } from '../context';
import { chinaDay } from '../clock';
import { requestLanguage, type Language } from '../http/problem';
import { peerTexts } from './peers';
import type { ReviewBy } from '../../core/review';

export interface CommitmentJson extends Commitment {
  /** While under review: the last day of the 7 working days. */
  reviewDue: IsoDate | null;
  /** Under review past `reviewDue`, or reviewed after it. */
  reviewLate: boolean;
  /** Quality hints (四化三可), in the request's language. */
  hints: Array<{ code: HintCode; message: string }>;
}

export interface JsonOptions {
  /** Other members' texts for the copied hint (see peerTexts); without them that hint is left out. */
  peers?: readonly string[];
  lang?: Language;
}

/** The record as JSON on `today`. */
export function commitmentJson(c: CommitmentRow, today: string, { peers, lang = 'zh' }: JsonOptions = {}): CommitmentJson {
  const status = c.status as Status;
  const category = c.category as Category;
  return {
    id: c.id,
    key: c.key,
    year: c.year,
    orgId: c.org_id,
    subjectType: c.subject_type as SubjectType,
    memberId: c.member_id,
    subjectName: c.subject_name,
    category,
    content: c.content,
    measures: c.measures,
    expected: c.expected,
    deadline: c.deadline,
    responsible: c.responsible,
    status,
    progress: c.progress,
    remarks: c.remarks,
    reviewerId: c.reviewer_id,
    reviewNote: c.review_note,
    reviewBy: c.review_by as ReviewBy | null,
    reviewOrgId: c.review_org_id,
    submittedAt: c.submitted_at,
    reviewedAt: c.reviewed_at,
    publishedAt: c.published_at,
    completedAt: c.completed_at,
    version: c.version,
    overdue: isOverdue({ deadline: c.deadline, status }, today),
    plan: planJson(loadPlan(c.plan), status, today),
    ...reviewTiming(c, today),
    hints: commitmentHints({ content: c.content, measures: c.measures, expected: c.expected, category, deadline: c.deadline, year: c.year }, peers).map(
      (h) => ({ code: h.code, message: h.message[lang] }),
    ),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** The review deadline of a record under review, and whether its review is (or was) late. */
export function reviewTiming(c: Pick<CommitmentRow, 'status' | 'submitted_at' | 'reviewed_at'>, today: string) {
  if (c.submitted_at === null) return { reviewDue: null, reviewLate: false };
  const submitted = chinaDay(c.submitted_at);
  if (c.status === 'under_review') {
    return { reviewDue: reviewDueDate(submitted), reviewLate: isReviewLate(submitted, today) };
  }
  // Decided: late when decided after its due day (a later resubmission starts a new count).
  const decided = c.reviewed_at !== null && c.reviewed_at >= c.submitted_at ? chinaDay(c.reviewed_at) : null;
  return { reviewDue: null, reviewLate: decided !== null && isReviewLate(submitted, decided) };
}

/** One record with its ETag, and its hints against the other members of its organisation. */
export async function sendOne(ctx: AppContext, req: Request, res: Response, row: CommitmentRow, today: string): Promise<void> {
  const peersOf = await peerTexts(ctx.db, [row]);
  res.set('ETag', `"${row.version}"`).json(commitmentJson(row, today, { peers: peersOf(row), lang: requestLanguage(req) }));
}
