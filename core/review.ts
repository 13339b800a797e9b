// Who reviews a commitment (审诺, DESIGN §4 "Review holds"), and what a review covers. The
// reviewer is fixed when the commitment is submitted: a leading cadre's items are a Party
// committee's, an organisation's the level above's, an ordinary member's their own branch's or
// the level above's as the county's scheme says. Nothing here touches storage: the server passes
// the organisation chain in.
import type { MemberRole, OrgKind, SubjectType } from './types';

/** Who reviews an ordinary member's commitments, by the county's scheme (方案). */
export type MemberReview = 'branch' | 'above';

/** The reviewer a commitment needs: its own organisation, the level above, or a Party committee above. */
export type ReviewBy = 'branch' | 'above' | 'committee';

/** From least to most demanding: a reviewer who meets a later one meets the earlier ones too. */
const STRICTNESS: readonly ReviewBy[] = ['branch', 'above', 'committee'];

export interface ReviewSubject {
  subjectType: SubjectType;
  /**
   * The role at submission of the member the item names: the linked member's, else a namesake's
   * in its organisation (an item named after a leading cadre is theirs, whatever its type says).
   */
  memberRole?: MemberRole | null;
  /** The county's scheme for ordinary members; `branch` unless it says otherwise. */
  memberReview?: MemberReview;
}

/** The reviewer a commitment needs, decided once, at submission. */
export function requiredReviewer({ subjectType, memberRole, memberReview = 'branch' }: ReviewSubject): ReviewBy {
  if (memberRole === 'leader_cadre') return 'committee';
  if (subjectType === 'organization') return 'above';
  return memberReview;
}

/** Whether review by `a` demands more than review by `b`. */
export function stricterReview(a: ReviewBy, b: ReviewBy): boolean {
  return STRICTNESS.indexOf(a) > STRICTNESS.indexOf(b);
}

export interface ChainOrg {
  id: number;
  kind: OrgKind | string;
}

/**
 * The organisation that reviews, given the commitment's organisation and its ancestors, nearest
 * first; null when there is none in the tree (only an admin of the whole tree reviews then).
 */
export function reviewingOrg(by: ReviewBy, chain: readonly ChainOrg[]): number | null {
  if (by === 'branch') return chain[0]?.id ?? null;
  if (by === 'above') return chain[1]?.id ?? null;
  return chain.slice(1).find((o) => o.kind === 'committee')?.id ?? null;
}

/**
 * Whether a user whose scope is `actorOrgId` (null: the whole tree) may review for the
 * reviewing organisation whose chain (itself, then its ancestors) is given: the reviewing
 * organisation itself, or one above it.
 */
export function actsForReviewer(actorOrgId: number | null, reviewOrgChain: readonly number[]): boolean {
  return actorOrgId === null || reviewOrgChain.includes(actorOrgId);
}

/** The fields a review looks at (DESIGN §4): changing any of them after submission undoes the review. */
/** A plan's phases (dates and targets) are part of what was promised; the days they were done are not. */
export const REVIEWED_FIELDS = ['content', 'measures', 'expected', 'deadline', 'plan', 'category', 'subjectType', 'subjectName', 'memberId'] as const;
export type ReviewedField = (typeof REVIEWED_FIELDS)[number];
export type ReviewedValues = Record<ReviewedField, string | number | null>;

export const REVIEWED_FIELD_LABELS: Record<ReviewedField, { zh: string; en: string }> = {
  content: { zh: '承诺内容', en: 'content' },
  measures: { zh: '具体措施', en: 'measures' },
  expected: { zh: '预期目标', en: 'expected result' },
  deadline: { zh: '完成时限', en: 'deadline' },
  plan: { zh: '阶段计划', en: 'phased plan' },
  category: { zh: '承诺类别', en: 'category' },
  subjectType: { zh: '主体类型', en: 'subject type' },
  subjectName: { zh: '承诺主体', en: 'subject' },
  memberId: { zh: '关联党员', en: 'linked member' },
};

/** The changed fields as a reader says them, in each language. */
export function reviewedFieldWords(fields: readonly ReviewedField[]): { zh: string; en: string } {
  return {
    zh: fields.map((f) => REVIEWED_FIELD_LABELS[f].zh).join('、'),
    en: fields.map((f) => REVIEWED_FIELD_LABELS[f].en).join(', '),
  };
}

/**
 * The reviewed fields that differ. Linking a commitment to the member of its own name, where it
 * had none, joins records up and is no change to what was reviewed.
 */
export function reviewedChanges(before: ReviewedValues, after: ReviewedValues): ReviewedField[] {
  return REVIEWED_FIELDS.filter((f) => {
    if (before[f] === after[f]) return false;
    return !(f === 'memberId' && before.memberId === null && before.subjectName === after.subjectName);
  });
}
