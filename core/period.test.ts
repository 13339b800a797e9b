import { describe, expect, it } from 'vitest';
import { monthsOf, parsePeriod, periodContaining, previousPeriod, type Period } from './period';

const p = (key: string) => parsePeriod(key) as Period;

describe('parsePeriod', () => {
  it.each([
    ['2011-06', 'month', '2011-06-01', '2011-06-30'],
    ['2011-02', 'month', '2011-02-01', '2011-02-28'],
    ['2012-02', 'month', '2012-02-01', '2012-02-29'],
    ['2011-12', 'month', '2011-12-01', '2011-12-31'],
    ['2011-Q1', 'quarter', '2011-01-01', '2011-03-31'],
    ['2011-Q2', 'quarter', '2011-04-01', '2011-06-30'],
    ['2011-Q3', 'quarter', '2011-07-01', '2011-09-30'],
    ['2011-Q4', 'quarter', '2011-10-01', '2011-12-31'],
    ['2011-H1', 'half', '2011-01-01', '2011-06-30'],
    ['2011-H2', 'half', '2011-07-01', '2011-12-31'],
    ['2011', 'year', '2011-01-01', '2011-12-31'],
  ])('%s is a %s from %s to %s', (key, kind, start, end) => {
    expect(parsePeriod(key)).toEqual({ kind, key, year: 2011 + (key.startsWith('2012') ? 1 : 0), start, end });
  });

  it('takes lower-case q and h and surrounding spaces, answering the canonical key', () => {
    expect(parsePeriod(' 2011-q2 ')?.key).toBe('2011-Q2');
    expect(parsePeriod('2011-h2')?.key).toBe('2011-H2');
  });

  it.each(['', '2011-13', '2011-00', '2011-6', '2011-Q5', '2011-Q0', '2011-H3', '11', '2011-06-30', 'Q2-2011', '0999', '2011-M06', ' '])(
    '%j is not a period',
    (key) => {
      expect(parsePeriod(key)).toBeNull();
    },
  );

  it('answers null for what is not a string at all', () => {
    expect(parsePeriod(undefined as unknown as string)).toBeNull();
  });
});

describe('periodContaining', () => {
  it.each([
    ['month', '2011-06-15', '2011-06'],
    ['month', '2011-01-01', '2011-01'],
    ['quarter', '2011-03-31', '2011-Q1'],
    ['quarter', '2011-04-01', '2011-Q2'],
    ['quarter', '2011-12-31', '2011-Q4'],
    ['half', '2011-06-30', '2011-H1'],
    ['half', '2011-07-01', '2011-H2'],
    ['year', '2011-07-01', '2011'],
  ] as const)('the %s holding %s is %s', (kind, date, key) => {
    const got = periodContaining(kind, date);
    expect(got).toEqual(p(key));
    expect(got.start <= date && date <= got.end).toBe(true);
  });

  it('throws on a value that is not an ISO date', () => {
    expect(() => periodContaining('month', 'June')).toThrow(RangeError);
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2011-06', '2011-05'],
    ['2011-01', '2010-12'],
    ['2011-Q1', '2010-Q4'],
    ['2011-Q3', '2011-Q2'],
    ['2011-H1', '2010-H2'],
    ['2011-H2', '2011-H1'],
    ['2011', '2010'],
  ])('before %s comes %s', (key, before) => {
    expect(previousPeriod(p(key))).toEqual(p(before));
  });

  it('walks back a whole year of months without a gap', () => {
    let cur = p('2012-03');
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      const prev = previousPeriod(cur);
      const dayAfter = new Date(Date.parse(prev.end) + 86_400_000).toISOString().slice(0, 10);
      expect(dayAfter).toBe(cur.start);
      seen.push(prev.key);
      cur = prev;
    }
    expect(seen.at(-1)).toBe('2011-01');
  });
});

describe('monthsOf', () => {
  it.each([
    ['2011-06', ['2011-06']],
    ['2011-Q2', ['2011-04', '2011-05', '2011-06']],
    ['2011-H2', ['2011-07', '2011-08', '2011-09', '2011-10', '2011-11', '2011-12']],
  ])('%s has months %j', (key, months) => {
    expect(monthsOf(p(key)).map((m) => m.key)).toEqual(months);
  });

  it('gives the twelve months of a year, covering it exactly', () => {
    const months = monthsOf(p('2012'));
    expect(months).toHaveLength(12);
    expect(months[0].start).toBe('2012-01-01');
    expect(months[1].end).toBe('2012-02-29');
    expect(months[11].end).toBe('2012-12-31');
  });
});
