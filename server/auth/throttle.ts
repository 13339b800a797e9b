// Slows down password guessing: after a few failures for one login from one address, each
// further attempt must wait twice as long as the last (capped), until a success clears it.
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 15 * 60_000;
const MAX_TRACKED = 10_000;

interface Failures {
  count: number;
  blockedUntil: number;
}

export interface LoginThrottle {
  /** Milliseconds the caller must still wait, 0 when an attempt is allowed now. */
  waitMs(key: string, now: number): number;
  failed(key: string, now: number): void;
  succeeded(key: string): void;
}

export function loginThrottle(): LoginThrottle {
  const failures = new Map<string, Failures>();
  return {
    waitMs(key, now) {
      const f = failures.get(key);
      return f ? Math.max(0, f.blockedUntil - now) : 0;
    },
    failed(key, now) {
      const f = failures.get(key) ?? { count: 0, blockedUntil: 0 };
      f.count += 1;
      if (f.count > FREE_FAILURES) f.blockedUntil = now + Math.min(1000 * 2 ** (f.count - FREE_FAILURES - 1), MAX_DELAY_MS);
      failures.delete(key); // re-insert so iteration order is least recently failed first
      failures.set(key, f);
      if (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value!);
    },
    succeeded(key) {
      failures.delete(key);
    },
  };
}
