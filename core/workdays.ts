// Chinese working days, for the rule that review is due within 7 working days of submission
// (DESIGN §4): weekends and public holidays off, adjusted weekends (调休) on.
//
// The calendar is the maintained `chinese-days` package's, which follows the State Council's
// yearly notices (its data is refreshed with each notice: update the package to get a new year).
// Years it does not cover yet come from our provisional table (workdays.data.ts).
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }; // plain Node (the compiled server) loads JSON only with the attribute
import type { IsoDate } from './types';
import { PROVISIONAL_NOTICES } from './workdays.data';

const DAY_MS = 86_400_000;
/** Working days a reviewer has after a submission. */
export const REVIEW_WORKING_DAYS = 7;

/** Every date a notice names: true = a working day (调休), false = a day off. */
const NOTICED = readNotices();

/** Years the holiday notices cover; outside them only weekends are off. */
export const CALENDAR_YEARS = yearsOf(NOTICED);

function readNotices(): Map<IsoDate, boolean> {
  const days = new Map<IsoDate, boolean>();
  for (const d of Object.keys(chineseDays.holidays)) days.set(d, false);
  for (const d of Object.keys(chineseDays.workdays)) days.set(d, true);
  const packaged = new Set([...days.keys()].map((d) => d.slice(0, 4)));
  for (const [year, notice] of Object.entries(PROVISIONAL_NOTICES)) {
    if (packaged.has(year)) continue; // the package has the published notice
    for (const [list, working] of [[notice.off, false], [notice.on, true]] as const) {
      for (const range of list.split(' ').filter(Boolean)) {
        const [from, to = from] = range.split('-');
        const last = toDayNumber(`${year}-${to.slice(0, 2)}-${to.slice(2)}`);
        for (let d = toDayNumber(`${year}-${from.slice(0, 2)}-${from.slice(2)}`); d <= last; d++) {
          days.set(toIso(d), working);
        }
      }
    }
  }
  return days;
}

function yearsOf(days: Map<IsoDate, boolean>): { first: number; last: number } {
  const years = [...days.keys()].map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** A working day in China (outside the covered years: any Monday to Friday). */
export function isWorkingDay(date: IsoDate): boolean {
  return workingOn(toDayNumber(date));
}

/** The date `n` working days after `date` (before it when `n` is negative); `date` itself for 0. */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  let day = toDayNumber(date);
  const step = Math.sign(n);
  for (let left = Math.abs(Math.trunc(n)); left > 0; ) {
    day += step;
    if (workingOn(day)) left--;
  }
  return toIso(day);
}

/**
 * Working days after `a` up to and including `b` (negative when `b` is before `a`), so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (workingOn(d)) count++;
  return sign * count;
}

/** The last day a review is on time: 7 working days after the day of submission. */
export function reviewDueDate(submittedOn: IsoDate): IsoDate {
  return addWorkingDays(submittedOn, REVIEW_WORKING_DAYS);
}

/** Whether a review done (or still open) on `reviewedOnOrToday` is late. */
export function isReviewLate(submittedOn: IsoDate, reviewedOnOrToday: IsoDate): boolean {
  return reviewedOnOrToday > reviewDueDate(submittedOn);
}

function workingOn(day: number): boolean {
  const noticed = NOTICED.get(toIso(day));
  if (noticed !== undefined) return noticed;
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; a RangeError for anything else. */
function toDayNumber(date: IsoDate): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(ms) || toIso(ms / DAY_MS) !== date) throw new RangeError(`not an ISO date: ${date}`);
  return ms / DAY_MS;
}

function toIso(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A review's standing on `asOf`, for reports of past periods: still pending then (decided later
 * or not at all), or decided on `decidedOn`; late when pending past its due day, or decided after
 * it. `workingDaysLate` counts the working days past the due day.
 */
export function reviewStandingOn(submittedOn: IsoDate, decidedOn: IsoDate | null, asOf: IsoDate) {
  const due = reviewDueDate(submittedOn);
  const pending = decidedOn === null || decidedOn > asOf;
  const end = pending ? asOf : decidedOn;
  const late = end > due;
  return { due, pending, late, workingDaysLate: late ? workingDaysBetween(due, end) : 0 };
}
