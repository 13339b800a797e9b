import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../period';
import {
  byCategoryAndStatus,
  completionRate,
  daysOverdueOn,
  isDueIn,
  isOpenOn,
  lagging,
  rankWithin,
  monthlyTrend,
  rank,
  reportDate,
  satisfactionRate,
  statusOn,
  tallyBy,
  tallyOf,
  type FigureCommitment,
} from './index';

let nextId = 1;
const item = (over: Partial<FigureCommitment>): FigureCommitment => ({
  id: nextId++,
  orgId: 1,
  memberId: null,
  subjectType: 'organization',
  category: 'post',
  deadline: '2011-06-30',
  status: 'in_progress',
  completedOn: null,
  ...over,
});
const june = parsePeriod('2011-06')!;
const h1 = parsePeriod('2011-H1')!;

describe('report date and status on a day', () => {
  it('takes a past period at its end and a running one today', () => {
    expect(reportDate(june, '2026-01-01')).toBe('2011-06-30');
    expect(reportDate(june, '2011-06-12')).toBe('2011-06-12');
  });

  it('counts an item completed after the day as still in progress', () => {
    const c = item({ status: 'completed', completedOn: '2011-07-05' });
    expect(statusOn(c, '2011-06-30')).toBe('in_progress');
    expect(statusOn(c, '2011-07-05')).toBe('completed');
    expect(isOpenOn(c, '2011-06-30')).toBe(true);
    expect(isOpenOn(c, '2011-07-05')).toBe(false);
  });

  it('is overdue the day after the deadline, counted in calendar days', () => {
    const c = item({ deadline: '2011-05-31' });
    expect(daysOverdueOn(c, '2011-05-31')).toBe(0);
    expect(daysOverdueOn(c, '2011-06-30')).toBe(30);
    expect(daysOverdueOn(item({ deadline: 'ongoing' }), '2011-12-31')).toBe(0);
  });
});

describe('tally and completion rate', () => {
  const items = [
    item({ deadline: '2011-06-10', status: 'completed', completedOn: '2011-06-09' }), // due, done
    item({ deadline: '2011-06-30', status: 'completed', completedOn: '2011-07-02' }), // due, done after the month
    item({ deadline: '2011-06-15', status: 'withdrawn' }), // never counted
    item({ deadline: '2011-06-20', status: 'unfulfilled' }), // due, not done, not overdue
    item({ deadline: '2011-04-30', status: 'in_progress' }), // overdue 61 days, not due in June
    item({ deadline: 'ongoing', status: 'completed', completedOn: '2011-06-01' }), // done, never due
    item({ deadline: '2011-07-31', status: 'published' }),
  ];

  it('counts each figure by the rules', () => {
    expect(tallyOf(items, june, '2011-06-30')).toEqual({
      made: 6,
      due: 3,
      dueCompleted: 1,
      completed: 2,
      unfulfilled: 1,
      overdue: 1,
      overdueOver30: 1,
      ongoing: 1,
    });
  });

  it('divides completed by due, and has no rate when nothing fell due', () => {
    expect(completionRate(tallyOf(items, june, '2011-06-30'))).toBeCloseTo(1 / 3);
    expect(completionRate(tallyOf(items, june, '2011-07-02'))).toBeCloseTo(2 / 3);
    expect(completionRate(tallyOf([item({ deadline: 'ongoing' })], june, '2011-06-30'))).toBeNull();
  });

  it('never counts an ongoing item as due', () => {
    expect(isDueIn(item({ deadline: 'ongoing' }), h1)).toBe(false);
    expect(isDueIn(item({ deadline: '2011-01-01' }), h1)).toBe(true);
    expect(isDueIn(item({ deadline: '2011-07-01' }), h1)).toBe(false);
  });

  it('tallies per key and skips null keys', () => {
    const byMember = tallyBy([item({ memberId: 7 }), item({ memberId: 7 }), item({ memberId: null })], (c) => c.memberId, june, '2011-06-30');
    expect([...byMember.keys()]).toEqual([7]);
    expect(byMember.get(7)!.made).toBe(2);
  });
});

