// Figures for a period are taken as they stood on its last day (or today, while it runs), so a
// report on a past period gives the same cells whatever happened after it.
import type { IsoDate, Status } from '../types';
import type { Period } from '../period';
import { daysOverdue, isOverdue } from '../overdue';
import type { FigureCommitment } from './records';

/** The day a period's figures are taken on: its end, or today while it is still running. */
export function reportDate(period: Period, today: IsoDate): IsoDate {
  return period.end < today ? period.end : today;
}

/**
 * The status on a given day. Only completion is dated, so an item completed after that day counts
 * as still in progress; every other status is taken as it stands now.
 */
export function statusOn(c: Pick<FigureCommitment, 'status' | 'completedOn'>, date: IsoDate): Status {
  return c.status === 'completed' && c.completedOn !== null && c.completedOn > date ? 'in_progress' : c.status;
}

export function completedBy(c: FigureCommitment, date: IsoDate): boolean {
  return statusOn(c, date) === 'completed';
}

/** A dated deadline inside the period, not withdrawn. Ongoing (长期) items are never due. */
export function isDueIn(c: FigureCommitment, period: Pick<Period, 'start' | 'end'>): boolean {
  return c.deadline !== 'ongoing' && c.status !== 'withdrawn' && c.deadline >= period.start && c.deadline <= period.end;
}

export function overdueOn(c: FigureCommitment, date: IsoDate): boolean {
  return isOverdue({ deadline: c.deadline, status: statusOn(c, date) }, date);
}

export function daysOverdueOn(c: FigureCommitment, date: IsoDate): number {
  return daysOverdue({ deadline: c.deadline, status: statusOn(c, date) }, date);
}

/** Being worked on that day: accepted and neither finished nor withdrawn. */
export function isOpenOn(c: FigureCommitment, date: IsoDate): boolean {
  const s = statusOn(c, date);
  return s === 'approved' || s === 'published' || s === 'in_progress';
}
