import { describe, expect, it } from 'vitest';
import { addWorkingDays, CALENDAR_YEARS, isReviewLate, isWorkingDay, reviewDueDate, reviewStandingOn, workingDaysBetween } from './workdays';

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('the calendar, year by year', () => {
  it('covers the years of the chinese-days package and the provisional 2027', () => {
    expect(CALENDAR_YEARS.first).toBeLessThanOrEqual(2010);
    expect(CALENDAR_YEARS.last).toBe(2027);
  });

  for (let year = 2010; year <= 2026; year++) {
    it(`${year} has its holidays off and its adjusted weekends on`, () => {
      const all = days(`${year}-01-01`, `${year}-12-31`);
      expect(all.filter((d) => !isWorkingDay(d) && weekday(d) !== 0 && weekday(d) !== 6).length).toBeGreaterThan(8);
      expect(all.filter((d) => isWorkingDay(d) && (weekday(d) === 0 || weekday(d) === 6)).length).toBeGreaterThan(0);
    });
  }

  it('2027 (provisional) has its statutory days off', () => {
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) {
      expect(isWorkingDay(d), d).toBe(false);
    }
    expect(isWorkingDay('2027-03-01')).toBe(true);
  });

  it('outside the covered years, only weekends are off', () => {
    expect(isWorkingDay('2030-01-05')).toBe(false); // Saturday
    expect(isWorkingDay('2030-01-07')).toBe(true); // Monday
    expect(isWorkingDay('2009-12-31')).toBe(true);
  });
});

// Spring Festival and National Day as the State Council announced them.
describe.each([
  // year, holiday days, adjusted working weekend days
  [2011, '春节', ['2011-02-02', '2011-02-08'], ['2011-01-30', '2011-02-12']],
  [2011, '国庆', ['2011-10-01', '2011-10-07'], ['2011-10-08', '2011-10-09']],
  [2013, '春节', ['2013-02-09', '2013-02-15'], ['2013-02-16', '2013-02-17']],
  [2015, '春节', ['2015-02-18', '2015-02-24'], ['2015-02-15', '2015-02-28']],
  [2015, '国庆', ['2015-10-01', '2015-10-07'], ['2015-10-10']],
  [2019, '春节', ['2019-02-04', '2019-02-10'], ['2019-02-02', '2019-02-03']],
  [2019, '国庆', ['2019-10-01', '2019-10-07'], ['2019-09-29', '2019-10-12']],
  [2020, '春节 (extended)', ['2020-01-24', '2020-02-02'], ['2020-01-19']],
  [2023, '中秋国庆', ['2023-09-29', '2023-10-06'], ['2023-10-07', '2023-10-08']],
  [2024, '春节', ['2024-02-10', '2024-02-17'], ['2024-02-04', '2024-02-18']],
  [2025, '春节', ['2025-01-28', '2025-02-04'], ['2025-01-26', '2025-02-08']],
  [2025, '国庆中秋', ['2025-10-01', '2025-10-08'], ['2025-09-28', '2025-10-11']],
  [2026, '春节', ['2026-02-15', '2026-02-23'], ['2026-02-14', '2026-02-28']],
  [2026, '国庆', ['2026-10-01', '2026-10-07'], ['2026-09-20', '2026-10-10']],
] as const)('%d %s', (_year, _name, [first, last], workingWeekend) => {
  it('is off from its first to its last day', () => {
    for (const d of days(first, last)) expect(isWorkingDay(d), d).toBe(false);
  });

  it('works on its adjusted weekend days', () => {
    for (const d of workingWeekend) {
      expect([0, 6]).toContain(weekday(d));
      expect(isWorkingDay(d), d).toBe(true);
    }
  });

  it('works on the weekday just after', () => {
    const after = addWorkingDays(last, 1);
    expect(after > last).toBe(true);
    expect(days(last, after).slice(1, -1).every((d) => !isWorkingDay(d))).toBe(true);
  });
});

describe('counting working days', () => {
  it('counts an ordinary week, skipping the weekend', () => {
    expect(addWorkingDays('2011-06-13', 7)).toBe('2011-06-22');
    expect(workingDaysBetween('2011-06-13', '2011-06-22')).toBe(7);
  });

  it('counts across Spring Festival, including its adjusted Saturday', () => {
    // 2011-01-28 Fri; 01-30 Sun works; 02-02..08 off; 02-12 Sat works
    expect(addWorkingDays('2011-01-28', 7)).toBe('2011-02-12');
  });

  it('counts across National Day with its adjusted Sunday and Saturday', () => {
    expect(addWorkingDays('2019-09-27', 7)).toBe('2019-10-12');
    expect(addWorkingDays('2019-09-27', 1)).toBe('2019-09-29');
  });

  it('counts backwards and zero', () => {
    expect(addWorkingDays('2011-02-12', -7)).toBe('2011-01-28');
    expect(addWorkingDays('2011-02-05', 0)).toBe('2011-02-05');
    expect(workingDaysBetween('2011-02-12', '2011-01-28')).toBe(-7);
    expect(workingDaysBetween('2011-02-02', '2011-02-08')).toBe(0);
  });

  it('inverts addWorkingDays on every start day of a year', () => {
    for (const d of days('2024-01-01', '2024-12-31')) {
      expect(workingDaysBetween(d, addWorkingDays(d, 7))).toBe(7);
    }
  });

  it('refuses what is not a date', () => {
    expect(() => isWorkingDay('2011-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays('yesterday', 1)).toThrow(RangeError);
  });
});

describe('review deadline', () => {
  it('is due 7 working days after submission', () => {
    expect(reviewDueDate('2011-06-13')).toBe('2011-06-22');
    expect(reviewDueDate('2024-02-08')).toBe('2024-02-23'); // 02-09 Fri, 02-10..17 off, 02-18 Sun works, then 19–23
  });

  it('is late only after the due day', () => {
    expect(isReviewLate('2011-06-13', '2011-06-22')).toBe(false);
    expect(isReviewLate('2011-06-13', '2011-06-23')).toBe(true);
    expect(isReviewLate('2011-01-28', '2011-02-10')).toBe(false);
    expect(isReviewLate('2011-01-28', '2011-02-13')).toBe(true);
  });
});

describe('a review as a report of a past month sees it', () => {
  it('pending on the report day and past due: late, by working days', () => {
    // submitted 2011-01-28, due 02-12; on 02-16 (Wed) 3 working days late: 02-14, 15, 16
    expect(reviewStandingOn('2011-01-28', null, '2011-02-16')).toEqual({ due: '2011-02-12', pending: true, late: true, workingDaysLate: 3 });
  });

  it('decided after the report day counts as pending then', () => {
    expect(reviewStandingOn('2011-01-28', '2011-03-01', '2011-02-10')).toEqual({ due: '2011-02-12', pending: true, late: false, workingDaysLate: 0 });
  });

  it('decided in time, or late', () => {
    expect(reviewStandingOn('2011-01-28', '2011-02-12', '2011-02-28')).toMatchObject({ pending: false, late: false });
    expect(reviewStandingOn('2011-01-28', '2011-02-14', '2011-02-28')).toMatchObject({ pending: false, late: true, workingDaysLate: 1 });
  });
});
