// Overdue is derived, never stored (DESIGN §4): a dated deadline has passed and the item is not finished.
import type { Deadline, IsoDate, Status } from './types';

/** Statuses after which a deadline no longer matters. */
const FINISHED: ReadonlySet<Status> = new Set(['completed', 'unfulfilled', 'withdrawn']);
const DAY_MS = 86_400_000;

interface Dated {
  deadline: Deadline;
  /** null for a legacy row without a status, which counts as published. */
  status: Status | null;
}

/** Past its deadline on `today` (the deadline day itself is still in time) and not finished. */
export function isOverdue(c: Dated, today: IsoDate): boolean {
  if (c.deadline === 'ongoing') return false;
  if (c.status !== null && FINISHED.has(c.status)) return false;
  return c.deadline < today;
}

/** Calendar days since the deadline for an overdue item; 0 otherwise. */
export function daysOverdue(c: Dated, today: IsoDate): number {
  if (!isOverdue(c, today)) return 0;
  return Math.round((Date.parse(today) - Date.parse(c.deadline)) / DAY_MS);
}
