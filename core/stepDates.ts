// The day a ledger's finished item was finished (DESIGN §4 "Records join up"): a row marked
// 已完成 in a 2011 ledger was completed in 2011, whenever the ledger reaches the server.
import type { Deadline, IsoDate } from './types';

export interface FinishedRow {
  year: number;
  deadline: Deadline;
  /** 完成时间/销号日期 as the ledger states it. */
  completedOn: IsoDate | null;
}

/**
 * The stated day; else, for a ledger year already over, its deadline (never after today) or else
 * the year's last day. Null while the ledger year runs: the item was finished now.
 */
export function ledgerCompletionDay(row: FinishedRow, today: IsoDate): IsoDate | null {
  if (row.completedOn !== null) return row.completedOn;
  const yearEnd = `${row.year}-12-31`;
  if (today <= yearEnd) return null;
  if (row.deadline === 'ongoing') return yearEnd;
  return row.deadline < today ? row.deadline : today;
}
