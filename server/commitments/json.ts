// A commitment as the API answers it (DESIGN §7), with `overdue` derived on the way out.
import type { Category, Commitment, Status, SubjectType } from '../../core/types';
import { isOverdue } from '../../core/overdue';
import type { CommitmentRow } from '../db/schema';
import type { ReviewBy } from '../../core/review';

export function commitmentJson(c: CommitmentRow, today: string): Commitment {
  const status = c.status as Status;
  return {
    id: c.id,
    key: c.key,
    year: c.year,
    orgId: c.org_id,
    subjectType: c.subject_type as SubjectType,
    memberId: c.member_id,
    subjectName: c.subject_name,
    category: c.category as Category,
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
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}
