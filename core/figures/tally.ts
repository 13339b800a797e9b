// The counts every report is made of, for one subject (an organisation, a member, a whole scope)
// and one period, taken on the report date.
import type { IsoDate } from '../types';
import type { Period } from '../period';
import { completedBy, daysOverdueOn, isDueIn } from './asOf';
import type { FigureCommitment } from './records';

export interface Tally {
  /** Commitments of the period's year, withdrawn ones left out. */
  made: number;
  /** Dated deadline inside the period, not withdrawn. */
  due: number;
  /** Of those due, completed by the report date. */
  dueCompleted: number;
  /** Completed by the report date, whatever the deadline. */
  completed: number;
  /** Marked 未兑现. */
  unfulfilled: number;
  /** Deadline passed by the report date and not finished. */
  overdue: number;
  /** Of those overdue, more than 30 days. */
  overdueOver30: number;
  /** 长期 items (no dated deadline), withdrawn ones left out. */
  ongoing: number;
}

export const emptyTally = (): Tally => ({ made: 0, due: 0, dueCompleted: 0, completed: 0, unfulfilled: 0, overdue: 0, overdueOver30: 0, ongoing: 0 });

export function addToTally(t: Tally, c: FigureCommitment, period: Period, asOf: IsoDate): void {
  if (c.status === 'withdrawn') return;
  t.made += 1;
  const done = completedBy(c, asOf);
  if (done) t.completed += 1;
  if (c.status === 'unfulfilled') t.unfulfilled += 1;
  if (c.deadline === 'ongoing') t.ongoing += 1;
  if (isDueIn(c, period)) {
    t.due += 1;
    if (done) t.dueCompleted += 1;
  }
  const late = daysOverdueOn(c, asOf);
  if (late > 0) {
    t.overdue += 1;
    if (late > 30) t.overdueOver30 += 1;
  }
}

export function tallyOf(items: Iterable<FigureCommitment>, period: Period, asOf: IsoDate): Tally {
  const t = emptyTally();
  for (const c of items) addToTally(t, c, period, asOf);
  return t;
}

/** Tallies per key (organisation id, member id …); items whose key is null are skipped. */
export function tallyBy<K>(items: Iterable<FigureCommitment>, keyOf: (c: FigureCommitment) => K | null, period: Period, asOf: IsoDate): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const c of items) {
    const key = keyOf(c);
    if (key !== null) addToTallies(out, key, c, period, asOf);
  }
  return out;
}

/** Adds an item to its key's tally, starting one for a key not seen yet (even for a withdrawn item). */
export function addToTallies<K>(tallies: Map<K, Tally>, key: K, c: FigureCommitment, period: Period, asOf: IsoDate): void {
  let t = tallies.get(key);
  if (!t) tallies.set(key, (t = emptyTally()));
  addToTally(t, c, period, asOf);
}

/** The sum of tallies (a general branch and everything below it). */
export function sumTallies(tallies: Iterable<Tally>): Tally {
  const sum = emptyTally();
  for (const t of tallies) for (const k of Object.keys(sum) as (keyof Tally)[]) sum[k] += t[k];
  return sum;
}

/** completed ÷ due in the period (withdrawn left out); null when nothing fell due. */
export function completionRate(t: Pick<Tally, 'due' | 'dueCompleted'>): number | null {
  return t.due === 0 ? null : t.dueCompleted / t.due;
}
