// 考诺 (DESIGN §1 step 7): who is proposed for commendation and who for rectification, by one
// stated rule that the annual report and the rating grid both apply.
import type { LocalText } from './types';
import type { Tally } from './figures/tally';

/** The top and bottom of each scale: members 优秀…不合格, organisations 好…差. */
const TOP_RATINGS: readonly string[] = ['excellent', 'good'];
const BOTTOM_RATINGS: readonly string[] = ['unqualified', 'poor'];
/** Satisfaction a candidate needs, and below which rectification is proposed. */
export const COMMEND_SATISFACTION = 0.9;
export const RECTIFY_SATISFACTION = 0.7;

export const COMMENDATION_RULE: LocalText = {
  zh: '表彰候选：年度评议为优秀（党组织为好），期内有到期事项且全部兑现，群众满意率不低于 90%，且本年度没有被限期整改（取消评优资格）。',
  en: 'Commendation candidates: rated excellent (organisations: good), something fell due and all of it was fulfilled, satisfaction at least 90%, and no rectification that year (which removes eligibility).',
};
export const RECTIFICATION_RULE: LocalText = {
  zh: '建议整改：年度评议为不合格（党组织为差），或群众满意率低于 70%。',
  en: 'Rectification proposed: rated unqualified (organisations: poor), or satisfaction below 70%.',
};

export interface Assessed {
  tally: Tally;
  satisfactionRate: number | null;
  /** The annual rating's code, or null when not rated yet. */
  rating: string | null;
  /** Under rectification for the year. */
  rectified: boolean;
}

export function isCommendationCandidate(a: Assessed): boolean {
  return (
    a.rating !== null &&
    TOP_RATINGS.includes(a.rating) &&
    a.tally.due > 0 &&
    a.tally.dueCompleted === a.tally.due &&
    a.satisfactionRate !== null &&
    a.satisfactionRate >= COMMEND_SATISFACTION &&
    !a.rectified
  );
}

/** Why rectification is proposed (empty: it is not), for a subject not already rectifying. */
export function rectificationReasons(a: Assessed): LocalText[] {
  if (a.rectified) return [];
  const reasons: LocalText[] = [];
  if (a.rating !== null && BOTTOM_RATINGS.includes(a.rating)) reasons.push({ zh: '年度评议不合格（差）', en: 'Rated unqualified (poor)' });
  if (a.satisfactionRate !== null && a.satisfactionRate < RECTIFY_SATISFACTION) {
    const pct = Math.round(a.satisfactionRate * 1000) / 10;
    reasons.push({ zh: `群众满意率 ${pct}%，低于 70%`, en: `Satisfaction ${pct}%, below 70%` });
  }
  return reasons;
}
