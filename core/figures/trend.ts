// The year month by month (年终总结's trend): what fell due, what was completed, what was overdue
// at each month's end. Counted item by item, so a report can add items as it reads them.
import type { IsoDate } from '../types';
import { completedBy, isDueIn, overdueOn } from './asOf';
import type { FigureCommitment } from './records';

export interface TrendMonth {
  month: string; // YYYY-MM
  due: number;
  completed: number;
  overdue: number;
}

/** A month's bounds and the day its figures are taken on (its end, or today while it runs). */
interface MonthCounter {
  row: TrendMonth;
  start: IsoDate;
  end: IsoDate;
  on: IsoDate;
}

export interface Trend {
  add(c: FigureCommitment): void;
  months(): TrendMonth[];
}

/** Counts the year's months up to today; months after today stay at zero. */
export function trendCounter(year: number, today: IsoDate): Trend {
  const counters: MonthCounter[] = [];
  const rows: TrendMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const start = `${month}-01`;
    const end = `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
    const row = { month, due: 0, completed: 0, overdue: 0 };
    rows.push(row);
    if (start <= today) counters.push({ row, start, end, on: end < today ? end : today });
  }
  return {
    add(c) {
      for (const { row, start, end, on } of counters) {
        if (isDueIn(c, { start, end })) row.due += 1;
        if (completedBy(c, on) && c.completedOn! >= start) row.completed += 1;
        if (overdueOn(c, on)) row.overdue += 1;
      }
    },
    months: () => rows,
  };
}

export function monthlyTrend(items: readonly FigureCommitment[], year: number, today: IsoDate): TrendMonth[] {
  const trend = trendCounter(year, today);
  for (const c of items) trend.add(c);
  return trend.months();
}
