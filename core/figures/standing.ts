// Who is ranked where, who lags behind, who may be commended (考诺).
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

export type LagReason = 'bottom_completion' | 'overdue_over_30';

/**
 * Lagging: completion rate in the bottom 10% of those ranked (at least one subject when any is
 * ranked; ties with the cut-off are in), or any item more than 30 days overdue.
 */
export function lagging(rows: readonly Standing[]): LagReason[][] {
  const rates = rows.map((r) => r.completionRate).filter((r): r is number => r !== null).sort((a, b) => a - b);
  const cutoff = rates.length ? rates[Math.max(0, Math.ceil(rates.length * 0.1) - 1)] : null;
  return rows.map((r) => {
    const reasons: LagReason[] = [];
    if (cutoff !== null && r.completionRate !== null && r.completionRate <= cutoff) reasons.push('bottom_completion');
    if (r.overdueOver30 > 0) reasons.push('overdue_over_30');
    return reasons;
  });
}

/** 表彰候选: something fell due, all of it completed, and satisfaction at least 90%. */
export function isCommendable(t: Tally, satisfactionRate: number | null): boolean {
  return t.due > 0 && t.dueCompleted === t.due && satisfactionRate !== null && satisfactionRate >= 0.9;
}
