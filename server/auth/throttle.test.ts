// The login throttle on real databases: its counts are rows of `rate_limits`, so two handles on
// one database (as two app processes have) throttle one login together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../db/open';
import { testDatabases } from '../../test/support/databases';
import { loginThrottle } from './throttle';

const dbs = await testDatabases();
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe.each(dbs)('loginThrottle on $name', ({ url }) => {
  let a: OpenDatabase;
  let b: OpenDatabase;
  beforeAll(async () => {
    a = await openDatabase(url);
    b = await openDatabase(url, { migrate: false });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('lets three failures pass, then doubles the wait, and forgets after a success', async () => {
    const t = loginThrottle(a.db);
    for (let i = 0; i < 3; i++) await t.failed('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBe(0);
    await t.failed('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBeGreaterThan(800);
    expect(await t.waitMs('wang|1.2.3.4')).toBeLessThanOrEqual(1000);
    await t.failed('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBeGreaterThan(1800);
    expect(await t.waitMs('wang|1.2.3.4')).toBeLessThanOrEqual(2000);
    expect(await t.waitMs('wang|5.6.7.8')).toBe(0); // another address is not slowed
    await sleep(2050);
    expect(await t.waitMs('wang|1.2.3.4')).toBe(0); // the wait is over…
    await t.failed('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBeGreaterThan(3800); // …but the count goes on
    await t.succeeded('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBe(0);
    await t.failed('wang|1.2.3.4');
    expect(await t.waitMs('wang|1.2.3.4')).toBe(0);
  });

  it('caps the wait at fifteen minutes', async () => {
    const t = loginThrottle(a.db);
    for (let i = 0; i < 40; i++) await t.failed('k|1.1.1.1');
    const wait = await t.waitMs('k|1.1.1.1');
    expect(wait).toBeGreaterThan(15 * 60_000 - 5000);
    expect(wait).toBeLessThanOrEqual(15 * 60_000);
  });

  it('counts failures made through two handles on one database together, and a success on either clears both', async () => {
    const onA = loginThrottle(a.db);
    const onB = loginThrottle(b.db);
    await onA.failed('li|10.0.0.1');
    await onB.failed('li|10.0.0.1');
    await onA.failed('li|10.0.0.1');
    expect(await onB.waitMs('li|10.0.0.1')).toBe(0);
    await onB.failed('li|10.0.0.1'); // the fourth, whichever process saw it
    expect(await onA.waitMs('li|10.0.0.1')).toBeGreaterThan(800);
    expect(await onB.waitMs('li|10.0.0.1')).toBeGreaterThan(800);
    await onA.succeeded('li|10.0.0.1');
    expect(await onB.waitMs('li|10.0.0.1')).toBe(0);
  });

  it('keeps keys of any length: a long folded login and an IPv6 address', async () => {
    const t = loginThrottle(a.db);
    const key = `${'ｗａｎｇ'.repeat(16).normalize('NFKD').repeat(4)}|2001:db8:85a3:8d3:1319:8a2e:370:7348`;
    expect(key.length).toBeGreaterThan(255);
    for (let i = 0; i < 4; i++) await t.failed(key);
    expect(await t.waitMs(key)).toBeGreaterThan(800);
  });

  it('counts every one of many failures sent at once', async () => {
    const onA = loginThrottle(a.db);
    const onB = loginThrottle(b.db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).failed('zhao|10.0.0.2')));
    // Ten failures: the seventh free-beyond wait is 2^6 s; had any been lost it would be shorter.
    expect(await onA.waitMs('zhao|10.0.0.2')).toBeGreaterThan(60_000);
  });
});
