// Which period a run reports on, and which runs are due. A run covers the period before the one
// it happens in (the 1 July run of a monthly schedule reports June), read on the calendar of the
// schedule's zone; the public notice and the pledge forms cover the run's own year.
import type { IsoDate, ReportKind } from '../../core/types';
import { periodContaining, previousPeriod, type Period } from '../../core/period';
import { runDaysBetween } from './runTimes';
import { wallDate } from './zone';

const PERIOD_KIND: Record<ReportKind, Period['kind']> = {
  monthly: 'month',
  quarterly: 'quarter',
  'half-year': 'half',
  annual: 'year',
  notice: 'year',
  'pledge-forms': 'year',
};

/** How far back catch-up looks: a little more than two periods, so the last two runs are seen. */
const LOOKBACK_DAYS: Record<Period['kind'], number> = { month: 63, quarter: 185, half: 369, year: 733 };

/** At most this many missed periods are sent after downtime, newest kept. */
export const CATCH_UP_PERIODS = 2;

export function periodKindOf(kind: ReportKind): Period['kind'] {
  return PERIOD_KIND[kind];
}

/** The period a run on this day (in the schedule's zone) reports on. */
export function periodCovered(kind: ReportKind, runDay: IsoDate): Period {
  const current = periodContaining(PERIOD_KIND[kind], runDay);
  return kind === 'notice' || kind === 'pledge-forms' ? current : previousPeriod(current);
}

export interface TimedSchedule {
  kind: ReportKind;
  cron: string;
  timezone: string;
  /** Runs at or before this instant (creation, or the last change of timing) never count. */
  activeSince: Date;
}

/**
 * The periods whose run time has come in (since, now] within the look-back, oldest first, at most
 * CATCH_UP_PERIODS of them. A run not yet due adds nothing, so nothing is ever sent early.
 * `since` lets a scheduler that already looked up to some instant skip what it has seen.
 */
export function duePeriods(schedule: TimedSchedule, now: Date, since: Date | null = null): string[] {
  const lookback = new Date(now.getTime() - LOOKBACK_DAYS[PERIOD_KIND[schedule.kind]] * 86_400_000);
  const after = new Date(Math.max(lookback.getTime(), schedule.activeSince.getTime(), since?.getTime() ?? 0));
  const keys: string[] = [];
  for (const day of runDaysBetween(schedule.cron, schedule.timezone, after, now)) {
    const key = periodCovered(schedule.kind, day).key;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys.slice(-CATCH_UP_PERIODS);
}

/** The period of the schedule's latest run by `now` (for a manual run without `period=`). */
export function latestPeriod(schedule: Omit<TimedSchedule, 'activeSince'>, now: Date): Period {
  const lookback = new Date(now.getTime() - LOOKBACK_DAYS[PERIOD_KIND[schedule.kind]] * 86_400_000);
  const days = runDaysBetween(schedule.cron, schedule.timezone, lookback, now);
  return periodCovered(schedule.kind, days.at(-1) ?? wallDate(now, schedule.timezone));
}
