// Rate limits of the public pages, counted per public token and per ballot code — never per
// address: a 评议会 puts a hundred phones behind one Wi-Fi, and they must all get through.
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config';
import type { Database } from '../db/schema';
import { sharedLimiter } from '../http/rateLimits';

export const DEFAULT_LIMITS = {
  /** Page views per minute of one organisation's public page (a wall read by a crowd, with room). */
  perToken: 300,
  /** Requests per minute of one ballot (a resident opens it, maybe reloads, answers). */
  perBallot: 20,
  /** A rendered public page is served again this long: a crowd reading the wall at once costs one render. */
  pageReuseMs: 10_000,
};

/**
 * Counts hits per key in one-minute windows shared by every app process (the database's
 * `rate_limits`); answers false once a key is over its limit. A key over its limit is then
 * refused in this process without a query until its minute ends, so a flood costs nothing.
 */
export function perMinute(db: Kysely<Database>, prefix: string, limit: number): (key: string) => Promise<boolean> {
  const limiter = sharedLimiter(db, { prefix, points: limit, seconds: 60, refuseLocallyOnceOver: true });
  return async (key) => (await limiter.hit(key)) === 0;
}

export function limitsOf(config: AppConfig) {
  return { ...DEFAULT_LIMITS, ...config.publicLimits };
}
