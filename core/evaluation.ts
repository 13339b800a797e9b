// Evaluations (评诺, DESIGN §4): the annual rating scale of each kind of subject, and the bounds of
// a survey's counts. Shared by the add-in and the server.
import { ANNUAL_RATINGS, ORG_ANNUAL_RATINGS, type AnnualRating, type LocalText, type OrgAnnualRating, type SubjectType } from './types';

export const RATING_LABELS: Record<AnnualRating | OrgAnnualRating, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '差',
};

/** The ratings a subject's annual evaluation is given in: members 优秀…不合格, organisations 好…差. */
export function ratingsFor(targetType: SubjectType): readonly (AnnualRating | OrgAnnualRating)[] {
  return targetType === 'organization' ? ORG_ANNUAL_RATINGS : ANNUAL_RATINGS;
}

/** A rating code from a code or its Chinese label, on the subject's scale; null when it is not on it. */
export function parseRating(targetType: SubjectType, written: string): AnnualRating | OrgAnnualRating | null {
  const text = written.trim();
  return ratingsFor(targetType).find((r) => r === text || RATING_LABELS[r] === text) ?? null;
}

export function scaleWords(targetType: SubjectType): LocalText {
  const codes = ratingsFor(targetType);
  return { zh: codes.map((r) => RATING_LABELS[r]).join('、'), en: codes.join(', ') };
}

/**
 * The most answers one survey records. A branch's or a member's 群众评议 gathers tens to a few
 * hundred answers, a township's a few thousand; 10,000 holds any of them and refuses a slip of
 * the keyboard such as 1,000,000.
 */
export const MAX_SURVEY_ANSWERS = 10_000;
