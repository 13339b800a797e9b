// Review holds (DESIGN §4), the one place the server keeps them: the reviewer a commitment needs
// is fixed when it is submitted and stored on it; only a user of that organisation or one above
// approves, returns or publishes it; a change to what was reviewed sends it back to `proposed`.
// Every write path (transitions, batch, import, PATCH) asks here.
import { sql, type Kysely } from 'kysely';
import {
  actsForReviewer,
  requiredReviewer,
  stricterReview,
  reviewedChanges,
  reviewedFieldWords,
  reviewingOrg,
  type ChainOrg,
  type MemberReview,
  type ReviewBy,
  type ReviewedField,
  type ReviewedValues,
} from '../../core/review';
import type { FieldError, MemberRole, Status, SubjectType } from '../../core/types';
import { DEFAULT_SCHEME } from '../../core/scheme';
import { loadPlan, planTerms } from '../../core/plan';
import type { AuditEntry } from '../audit';
import type { CommitmentRow, Database } from '../db/schema';

/** Statuses a commitment has once submitted: its reviewer stays fixed through them. */
export const SUBMITTED: readonly string[] = ['under_review', 'approved', 'published', 'in_progress', 'completed', 'unfulfilled'];
/** Statuses only an approval leads to. */
export const APPROVED_OR_BEYOND: readonly string[] = ['approved', 'published', 'in_progress', 'completed', 'unfulfilled'];
/** Finished items: what was reviewed is history and no longer changes. */
const FINISHED: readonly string[] = ['completed', 'unfulfilled'];

export interface ReviewFix {
  reviewBy: ReviewBy;
  /** The reviewing organisation; null when none in the tree (then only an admin of the whole tree). */
  reviewOrgId: number | null;
}

/**
 * Organisations by id, each with its parent and kind: enough to walk up from any of them; a
 * top-level one also with its scheme's reviewer of ordinary members, when it has set one.
 */
export type ReviewTree = Map<number, { parentId: number | null; kind: string; memberReview?: MemberReview }>;

/** The organisations `orgIds` and all their ancestors, in one query. */
export async function loadReviewTree(db: Kysely<Database>, orgIds: Iterable<number | null>): Promise<ReviewTree> {
  const ids = [...new Set([...orgIds].filter((i): i is number => i !== null))];
  const tree: ReviewTree = new Map();
  for (let i = 0; i < ids.length; i += 1000) {
    const { rows } = await sql<{ id: number; parent_id: number | null; kind: string }>`
      WITH RECURSIVE up(id, parent_id, kind) AS (
        SELECT id, parent_id, kind FROM organizations WHERE id IN (${sql.join(ids.slice(i, i + 1000))})
        UNION
        SELECT o.id, o.parent_id, o.kind FROM organizations o JOIN up ON o.id = up.parent_id
      )
      SELECT id, parent_id, kind FROM up`.execute(db);
    for (const r of rows) tree.set(Number(r.id), { parentId: r.parent_id === null ? null : Number(r.parent_id), kind: r.kind });
  }
  const counties = [...tree].filter(([, o]) => o.parentId === null).map(([id]) => id);
  if (counties.length > 0) {
    const schemes = await db.selectFrom('schemes').select(['org_id', 'member_review']).where('org_id', 'in', counties).execute();
    for (const s of schemes) tree.get(Number(s.org_id))!.memberReview = s.member_review as MemberReview;
  }
  return tree;
}

/** `orgId` and its ancestors, nearest first. */
function chainOf(tree: ReviewTree, orgId: number): ChainOrg[] {
  const chain: ChainOrg[] = [];
  for (let id: number | null = orgId; id !== null && tree.has(id) && chain.length <= tree.size; id = tree.get(id)!.parentId) {
    chain.push({ id, kind: tree.get(id)!.kind });
  }
  return chain;
}

