// Counts by category and status (每月自查's summary table), statuses taken on the report date.
import { CATEGORIES, STATUSES, type Category, type IsoDate, type Status } from '../types';
import { statusOn } from './asOf';
import type { FigureCommitment } from './records';

export type Breakdown = Record<Category, Record<Status, number>>;

export function byCategoryAndStatus(items: Iterable<FigureCommitment>, date: IsoDate): Breakdown {
  const out = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(STATUSES.map((s) => [s, 0]))]),
  ) as Breakdown;
  for (const c of items) out[c.category][statusOn(c, date)] += 1;
  return out;
}
