// Reporting periods (DESIGN §6): a month `2011-06`, a quarter `2011-Q2`, a half `2011-H1`, a year `2011`.
import type { IsoDate, LocalText } from './types';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  kind: PeriodKind;
  /** The canonical key: `2011-06`, `2011-Q2`, `2011-H1`, `2011`. */
  key: string;
  year: number;
  /** First and last day, inclusive. */
  start: IsoDate;
  end: IsoDate;
}

/** Months in one period of each kind. */
const LENGTH: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** A period from its key (`q` and `h` may be lower case); anything else → null. */
export function parsePeriod(s: string): Period | null {
  const m = /^(\d{4})(?:-(?:(\d{2})|[Qq]([1-4])|[Hh]([12])))?$/.exec(typeof s === 'string' ? s.trim() : '');
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1000) return null; // Date.UTC reads years below 100 as 19xx
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? period('month', year, month) : null;
  }
  if (m[3] !== undefined) return period('quarter', year, (Number(m[3]) - 1) * 3 + 1);
  if (m[4] !== undefined) return period('half', year, (Number(m[4]) - 1) * 6 + 1);
  return period('year', year, 1);
}

/**
 * Why a report cannot be made for a period yet: its first day (or `opensOn`, for what may be
 * printed ahead) is after `today`. Null once it has begun. A report for 2030 would show a cover
 * dated before its period and figures of nothing.
 */
export function periodNotBegun(p: Period, today: IsoDate, opensOn: IsoDate = p.start): LocalText | null {
  if (opensOn <= today) return null;
  return {
    zh: `统计期间 ${p.key} 尚未开始（${opensOn} 起才能生成），今天是 ${today}`,
    en: `The period ${p.key} has not begun (reports from ${opensOn}); today is ${today}`,
  };
}

/** The period of a kind that holds a date (`YYYY-MM-DD`). */
export function periodContaining(kind: PeriodKind, date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (!Number.isInteger(year) || !(month >= 1 && month <= 12)) throw new RangeError(`not an ISO date: ${date}`);
  const length = LENGTH[kind];
  return period(kind, year, Math.floor((month - 1) / length) * length + 1);
}

/** The period of the same kind just before. */
export function previousPeriod(p: Period): Period {
  const firstMonth = Number(p.start.slice(5, 7)) - LENGTH[p.kind];
  return firstMonth >= 1 ? period(p.kind, p.year, firstMonth) : period(p.kind, p.year - 1, firstMonth + 12);
}

/** The months of a period, in order. */
export function monthsOf(p: Period): Period[] {
  const first = Number(p.start.slice(5, 7));
  return Array.from({ length: LENGTH[p.kind] }, (_, i) => period('month', p.year, first + i));
}

/** The period of a kind starting with `firstMonth` (1–12) of `year`. */
function period(kind: PeriodKind, year: number, firstMonth: number): Period {
  const lastMonth = firstMonth + LENGTH[kind] - 1;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const y = String(year).padStart(4, '0');
  const mm = (n: number) => String(n).padStart(2, '0');
  const key = {
    month: `${y}-${mm(firstMonth)}`,
    quarter: `${y}-Q${(firstMonth + 2) / 3}`,
    half: `${y}-H${(firstMonth + 5) / 6}`,
    year: y,
  }[kind];
  return { kind, key, year, start: `${y}-${mm(firstMonth)}-01`, end: `${y}-${mm(lastMonth)}-${mm(lastDay)}` };
}