/** Who reviews ordinary members' items in the county of this chain: its scheme's, else the default. */
function memberReviewOf(tree: ReviewTree, chain: ChainOrg[]): MemberReview {
  const county = chain[chain.length - 1];
  return (county && tree.get(county.id)?.memberReview) ?? DEFAULT_SCHEME.memberReview;
}

export interface ReviewSubjectRow {
  orgId: number;
  subjectType: SubjectType | string;
  /** The linked member's role, or for an unlinked member's item the strictest of the members of that name. */
  memberRole: MemberRole | null;
}

/** The reviewer a submission now would fix. */
export function fixReviewer(tree: ReviewTree, s: ReviewSubjectRow): ReviewFix {
  const chain = chainOf(tree, s.orgId);
  const reviewBy = requiredReviewer({ subjectType: s.subjectType as SubjectType, memberRole: s.memberRole, memberReview: memberReviewOf(tree, chain) });
  return { reviewBy, reviewOrgId: reviewingOrg(reviewBy, chain) };
}

/** The reviewer fixed at the record's submission, while that submission stands. */
export function storedFix(row: Pick<CommitmentRow, 'status' | 'review_by' | 'review_org_id'>): ReviewFix | null {
  if (row.review_by === null || !SUBMITTED.includes(row.status)) return null;
  return { reviewBy: row.review_by as ReviewBy, reviewOrgId: row.review_org_id };
}

/** Whether a user with this scope acts for the fixed reviewer (load the tree with the review org in it). */
export function mayReview(tree: ReviewTree, actorOrgId: number | null, fix: ReviewFix): boolean {
  const chain = fix.reviewOrgId === null ? [] : chainOf(tree, fix.reviewOrgId).map((o) => o.id);
  return actsForReviewer(actorOrgId, chain);
}

/**
 * The role that decides review: the linked member's; otherwise the strictest among the
 * organisation's members of the subject's name (an item named after a leading cadre is the
 * committee's to review, unlinked or typed as the organisation's); none when nobody has the name.
 */
export function roleForReview(
  subjectType: string,
  linked: { role: string } | undefined,
  namesakes: readonly { role: string }[],
): MemberRole | null {
  if (linked && subjectType === 'member') return linked.role as MemberRole;
  if (namesakes.some((m) => m.role === 'leader_cadre')) return 'leader_cadre';
  return subjectType === 'member' ? ((namesakes[0]?.role as MemberRole | undefined) ?? null) : null;
}

/** The roles of the members of each (organisation, name), keyed `orgId|name`: the namesakes roleForReview weighs. */
export async function namesakeRoles(db: Kysely<Database>, subjects: { orgId: number; name: string }[]): Promise<Map<string, { role: string }[]>> {
  const found = new Map<string, { role: string }[]>();
  const orgIds = [...new Set(subjects.map((s) => s.orgId))];
  const names = [...new Set(subjects.map((s) => s.name))];
  for (let i = 0; i < orgIds.length; i += 500) {
    for (let j = 0; j < names.length; j += 500) {
      const rows = await db
        .selectFrom('members')
        .select(['org_id', 'name', 'role'])
        .where('org_id', 'in', orgIds.slice(i, i + 500))
        .where('name', 'in', names.slice(j, j + 500))
        .execute();
      for (const m of rows) found.set(`${m.org_id}|${m.name}`, [...(found.get(`${m.org_id}|${m.name}`) ?? []), { role: m.role }]);
    }
  }
  return found;
}

/** The same, read from the database for one record. */
export async function memberRoleForReview(
  db: Kysely<Database>,
  c: { orgId: number; subjectType: string; memberId: number | null; subjectName: string },
): Promise<MemberRole | null> {
  const linked = c.memberId === null || c.subjectType !== 'member'
    ? undefined
    : await db.selectFrom('members').select('role').where('id', '=', c.memberId).executeTakeFirst();
  const namesakes = linked ? [] : await db.selectFrom('members').select('role').where('org_id', '=', c.orgId).where('name', '=', c.subjectName).execute();
  return roleForReview(c.subjectType, linked, namesakes);
}

