// Rate limits of the public pages, counted per public token and per ballot code — never per
// address: a 评议会 puts a hundred phones behind one Wi-Fi, and they must all get through.
import type { AppConfig } from '../config';

export const DEFAULT_LIMITS = {
  /** Page views per minute of one organisation's public page (a wall read by a crowd, with room). */
  perToken: 300,
  /** Requests per minute of one ballot (a resident opens it, maybe reloads, answers). */
  perBallot: 20,
  /** A rendered public page is served again this long: a crowd reading the wall at once costs one render. */
  pageReuseMs: 10_000,
};

/** Counts hits per key in fixed one-minute windows; answers false once a key is over its limit. */
export function perMinute(limit: number, now: () => number = Date.now): (key: string) => boolean {
  let windowStart = now();
  let hits = new Map<string, number>();
  return (key) => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      hits = new Map();
    }
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    return n <= limit;
  };
}

export function limitsOf(config: AppConfig) {
  return { ...DEFAULT_LIMITS, ...config.publicLimits };
}
