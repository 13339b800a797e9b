import { describe, expect, it } from 'vitest';
import { daysOverdue, isOverdue } from './overdue';
import { STATUSES } from './types';

describe('isOverdue', () => {
  it('is overdue the day after the deadline, not on it', () => {
    const c = { deadline: '2011-06-30', status: 'in_progress' as const };
    expect(isOverdue(c, '2011-06-29')).toBe(false);
    expect(isOverdue(c, '2011-06-30')).toBe(false);
    expect(isOverdue(c, '2011-07-01')).toBe(true);
  });

  it.each(STATUSES.map((s) => [s, !['completed', 'unfulfilled', 'withdrawn'].includes(s)] as const))(
    'status %s past its deadline → overdue %s',
    (status, overdue) => {
      expect(isOverdue({ deadline: '2011-06-30', status }, '2011-08-01')).toBe(overdue);
    },
  );

  it('counts a row without a status like a published one', () => {
    expect(isOverdue({ deadline: '2011-06-30', status: null }, '2011-08-01')).toBe(true);
  });

  it('never makes an ongoing (长期) item overdue', () => {
    expect(isOverdue({ deadline: 'ongoing', status: 'in_progress' }, '2099-01-01')).toBe(false);
  });
});

describe('daysOverdue', () => {
  it.each([
    ['2011-06-30', '2011-06-30', 0],
    ['2011-06-30', '2011-07-01', 1],
    ['2011-06-30', '2011-08-01', 32],
    ['2011-12-31', '2012-03-01', 61],
    ['2011-06-30', '2011-06-01', 0],
  ])('deadline %s, today %s → %d', (deadline, today, days) => {
    expect(daysOverdue({ deadline, status: 'published' }, today)).toBe(days);
  });

  it('is 0 for finished and ongoing items', () => {
    expect(daysOverdue({ deadline: '2011-06-30', status: 'completed' }, '2011-08-01')).toBe(0);
    expect(daysOverdue({ deadline: 'ongoing', status: 'published' }, '2011-08-01')).toBe(0);
  });
});