describe('satisfaction, ranking, lagging, commendation', () => {
  it('counts 满意 and 基本满意 as satisfied', () => {
    expect(satisfactionRate({ satisfied: 6, basicallySatisfied: 3, unsatisfied: 1 })).toBeCloseTo(0.9);
    expect(satisfactionRate({ satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 })).toBeNull();
  });

  it('ranks by completion, then satisfaction, then fewer overdue, sharing ranks on ties', () => {
    const s = (completionRate: number | null, satisfactionRate: number | null = null, overdue = 0) => ({ completionRate, satisfactionRate, overdue, overdueOver30: 0 });
    expect(rank([s(0.5), s(1, 0.8), s(1, 0.9), s(null), s(0.5), s(0.2)])).toEqual([3, 2, 1, null, 3, 5]);
    expect(rank([s(1, 0.9, 2), s(1, 0.9, 1)])).toEqual([2, 1]);
  });

  it('ranks only within a group, and leaves ungrouped rows unranked', () => {
    const s = (completionRate: number | null) => ({ completionRate, satisfactionRate: null, overdue: 0, overdueOver30: 0 });
    // A county committee with everything (0.6) is no longer last among its own branches.
    const rows = [s(0.6), s(0.9), s(0.5), s(0.7), s(0.2), s(1)];
    const groups = [null, 'branch', 'branch', 'general_branch', 'branch', 'general_branch'];
    expect(rankWithin(rows, groups)).toEqual([null, 1, 2, 2, 3, 1]);
  });

  it('calls lagging only the few below the bar and their group\'s median, or long overdue, with enough due', () => {
    const s = (completionRate: number | null, due: number, overdueOver30 = 0, made = 10) => ({ completionRate, satisfactionRate: null, overdue: overdueOver30, overdueOver30, due, made });
    const rows = [
      s(0.9, 10), s(0.8, 10), s(0.7, 10), s(0.5, 10), // 0.5: below 60% and the median (0.75)
      s(0.55, 4), // below 60% and the median as well
      s(0, 2), // too few due to judge
      s(1, 5, 2), // 2 of 10 over 30 days overdue: more than 10%
      s(0.9, 5, 1), // 1 of 10: not more than 10%
      s(0.2, 5), // another group: alone, so its own median
      s(0.5, 10), // ungrouped: the report's own organisation
    ];
    const groups = ['branch', 'branch', 'branch', 'branch', 'branch', 'branch', 'branch', 'branch', 'general_branch', null];
    expect(lagging(rows, groups)).toEqual([[], [], [], ['low_completion'], ['low_completion'], [], ['long_overdue'], [], [], []]);
    // In a group where everyone is below 60%, only those below the median lag.
    expect(lagging([s(0.5, 5), s(0.4, 5), s(0.3, 5)], ['branch', 'branch', 'branch'])).toEqual([[], [], ['low_completion']]);
  });
});

describe('trend and breakdown', () => {
  it('gives each month its due, completed and month-end overdue counts, nothing after today', () => {
    const items = [
      item({ deadline: '2011-02-28', status: 'completed', completedOn: '2011-03-10' }),
      item({ deadline: '2011-03-31', status: 'in_progress' }),
      item({ deadline: '2011-03-15', status: 'withdrawn' }),
    ];
    const trend = monthlyTrend(items, 2011, '2011-04-15');
    expect(trend[1]).toEqual({ month: '2011-02', due: 1, completed: 0, overdue: 0 });
    expect(trend[2]).toEqual({ month: '2011-03', due: 1, completed: 1, overdue: 0 });
    expect(trend[3]).toEqual({ month: '2011-04', due: 0, completed: 0, overdue: 1 });
    expect(trend[4]).toEqual({ month: '2011-05', due: 0, completed: 0, overdue: 0 });
  });

  it('counts by category and status on the day', () => {
    const b = byCategoryAndStatus([item({ category: 'deed', status: 'completed', completedOn: '2011-07-01' }), item({ category: 'deed' })], '2011-06-30');
    expect(b.deed.in_progress).toBe(2);
    expect(b.deed.completed).toBe(0);
    expect(b.common.in_progress).toBe(0);
  });
});
