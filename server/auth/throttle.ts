// Slows down password guessing: after a few failures for one login from one address, each
// further attempt must wait twice as long as the last (capped), until a success clears it. The
// counts live in the database (server/http/rateLimits.ts), so every app process sees the same.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { sharedLimiter } from '../http/rateLimits';

export const FREE_FAILURES = 3;
const MAX_DELAY_S = 15 * 60;
/** Failures are remembered this long after the first one, unless a success clears them sooner. */
const FAILURES_KEPT_S = 24 * 3600;

export interface LoginThrottle {
  /** Milliseconds the caller must still wait, 0 when an attempt is allowed now. */
  waitMs(key: string): Promise<number>;
  failed(key: string): Promise<void>;
  succeeded(key: string): Promise<void>;
}

export function loginThrottle(db: Kysely<Database>): LoginThrottle {
  const failures = sharedLimiter(db, { prefix: 'login_failures', points: FREE_FAILURES, seconds: FAILURES_KEPT_S });
  const waits = sharedLimiter(db, { prefix: 'login_wait', points: 1, seconds: MAX_DELAY_S });
  return {
    waitMs: (key) => waits.remainingMs(key),
    async failed(key) {
      // Failures sent at once race to set the wait, and a hold replaces the one before: whoever
      // held looks at the count again and holds anew for a newer one, so the last hold is the longest.
      let count = await failures.count(key);
      for (let held = 0; count > FREE_FAILURES && count !== held; count = await failures.counted(key)) {
        await waits.hold(key, Math.min(2 ** (count - FREE_FAILURES - 1), MAX_DELAY_S));
        held = count;
      }
    },
    async succeeded(key) {
      await failures.forget(key);
      await waits.forget(key);
    },
  };
}
