// The status a ledger row (batch or import) leaves a record in: the row's stated status as far as
// the actor reaches it through the lifecycle, with review held to the reviewer fixed at submission
// and a change to what was reviewed sending the record back (server/commitments/review.ts).
import { STATUS_LABELS } from '../../core/status';
import { reviewedFieldWords, type ReviewedField } from '../../core/review';
import type { FieldError, MemberRole, Status, TransitionAction, UserRole } from '../../core/types';
import type { CommitmentRow, NewCommitment } from '../db/schema';
import type { pathTo } from './steps';
import {
  APPROVED_OR_BEYOND,
  fixColumns,
  fixReviewer,
  mayReview,
  standingAfter,
  storedFix,
  SUBMITTED,
  type ReviewFix,
  type ReviewTree,
  type Standing,
} from './review';

export interface RowStatusInput {
  actor: { id: number; role: UserRole; orgId: number | null };
  before?: CommitmentRow;
  /** The record's columns as the row leaves them, but its status. */
  next: Pick<CommitmentRow, 'org_id' | 'content' | 'measures' | 'expected' | 'deadline' | 'plan' | 'category' | 'subject_type' | 'subject_name' | 'member_id'>;
  /** The role that decides review for the row's subject (review.ts roleForReview). */
  memberRole: MemberRole | null;
  /** The status the row states; null when it states none. */
  stated: Status | null;
  options: { legacy?: boolean; newKeepStatus?: boolean; reviewsStored?: boolean };
  tree: ReviewTree;
  /** pathTo, memoised by the caller, and the step columns of a path. */
  reach: typeof pathTo;
  stampsOf: (path: TransitionAction[]) => Partial<NewCommitment>;
}

export type RowStatus =
  | { ok: false; error: FieldError }
  | {
    ok: true;
    status: Status;
    stamps: Partial<NewCommitment>;
    warnings: FieldError[];
    review: { fix: ReviewFix; approved: boolean; sentBack: ReviewedField[] };
  };

const warn = (code: string, zh: string, en: string): FieldError => ({ field: 'status', code, message: { zh, en } });

export function rowStatus({ actor, before, next, memberRole, stated, options, tree, reach, stampsOf }: RowStatusInput): RowStatus {
  const standing: Standing = before ? standingAfter(before, next) : { ok: true, from: 'proposed', sentBack: [] };
  if (!standing.ok) return standing;
  const { from, sentBack } = standing;
  const fix = (before && sentBack.length === 0 && storedFix(before)) || fixReviewer(tree, { orgId: next.org_id, subjectType: next.subject_type, memberRole });
  const reviews = (!before || options.reviewsStored !== false) && mayReview(tree, actor.orgId, fix);
  const wanted: Status = stated ?? (before ? from : options.legacy ? 'published' : 'proposed');
  const relation = next.org_id === actor.orgId ? 'same' : 'above';
  const path = reach({ id: actor.id, role: actor.role, relation }, { status: from, reviewBy: fix.reviewBy, mayReview: reviews }, wanted);
  // An approval: the record reaches `approved` or beyond from a status before it.
  const approvesTo = (s: Status) => APPROVED_OR_BEYOND.includes(s) && !(before && APPROVED_OR_BEYOND.includes(from));
  const warnings: FieldError[] = [];
  let status = wanted;
  if (!path) {
    // A migration keeps the status as written (admins; reviewers' new records); approving stays the fixed reviewer's.
    const keeps = actor.role === 'admin' || (options.newKeepStatus && !before);
    if (keeps && approvesTo(wanted) && !reviews) {
      status = before ? from : 'under_review';
      warnings.push(needsReviewer(wanted, status, fix));
    } else if (!keeps) {
      status = from;
      if (stated !== null) {
        const [w, f] = [STATUS_LABELS[wanted], STATUS_LABELS[from]];
        warnings.push(warn('status.not_allowed', `无权将状态改为“${w.zh}”，仍为“${f.zh}”`, `Not allowed to set the status to ${w.en}; it stays ${f.en}`));
      }
    }
  }
  if (sentBack.length > 0) {
    const words = reviewedFieldWords(sentBack);
    warnings.push(warn('review.sent_back', `审核过的内容（${words.zh}）已修改，承诺退回“已提出”，须重新提交审核`, `Reviewed fields (${words.en}) changed: the commitment is back to proposed and needs review again`));
  }
  const approved = approvesTo(status);
  const stamps: Partial<NewCommitment> = {
    ...(path && !options.legacy ? stampsOf(path) : {}),
    ...(SUBMITTED.includes(status) ? fixColumns(fix) : sentBack.length > 0 ? { review_by: null, review_org_id: null } : {}),
    ...(approved && { reviewer_id: actor.id }),
  };
  return { ok: true, status, stamps, warnings, review: { fix, approved, sentBack } };
}

const REVIEWER_WORDS: Record<ReviewFix['reviewBy'], { zh: string; en: string }> = {
  branch: { zh: '本党组织或上级党组织', en: 'this organisation or one above it' },
  above: { zh: '上级党组织', en: 'the organisation above' },
  committee: { zh: '上级党委', en: 'a Party committee above' },
};

function needsReviewer(wanted: Status, kept: Status, fix: ReviewFix): FieldError {
  const [w, k, who] = [STATUS_LABELS[wanted], STATUS_LABELS[kept], REVIEWER_WORDS[fix.reviewBy]];
  return warn('status.needs_reviewer', `“${w.zh}”须经${who.zh}审核，现为“${k.zh}”`, `${w.en} needs review by ${who.en}; it is ${k.en.toLowerCase()}`);
}
