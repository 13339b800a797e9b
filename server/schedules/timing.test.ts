import { describe, expect, it } from 'vitest';
import { instantOf, wallDate } from './zone';
import { runDaysBetween, timingProblem } from './runTimes';
import { duePeriods, latestPeriod, periodCovered } from './coverage';
import { defaultSchedules } from './defaults';

const at = (iso: string) => new Date(iso);
const SH = 'Asia/Shanghai';

describe('wall time in a zone', () => {
  it('finds the instant of a wall time, whatever the process zone', () => {
    expect(instantOf({ year: 2026, month: 7, day: 1, hour: 8, minute: 0 }, SH)?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(wallDate(at('2026-06-30T16:30:00Z'), SH)).toBe('2026-07-01');
    expect(wallDate(at('2026-06-30T16:30:00Z'), 'UTC')).toBe('2026-06-30');
  });

  it('answers null for a wall time a daylight-saving jump skips, and the earlier instant in an overlap', () => {
    expect(instantOf({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBeNull();
    expect(instantOf({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('run times of a cron expression', () => {
  it('lists the days with a run in (after, upTo], on the schedule zone calendar', () => {
    const days = (cron: string, after: string, upTo: string) => runDaysBetween(cron, SH, at(after), at(upTo));
    expect(days('0 8 1 * *', '2026-05-15T00:00:00Z', '2026-08-01T00:00:00Z')).toEqual(['2026-06-01', '2026-07-01', '2026-08-01']);
    // The edges are exact: 08:00 Shanghai is 00:00 UTC.
    expect(days('0 8 1 * *', '2026-07-01T00:00:00Z', '2026-07-31T00:00:00Z')).toEqual([]);
    expect(days('0 8 1 * *', '2026-06-30T23:59:59Z', '2026-07-01T00:00:00Z')).toEqual(['2026-07-01']);
    expect(days('0 8 1 * *', '2026-06-15T00:00:00Z', '2026-06-30T23:59:59Z')).toEqual([]);
  });

  it('honours weekdays, lists, steps and the last day of a month', () => {
    const days = (cron: string, after: string, upTo: string) => runDaysBetween(cron, SH, at(after), at(upTo));
    expect(days('30 9 * * 1', '2026-06-01T00:00:00Z', '2026-06-30T00:00:00Z')).toEqual(['2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22', '2026-06-29']);
    expect(days('0 8 L * *', '2026-01-15T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual(['2026-01-31', '2026-02-28']);
    // Every 20 minutes from 08:00 to 08:40 on 2 June: a window ending 08:10 still sees that day.
    expect(days('*/20 8 2 6 *', '2026-06-01T00:00:00Z', '2026-06-02T00:10:00Z')).toEqual(['2026-06-02']);
    expect(days('*/20 8 2 6 *', '2026-06-02T00:41:00Z', '2026-06-03T00:00:00Z')).toEqual([]);
  });

  it('explains a bad expression or zone, field by field', () => {
    expect(timingProblem('0 8 1 * *', SH)).toBeNull();
    expect(timingProblem('0 0 8 1 * *', SH)).toMatchObject({ field: 'cron', code: 'invalid_cron' });
    expect(timingProblem('0 25 1 * *', SH)).toMatchObject({ field: 'cron', code: 'invalid_cron' });
    expect(timingProblem('every day', SH)).toMatchObject({ field: 'cron', code: 'invalid_cron' });
    expect(timingProblem('0 8 1 * *', 'Mars/Olympus')).toMatchObject({ field: 'timezone', code: 'unknown_timezone' });
  });
});

describe('the period a run covers', () => {
  it('is the month before the run, on the schedule zone calendar', () => {
    // 00:30 on 1 July in Shanghai is still 30 June in UTC: the run covers June, not May.
    const run = at('2026-06-30T16:30:00Z');
    expect(periodCovered('monthly', wallDate(run, SH)).key).toBe('2026-06');
    expect(periodCovered('monthly', '2026-01-01').key).toBe('2025-12');
    const schedule = { kind: 'monthly' as const, cron: '30 0 1 * *', timezone: SH, activeSince: at('2026-06-01T00:00:00Z') };
    expect(duePeriods(schedule, run)).toEqual(['2026-06']);
  });

  it('is the quarter, half or year before for the other reports, and the own year for the notice', () => {
    expect(periodCovered('quarterly', '2026-04-01').key).toBe('2026-Q1');
    expect(periodCovered('half-year', '2026-07-01').key).toBe('2026-H1');
    expect(periodCovered('half-year', '2026-01-01').key).toBe('2025-H2');
    expect(periodCovered('annual', '2026-01-05').key).toBe('2025');
    expect(periodCovered('notice', '2026-03-01').key).toBe('2026');
  });
});

describe('due periods', () => {
  const monthly = { kind: 'monthly' as const, cron: '0 8 1 * *', timezone: SH, activeSince: at('2026-01-10T00:00:00Z') };

  it('has nothing before the run time and the period once it has come', () => {
    expect(duePeriods(monthly, at('2026-06-30T23:59:59Z'))).toEqual(['2026-04', '2026-05']);
    expect(duePeriods({ ...monthly, activeSince: at('2026-06-15T00:00:00Z') }, at('2026-06-30T23:59:59Z'))).toEqual([]);
    expect(duePeriods({ ...monthly, activeSince: at('2026-06-15T00:00:00Z') }, at('2026-07-01T00:00:00Z'))).toEqual(['2026-06']);
  });

  it('looks back two periods at most after downtime, and never before the schedule existed', () => {
    expect(duePeriods(monthly, at('2026-09-20T00:00:00Z'))).toEqual(['2026-07', '2026-08']);
    expect(duePeriods({ ...monthly, cron: '*/5 * * * *' }, at('2026-09-20T00:00:00Z'))).toEqual(['2026-07', '2026-08']);
    expect(duePeriods({ ...monthly, activeSince: at('2026-08-20T00:00:00Z') }, at('2026-09-20T00:00:00Z'))).toEqual(['2026-08']);
  });

  it('skips what a scheduler has already looked at', () => {
    expect(duePeriods(monthly, at('2026-07-01T00:00:00Z'), at('2026-06-30T23:59:00Z'))).toEqual(['2026-06']);
    expect(duePeriods(monthly, at('2026-07-01T00:01:00Z'), at('2026-07-01T00:00:00Z'))).toEqual([]);
  });

  it('gives the latest run’s period for a manual run', () => {
    expect(latestPeriod(monthly, at('2026-07-15T00:00:00Z')).key).toBe('2026-06');
  });

  it('runs the default schedules on the practice’s dates', () => {
    const since = at('2025-06-01T00:00:00Z');
    const due = (kind: string, now: string) => {
      const d = defaultSchedules(SH).find((s) => s.kind === kind)!;
      return duePeriods({ ...d, activeSince: since }, at(now));
    };
    expect(due('monthly', '2026-02-01T00:00:00Z')).toEqual(['2025-12', '2026-01']);
    expect(due('quarterly', '2026-04-01T00:00:00Z')).toEqual(['2025-Q4', '2026-Q1']);
    expect(due('half-year', '2026-01-01T00:00:00Z')).toEqual(['2025-H1', '2025-H2']);
    expect(due('annual', '2026-01-04T23:59:00Z')).toEqual([]);
    expect(due('annual', '2026-01-05T00:00:00Z')).toEqual(['2025']);
  });
});
