// The year month by month (年终总结's trend): what fell due, what was completed, what was overdue
// at each month's end.
import type { IsoDate } from '../types';
import { completedBy, isDueIn, overdueOn } from './asOf';
import type { FigureCommitment } from './records';

export interface TrendMonth {
  month: string; // YYYY-MM
  due: number;
  completed: number;
  overdue: number;
}

export function monthlyTrend(items: readonly FigureCommitment[], year: number, today: IsoDate): TrendMonth[] {
  const months: TrendMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const start = `${month}-01`;
    const end = `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
    const on = end < today ? end : today;
    const row = { month, due: 0, completed: 0, overdue: 0 };
    if (start <= today) {
      for (const c of items) {
        if (isDueIn(c, { start, end })) row.due += 1;
        if (completedBy(c, on) && c.completedOn! >= start) row.completed += 1;
        if (overdueOn(c, on)) row.overdue += 1;
      }
    }
    months.push(row);
  }
  return months;
}
