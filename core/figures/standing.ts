// Who is ranked where and who lags behind (who may be commended: core/awards.ts).
import type { Tally } from './tally';

export interface Standing {
  completionRate: number | null;
  satisfactionRate: number | null;
  overdue: number;
  overdueOver30: number;
}

/**
 * Competition ranking (1, 2, 2, 4) by completion rate, then satisfaction, then fewer overdue items.
 * Subjects with nothing due are not ranked (null).
 */
export function rank(rows: readonly Standing[]): (number | null)[] {
  const ranked = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.completionRate !== null);
  ranked.sort((a, b) => compare(a.r, b.r));
  const out: (number | null)[] = rows.map(() => null);
  ranked.forEach(({ r, i }, pos) => {
    const prev = ranked[pos - 1];
    out[i] = prev && compare(prev.r, r) === 0 ? out[prev.i] : pos + 1;
  });
  return out;
}

function compare(a: Standing, b: Standing): number {
  return (
    (b.completionRate ?? -1) - (a.completionRate ?? -1) ||
    (b.satisfactionRate ?? -1) - (a.satisfactionRate ?? -1) ||
    a.overdue - b.overdue
  );
}

/**
 * Competition ranking inside groups: a subject is compared only with the subjects of its own
 * group (branches with branches, general branches with general branches); null group, not ranked.
 */
export function rankWithin(rows: readonly Standing[], groups: readonly (string | null)[]): (number | null)[] {
  const out: (number | null)[] = rows.map(() => null);
  for (const members of groupIndexes(groups).values()) {
    const ranks = rank(members.map((i) => rows[i]));
    members.forEach((i, k) => (out[i] = ranks[k]));
  }
  return out;
}

/** What the lagging rule reads of a subject besides its standing. */
export interface LagStanding extends Standing {
  /** Items due in the period. */
  due: number;
  /** Items of the year (withdrawn left out). */
  made: number;
}

/**
 * 后进 is a stated, selective rule, judged inside the subject's group and only with enough due
 * to mean something: at least MIN_DUE items due in the period, and
 * - low completion: completion rate below COMPLETION_BELOW and below the group's median, or
 * - long overdue: more than LONG_OVERDUE_SHARE of the year's items over 30 days overdue.
 */
export const LAGGING_RULE = { minDue: 3, completionBelow: 0.6, longOverdueShare: 0.1 } as const;

export type LagReason = 'low_completion' | 'long_overdue';

export function lagging(rows: readonly LagStanding[], groups: readonly (string | null)[]): LagReason[][] {
  const out: LagReason[][] = rows.map(() => []);
  for (const members of groupIndexes(groups).values()) {
    const judged = members.filter((i) => rows[i].due >= LAGGING_RULE.minDue);
    const median = medianOf(judged.map((i) => rows[i].completionRate!));
    for (const i of judged) {
      const r = rows[i];
      if (r.completionRate! < LAGGING_RULE.completionBelow && r.completionRate! < median) out[i].push('low_completion');
      if (r.overdueOver30 > LAGGING_RULE.longOverdueShare * r.made) out[i].push('long_overdue');
    }
  }
  return out;
}

/** Row indexes by group, null left out. */
function groupIndexes(groups: readonly (string | null)[]): Map<string, number[]> {
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => g !== null && by.set(g, [...(by.get(g) ?? []), i]));
  return by;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
