// When a schedule's cron expression fires, in the schedule's zone. node-cron parses and matches
// the expression (so our idea of a run is exactly the one node-cron would fire on); we only walk
// the calendar between two instants, because node-cron looks forward from the wall clock alone and
// the runner has to look back from an injected one.
import cron, { type ScheduledTask } from 'node-cron';
import type { IsoDate, LocalText } from '../../core/types';
import { instantOf, isKnownZone, wallTime } from './zone';

export interface TimingProblem {
  field: 'cron' | 'timezone';
  code: 'invalid_cron' | 'unknown_timezone';
  message: LocalText;
}

/** What keeps an expression and zone from driving a schedule, or null when they can. */
export function timingProblem(expression: string, timeZone: string): TimingProblem | null {
  if (!isKnownZone(timeZone)) {
    return {
      field: 'timezone',
      code: 'unknown_timezone',
      message: { zh: `未知的时区“${timeZone}”，请使用如 Asia/Shanghai 的时区名`, en: `Unknown time zone "${timeZone}"; use a name like Asia/Shanghai` },
    };
  }
  const invalid = (why: LocalText): TimingProblem => ({ field: 'cron', code: 'invalid_cron', message: why });
  // Five fields: the runner ticks once a minute, so a seconds field would promise what it can't keep.
  if (expression.trim().split(/\s+/).length !== 5) {
    return invalid({
      zh: `定时表达式“${expression}”应有 5 段（分 时 日 月 周），例如 0 8 1 * *`,
      en: `Cron expression "${expression}" needs 5 fields (minute hour day month weekday), e.g. 0 8 1 * *`,
    });
  }
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((e) => e.message).join('; ');
    return invalid({ zh: `定时表达式“${expression}”无效：${why}`, en: `Cron expression "${expression}" is invalid: ${why}` });
  }
  return null;
}

/**
 * The days (in the zone, `YYYY-MM-DD`, oldest first) on which the expression fires at least once
 * in (after, upTo]. Days, not instants, because a run's day is all that decides the period it
 * covers, and it keeps a look-back of two years cheap even for an expression firing every minute.
 */
export function runDaysBetween(expression: string, timeZone: string, after: Date, upTo: Date): IsoDate[] {
  if (upTo <= after) return [];
  const { fields, clockTimes, daysOfMonth, weekdays, matcher } = compiled(expression, timeZone);
  const days: IsoDate[] = [];
  const first = wallTime(after, timeZone);
  const last = wallTime(upTo, timeZone);
  const firstDay = Date.UTC(first.year, first.month - 1, first.day);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day);
  for (let day = firstDay; day <= lastDay; day += 86_400_000) {
    const d = new Date(day);
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (!fields.month.includes(date.month)) continue;
    if (daysOfMonth && !daysOfMonth.has(date.day)) continue;
    if (weekdays && !weekdays.has(d.getUTCDay())) continue;
    // Hour and minute come from the expression's own lists, so a miss on the day's first clock
    // time means the day itself doesn't match. Inside the window a matching day is a run day;
    // on its two edge days (or when a clock change swallowed the probe) look at each time.
    const probe = instantOf({ ...date, ...clockTimes[0] }, timeZone);
    if (probe && !matcher.match(probe)) continue;
    const inside = probe !== null && day !== firstDay && day !== lastDay;
    const fires =
      inside ||
      clockTimes.some((time) => {
        const at = instantOf({ ...date, ...time }, timeZone);
        return at !== null && at > after && at <= upTo && matcher.match(at);
      });
    if (fires) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

interface Compiled {
  fields: ReturnType<typeof cron.parse>;
  clockTimes: { hour: number; minute: number }[];
  /**
   * node-cron needs both the day of month and the weekday to match; plain numbers in either list
   * rule most days out by arithmetic alone, before asking the (slower) zone-aware matcher.
   */
  daysOfMonth: Set<number> | null;
  weekdays: Set<number> | null;
  matcher: ScheduledTask;
}

/** Parsing an expression and making its matcher cost far more than the walk; keep them. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 1000;

function compiled(expression: string, timeZone: string): Compiled {
  const key = `${timeZone} ${expression}`;
  let c = cache.get(key);
  if (!c) {
    if (cache.size >= CACHE_LIMIT) {
      for (const old of cache.values()) void old.matcher.destroy();
      cache.clear();
    }
    const fields = cron.parse(expression);
    c = {
      fields,
      clockTimes: fields.hour.flatMap((hour) => fields.minute.map((minute) => ({ hour, minute }))),
      daysOfMonth: plainNumbers(fields.dayOfMonth),
      weekdays: plainNumbers(fields.dayOfWeek),
      // Never started: used only for its match(), which reads the expression in the zone.
      matcher: cron.createTask(expression, () => undefined, { timezone: timeZone, name: `report-schedule-matcher ${key}` }),
    };
    cache.set(key, c);
  }
  return c;
}

/** The set of a field's values when all are plain numbers; null when it holds L, W or # forms. */
function plainNumbers(values: (number | string)[]): Set<number> | null {
  return values.every((v) => typeof v === 'number') ? new Set(values as number[]) : null;
}
