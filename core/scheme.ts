// A county's scheme (方案, DESIGN §4): the seeds differ, so each top-level organisation keeps
// its own settings, and every rule, list and report reads them.
import { CATEGORIES, type Category } from './types';

export const MEMBER_REVIEWS = ['branch', 'above'] as const;
// Cadences are period kinds (core/period), so a cadence names the period of what is due.
export const COMMENT_CADENCES = ['quarter', 'half'] as const;
export const SURVEY_CADENCES = ['half', 'year'] as const;

export interface Scheme {
  /** Who reviews an ordinary member's items: their own branch (seed 000) or the level above (seed 003). */
  memberReview: (typeof MEMBER_REVIEWS)[number];
  /** 领导点评: 一季一讲评 (quarter) or 半年一点评 (half). */
  commentCadence: (typeof COMMENT_CADENCES)[number];
  /** 群众评议: half-yearly or yearly. */
  surveyCadence: (typeof SURVEY_CADENCES)[number];
  /** Categories in use, in ledger order. */
  categories: Category[];
  /** 提诺 deadline in the year, `MM-DD`; null when the county sets none. */
  proposeBy: string | null;
}

/** Seed 000's practice: the branch reviews ordinary members, comments every quarter, surveys every half year. */
export const DEFAULT_SCHEME: Scheme = {
  memberReview: 'branch',
  commentCadence: 'quarter',
  surveyCadence: 'half',
  categories: [...CATEGORIES],
  proposeBy: null,
};

