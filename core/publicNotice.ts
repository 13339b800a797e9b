// How long a public notice (公示) stays up: 5 working days by default, the day it goes up counted
// when it is a working day (Chinese calendar: weekends and holidays off, adjusted weekends on).
import type { IsoDate } from './types';
import { addWorkingDays, isWorkingDay } from './workdays';

export const NOTICE_WORKING_DAYS = 5;

/** The last day of a notice posted on `postedOn` that stays up `days` working days. */
export function noticeEndsOn(postedOn: IsoDate, days = NOTICE_WORKING_DAYS): IsoDate {
  return addWorkingDays(postedOn, isWorkingDay(postedOn) ? days - 1 : days);
}
