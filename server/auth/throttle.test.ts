import { describe, expect, it } from 'vitest';
import { loginThrottle } from './throttle';

describe('loginThrottle', () => {
  it('lets three failures pass, then doubles the wait, and forgets after a success', () => {
    const t = loginThrottle();
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) t.failed('wang|1.2.3.4', now);
    expect(t.waitMs('wang|1.2.3.4', now)).toBe(0);
    t.failed('wang|1.2.3.4', now);
    expect(t.waitMs('wang|1.2.3.4', now)).toBe(1000);
    t.failed('wang|1.2.3.4', now);
    expect(t.waitMs('wang|1.2.3.4', now)).toBe(2000);
    expect(t.waitMs('wang|1.2.3.4', now + 2000)).toBe(0);
    expect(t.waitMs('wang|5.6.7.8', now)).toBe(0); // another address is not slowed
    t.succeeded('wang|1.2.3.4');
    t.failed('wang|1.2.3.4', now);
    expect(t.waitMs('wang|1.2.3.4', now)).toBe(0);
  });

  it('caps the wait at fifteen minutes', () => {
    const t = loginThrottle();
    for (let i = 0; i < 40; i++) t.failed('k', 0);
    expect(t.waitMs('k', 0)).toBe(15 * 60_000);
  });
});
