// The scheduler of one app instance: node-cron ticks once a minute, each tick runs one pass of
// the runner at the injected clock's time, and the heartbeat (`/healthz`) shows the last one, so
// a scheduler that silently stopped is noticed. A first pass right at start sends what came due
// while the server was down. `SCHEDULER=0` (config.scheduler false) leaves the ticking off; the
// mailer still serves manual runs.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import cron from 'node-cron';
import type { Timestamp } from '../../core/types';
import type { AppContext } from '../context';
import { createMailer, type Mailer } from './mailer';
import { runDue } from './runner';
import type { DeliveryRecord } from './store';

export interface SchedulerHealth {
  /** Ticking in this process. */
  enabled: boolean;
  /** SMTP_URL is set; without it nothing is sent. */
  mail: boolean;
  lastTick: Timestamp | null;
  /** The last pass failed (details in the server log; /healthz is public, so no message here). */
  lastPassFailed: boolean;
}

export interface Scheduler {
  /** Names this process in delivery claims. */
  owner: string;
  mailer: Mailer | null;
  /** One pass now; passes of one process never overlap (a second waits for the first). */
  tick(): Promise<DeliveryRecord[]>;
  health(): SchedulerHealth;
}

const schedulers = new WeakMap<AppContext, Scheduler>();

/** The scheduler createApp started for this context. */
export function schedulerOf(ctx: AppContext): Scheduler {
  const s = schedulers.get(ctx);
  if (!s) throw new Error('the scheduler was not started for this app');
  return s;
}

export function startScheduler(ctx: AppContext): Scheduler {
  const { smtpUrl, mailFrom, scheduler: ticking } = ctx.config;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const mailer = smtpUrl ? createMailer(smtpUrl, mailFrom) : null;
  let lastTick: Timestamp | null = null;
  let lastPassFailed = false;
  let running = 0;
  let stopping = false;
  let passes: Promise<unknown> = Promise.resolve();

  // Up to when run times have been looked at; a failed pass leaves it, so the next looks again.
  let scannedUpTo: Date | null = null;

  const pass = async (): Promise<DeliveryRecord[]> => {
    const now = ctx.now();
    lastTick = now.toISOString();
    if (!mailer || stopping) return [];
    try {
      const attempted = await runDue(ctx, mailer, owner, now, scannedUpTo, () => !stopping);
      scannedUpTo = now;
      lastPassFailed = false;
      return attempted;
    } catch (err) {
      lastPassFailed = true;
      console.error('scheduler pass failed:', err);
      return [];
    }
  };
  const tick = () => {
    running += 1;
    const next = passes.then(pass).finally(() => void (running -= 1));
    passes = next;
    return next;
  };

  // Every minute: a pass, unless the last one is still sending; the heartbeat beats either way.
  const task = ticking
    ? cron.schedule('* * * * *', () => (running ? void (lastTick = ctx.now().toISOString()) : void tick()), {
        name: `report-scheduler-${owner}`,
        suppressMissedWarning: true,
      })
    : null;
  if (ticking) void tick();

  const scheduler: Scheduler = {
    owner,
    mailer,
    tick,
    health: () => ({ enabled: ticking, mail: mailer !== null, lastTick, lastPassFailed }),
  };
  schedulers.set(ctx, scheduler);
  // On close the pass under way stops after the delivery it is sending; the rest stay due.
  ctx.onClose(async () => {
    stopping = true;
    await task?.destroy();
    await passes;
    mailer?.close();
  });
  return scheduler;
}