/**
 * Whether a user with this scope may change a member's role: a change that makes the member's
 * items need less review (a leading cadre no longer one) is for those who review them now.
 */
export async function mayChangeMemberRole(
  db: Kysely<Database>,
  actorOrgId: number | null,
  member: { orgId: number; role: string },
  role: string,
): Promise<boolean> {
  const tree = await loadReviewTree(db, [member.orgId]);
  const now = fixReviewer(tree, { orgId: member.orgId, subjectType: 'member', memberRole: member.role as MemberRole });
  const then = fixReviewer(tree, { orgId: member.orgId, subjectType: 'member', memberRole: role as MemberRole });
  return !stricterReview(now.reviewBy, then.reviewBy) || mayReview(tree, actorOrgId, now);
}

type ReviewedColumns = Pick<CommitmentRow, 'content' | 'measures' | 'expected' | 'deadline' | 'plan' | 'category' | 'subject_type' | 'subject_name' | 'member_id'>;

export function reviewedValues(c: ReviewedColumns): ReviewedValues {
  return {
    content: c.content,
    measures: c.measures,
    expected: c.expected,
    deadline: c.deadline,
    plan: planTerms(loadPlan(c.plan)),
    category: c.category,
    subjectType: c.subject_type,
    subjectName: c.subject_name,
    memberId: c.member_id,
  };
}

export type Standing =
  | { ok: true; from: Status; sentBack: ReviewedField[] }
  | { ok: false; error: FieldError };

/**
 * Where a stored record stands once `next` is written: a change to what was reviewed, after
 * submission, sends it back to `proposed` (`from`) to be submitted and reviewed again; a finished
 * item's reviewed fields do not change.
 */
export function standingAfter(before: CommitmentRow, next: ReviewedColumns): Standing {
  const changed = reviewedChanges(reviewedValues(before), reviewedValues(next));
  if (changed.length === 0 || !SUBMITTED.includes(before.status)) return { ok: true, from: before.status as Status, sentBack: [] };
  if (FINISHED.includes(before.status)) {
    const words = reviewedFieldWords(changed);
    return {
      ok: false,
      error: {
        field: changed[0],
        code: 'commitment.finished',
        message: {
          zh: `已办结的承诺不能再修改审核过的内容（${words.zh}）`,
          en: `A finished commitment's reviewed fields (${words.en}) no longer change`,
        },
      },
    };
  }
  return { ok: true, from: 'proposed', sentBack: changed };
}

/** The columns a send-back clears: the next submission fixes the reviewer anew. */
export const SENT_BACK_COLUMNS = { status: 'proposed', review_by: null, review_org_id: null } as const;

/** The columns a submission stores. */
export function fixColumns(fix: ReviewFix): Pick<CommitmentRow, 'review_by' | 'review_org_id'> {
  return { review_by: fix.reviewBy, review_org_id: fix.reviewOrgId };
}

/** The audit of an approval: who, under which fixed rule, and what exactly they approved. */
export function approveAudit(
  userId: number,
  at: string,
  row: ReviewedColumns & { id: number },
  fix: ReviewFix,
  via: 'transition' | 'batch' | 'import',
  note?: string | null,
): AuditEntry {
  return {
    userId,
    at,
    action: 'transition:approve',
    entity: 'commitment',
    entityId: row.id,
    after: { status: 'approved', ...fix, reviewed: reviewedValues(row), via, ...(note != null && { note }) },
  };
}

/** The audit of a send-back: the reviewed fields before and after, and the status it left. */
export function sentBackAudit(userId: number, at: string, before: CommitmentRow, next: ReviewedColumns, changed: ReviewedField[]): AuditEntry {
  const pick = (c: ReviewedColumns) => Object.fromEntries(changed.map((f) => [f, reviewedValues(c)[f]]));
  return {
    userId,
    at,
    action: 'review:sent-back',
    entity: 'commitment',
    entityId: before.id,
    before: { status: before.status, ...pick(before) },
    after: { status: 'proposed', ...pick(next) },
  };
}
