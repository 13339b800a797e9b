// Records approved around the review rule before it held (DESIGN §4 "Review holds"): approved or
// beyond, with a recorded reviewer who is not the reviewer the rule names — fixed at submission
// where stored, else as the rule reads now. Listed by `npm run cli -- review-holds` and counted at
// server start, for a reviewer to decide again. A record without a recorded reviewer (migrated
// from a ledger reviewed outside the system) is not listed: nobody in the system approved it.
import type { Kysely } from 'kysely';
import type { ReviewBy } from '../../core/review';
import type { Database } from '../db/schema';
import { APPROVED_OR_BEYOND, fixReviewer, loadReviewTree, mayReview, roleForReview, storedFix } from './review';

export interface ReviewHold {
  id: number;
  year: number;
  orgId: number;
  orgName: string;
  subjectName: string;
  status: string;
  /** The reviewer the record needs. */
  reviewBy: ReviewBy;
  reviewOrgId: number | null;
  /** The recorded reviewer. */
  approvedBy: { id: number; login: string; orgId: number | null };
}

const PAGE = 2000;

export async function findReviewHolds(db: Kysely<Database>): Promise<ReviewHold[]> {
  const users = new Map((await db.selectFrom('users').select(['id', 'login', 'role', 'org_id']).execute()).map((u) => [u.id, u]));
  const holds: ReviewHold[] = [];
  for (let after = 0; ; ) {
    const page = await db
      .selectFrom('commitments')
      .innerJoin('organizations', 'organizations.id', 'commitments.org_id')
      .select([
        'commitments.id', 'commitments.year', 'commitments.org_id', 'organizations.name as org_name', 'commitments.subject_type',
        'commitments.subject_name', 'commitments.member_id', 'commitments.status', 'commitments.reviewer_id',
        'commitments.review_by', 'commitments.review_org_id',
      ])
      .where('commitments.status', 'in', APPROVED_OR_BEYOND)
      .where('commitments.id', '>', after)
      .orderBy('commitments.id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) return holds;
    after = page[page.length - 1].id;
    const orgIds = [...new Set(page.map((c) => c.org_id))];
    const tree = await loadReviewTree(db, [...orgIds, ...page.map((c) => c.review_org_id)]);
    const members = await db.selectFrom('members').select(['id', 'org_id', 'name', 'role']).where('org_id', 'in', orgIds).execute();
    const byId = new Map(members.map((m) => [m.id, m]));
    const byName = new Map<string, typeof members>();
    for (const m of members) byName.set(`${m.org_id}|${m.name}`, [...(byName.get(`${m.org_id}|${m.name}`) ?? []), m]);
    for (const c of page) {
      const approver = c.reviewer_id === null ? undefined : users.get(c.reviewer_id);
      if (!approver) continue;
      const linked = c.member_id === null ? undefined : byId.get(c.member_id);
      const namesakes = byName.get(`${c.org_id}|${c.subject_name}`) ?? [];
      const fix = storedFix(c) ?? fixReviewer(tree, { orgId: c.org_id, subjectType: c.subject_type, memberRole: roleForReview(c.subject_type, linked, namesakes) });
      const reviews = (approver.role === 'admin' || approver.role === 'reviewer') && mayReview(tree, approver.org_id, fix);
      if (reviews) continue;
      holds.push({
        id: c.id,
        year: c.year,
        orgId: c.org_id,
        orgName: c.org_name,
        subjectName: c.subject_name,
        status: c.status,
        reviewBy: fix.reviewBy,
        reviewOrgId: fix.reviewOrgId,
        approvedBy: { id: approver.id, login: approver.login, orgId: approver.org_id },
      });
    }
  }
}
