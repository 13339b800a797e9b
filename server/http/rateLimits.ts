// Rate-limit counters every app process shares: rate-limiter-flexible's stores on the ledger's
// own database (table `rate_limits`, migration 016), so N processes behind a proxy count as one.
//
// Windows and waits run on the wall clock, not ctx.now(): the library reads Date.now(), and a
// wait is real seconds a person waits — a rehearsal clock (NOW) must neither freeze a wait for
// ever nor let a guesser skip it.
import type { Kysely } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import type { Database } from '../db/schema';
import { driverClientOf } from '../db/open';

export const RATE_LIMIT_TABLE = 'rate_limits';

export interface LimiterOptions {
  /** Names the counter; keys of different limiters never meet. */
  prefix: string;
  /** Hits allowed per window. */
  points: number;
  /** The window, in seconds. */
  seconds: number;
  /**
   * Once a key is over its limit, refuse it in this process without asking the database until
   * its window ends: a flood costs no queries. Off for counters that must be exact.
   */
  refuseLocallyOnceOver?: boolean;
}

export interface SharedLimiter {
  /** Counts one hit; answers 0 when allowed, else the milliseconds until the window ends. */
  hit(key: string): Promise<number>;
  /** Counts one event without refusing anything; answers the count in the window. */
  count(key: string): Promise<number>;
  /** The key's count now, without adding to it. */
  counted(key: string): Promise<number>;
  /** Holds the key for `seconds` from now (replacing any hold). */
  hold(key: string, seconds: number): Promise<void>;
  /** Milliseconds the key is still held or counted for; 0 when nothing is kept for it. */
  remainingMs(key: string): Promise<number>;
  forget(key: string): Promise<void>;
}

export function sharedLimiter(db: Kysely<Database>, options: LimiterOptions): SharedLimiter {
  const client = driverClientOf(db);
  const common = {
    keyPrefix: options.prefix,
    points: options.points,
    duration: options.seconds,
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true, // by migration 016; a public-only role may not create tables
    clearExpiredByTimeout: false, // housekeeping deletes lapsed rows (server/housekeeping.ts)
    ...(options.refuseLocallyOnceOver && { inMemoryBlockOnConsumed: options.points + 1 }),
  };
  const limiter: RateLimiterStoreAbstract =
    client.dialect === 'postgres'
      ? new RateLimiterPostgres({ ...common, storeClient: client.pool, storeType: 'pool' })
      : new RateLimiterSQLite({ ...common, storeClient: client.database, storeType: 'better-sqlite3' });
  // better-sqlite3 is one connection that Kysely lends out one transaction at a time; the
  // library's statements wait for their turn, so they never land inside someone's transaction.
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => (client.dialect === 'sqlite' ? db.connection().execute(fn) : fn());

  return {
    hit: (key) =>
      inTurn(() =>
        limiter.consume(key).then(
          () => 0,
          (refused: unknown) => {
            if (refused instanceof RateLimiterRes) return Math.max(1, refused.msBeforeNext);
            throw refused; // the store failed: the request fails, it is not waved through
          },
        ),
      ),
    count: (key) => inTurn(async () => (await limiter.penalty(key, 1)).consumedPoints),
    counted: (key) => inTurn(async () => (await limiter.get(key))?.consumedPoints ?? 0),
    hold: (key, seconds) => inTurn(async () => void (await limiter.block(key, seconds))),
    remainingMs: (key) => inTurn(async () => Math.max(0, (await limiter.get(key))?.msBeforeNext ?? 0)),
    forget: (key) => inTurn(async () => void (await limiter.delete(key))),
  };
}

/** Deletes counters whose window ended over an hour ago, on the library's (wall) clock; answers how many. */
export async function dropLapsedLimits(db: Kysely<Database>): Promise<number> {
  const hourAgo = Date.now() - 3600_000;
  const result = await db.deleteFrom('rate_limits').where('expire', '<', hourAgo).executeTakeFirst();
  return Number(result.numDeletedRows);
}
