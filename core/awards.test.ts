import { describe, expect, it } from 'vitest';
import { isCommendationCandidate, rectificationReasons, type Assessed } from './awards';
import { emptyTally } from './figures';

const allDone = { ...emptyTally(), made: 3, due: 2, dueCompleted: 2 };
const good: Assessed = { tally: allDone, satisfactionRate: 0.95, rating: 'excellent', rectified: false };

describe('commendation candidates', () => {
  it('rated top on their scale, everything due fulfilled, satisfaction at least 90%', () => {
    expect(isCommendationCandidate(good)).toBe(true);
    expect(isCommendationCandidate({ ...good, rating: 'good' })).toBe(true);
    expect(isCommendationCandidate({ ...good, satisfactionRate: 0.9 })).toBe(true);
  });

  it.each([
    ['rated only 合格', { rating: 'qualified' }],
    ['not rated', { rating: null }],
    ['one item due not fulfilled', { tally: { ...allDone, dueCompleted: 1 } }],
    ['nothing fell due', { tally: { ...allDone, due: 0, dueCompleted: 0 } }],
    ['satisfaction 89%', { satisfactionRate: 0.89 }],
    ['no survey', { satisfactionRate: null }],
    ['under rectification that year', { rectified: true }],
  ])('not when %s', (_why, change) => {
    expect(isCommendationCandidate({ ...good, ...change } as Assessed)).toBe(false);
  });
});

describe('rectification proposed', () => {
  it('for the bottom rating or satisfaction below 70%, saying why', () => {
    expect(rectificationReasons({ ...good, rating: 'unqualified' }).map((r) => r.zh)).toEqual(['年度评议不合格（差）']);
    expect(rectificationReasons({ ...good, rating: 'poor', satisfactionRate: 0.655 }).map((r) => r.zh)).toEqual(['年度评议不合格（差）', '群众满意率 65.5%，低于 70%']);
    expect(rectificationReasons({ ...good, rating: 'basically_qualified', satisfactionRate: 0.7 })).toEqual([]);
  });

  it('not again for one already rectifying', () => {
    expect(rectificationReasons({ ...good, rating: 'unqualified', rectified: true })).toEqual([]);
  });
});
