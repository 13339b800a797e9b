import { describe, expect, it } from 'vitest';
import { isLate, isoDay, mustCommitAsOrganisation, proposeByInForce, schemeDay } from './proposeBy';

describe('the 提诺 date in force', () => {
  const chain = (...own: (string | null)[]) => own.map((d, i) => ({ id: i + 1, own: d }));
  it.each([
    ['its own', chain('2012-09-15', '2012-07-31', null), '2012-08-31', { proposeBy: '2012-09-15', source: 'own', fromOrgId: 1 }],
    ['the nearest above', chain(null, '2012-07-31', '2012-06-30'), '2012-08-31', { proposeBy: '2012-07-31', source: 'above', fromOrgId: 2 }],
    ['the county above', chain(null, null, '2012-06-30'), '2012-08-31', { proposeBy: '2012-06-30', source: 'above', fromOrgId: 3 }],
    ['the scheme', chain(null, null, null), '2012-08-31', { proposeBy: '2012-08-31', source: 'scheme', fromOrgId: null }],
    ['none', chain(null, null), null, { proposeBy: null, source: 'none', fromOrgId: null }],
  ])('is %s', (_what, c, scheme, want) => {
    expect(proposeByInForce(c, scheme)).toEqual(want);
  });

  it('is late the day after the date, never on it, never without one', () => {
    expect([isLate('2012-08-31', '2012-08-31'), isLate('2012-08-31', '2012-09-01'), isLate(null, '2012-12-31')]).toEqual([false, true, false]);
    expect([schemeDay(2012, '08-31'), schemeDay(2012, null)]).toEqual(['2012-08-31', null]);
  });

  it('takes calendar days only, and asks every organisation below the top to commit', () => {
    expect(['2012-08-31', '2012-02-29', '2011-02-29', '2012-13-01', '2012-8-31'].map((d) => isoDay.safeParse(d).success)).toEqual([true, true, false, false, false]);
    expect([mustCommitAsOrganisation({ parentId: null }), mustCommitAsOrganisation({ parentId: 1 })]).toEqual([false, true]);
  });
});
