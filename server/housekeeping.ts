// Housekeeping: deletes what has lapsed — import previews never committed (after PREVIEW_HOURS),
// expired sessions, and rate-limit counters whose window ended. It runs at start and hourly in
// every process whose scheduler is on; each step is one DELETE of rows already past their time,
// so several processes sweeping at once delete each row once and never touch a live one. Times
// come from ctx.now() (the rate-limit windows from the wall clock, see server/http/rateLimits.ts).
import cron from 'node-cron';
import type { AppContext } from './context';
import { dropExpiredPreviews } from './imports/history';
import { dropExpiredSessions } from './auth/sessions';
import { dropLapsedLimits } from './http/rateLimits';

export interface Swept {
  previews: number;
  sessions: number;
  rateLimits: number;
}

export async function sweep(ctx: AppContext): Promise<Swept> {
  return {
    previews: await dropExpiredPreviews(ctx),
    sessions: await dropExpiredSessions(ctx),
    rateLimits: await dropLapsedLimits(ctx.db),
  };
}

/** Sweeps now and at minute 17 of every hour until the app closes; a failed sweep waits for the next. */
export function startHousekeeping(ctx: AppContext): void {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => (running = sweep(ctx).catch((err) => console.error('housekeeping failed:', err)));
  const task = cron.schedule('17 * * * *', run, { name: 'housekeeping', noOverlap: true, suppressMissedWarning: true });
  void run();
  ctx.onClose(async () => {
    await task.destroy();
    await running;
  });
}
