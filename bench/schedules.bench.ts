// Scheduler cost at 1,000 schedules (250 top organisations × the 4 default schedules): the first
// pass after a start (looks back two periods of every schedule, all already delivered), the
// steady once-a-minute pass, and sending 200 due reports (workbook + email) to a local SMTP server.
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
import { createApp } from '../server/app';
import { appConfig } from '../server/config';
import { defaultSchedules } from '../server/schedules/defaults';
import { schedulerOf } from '../server/schedules/scheduler';
import { duePeriods } from '../server/schedules/coverage';
import { freshRecipient } from '../server/schedules/outcome';
import { insertSchedule, listSchedules, openDelivery } from '../server/schedules/store';
import type { TestDatabase } from '../test/support/freshDatabases';
import { startSmtp } from '../test/support/smtp';
import { forEachDatabase } from './databases';

const ORGS = 250;
const SENDS = 200;

async function measure(db: TestDatabase): Promise<void> {
  const smtp = await startSmtp();
  let clock = new Date('2026-07-15T02:00:00Z');
  const { ctx, close } = await createApp(appConfig({ databaseUrl: db.url, clock: () => clock, smtpUrl: smtp.url, scheduler: false }));
  const scheduler = schedulerOf(ctx);
  try {
    const since = new Date('2025-01-01T00:00:00Z');
    for (let i = 0; i < ORGS; i++) {
      const org = await ctx.db
        .insertInto('organizations')
        .values({ name: `第${i + 1}镇党委`, kind: 'committee', parent_id: null, sector: null, created_at: since.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const draft of defaultSchedules('Asia/Shanghai')) {
        await insertSchedule(ctx.db, { ...draft, orgId: org.id, recipients: [`shuji${i}@town.example`], enabled: true }, null, since);
      }
    }
    // Every period the look-back finds is already delivered: the first pass then only looks.
    for (const schedule of await listSchedules(ctx.db, null)) {
      for (const period of duePeriods({ ...schedule, activeSince: since }, clock)) await openDelivery(ctx.db, schedule, period, since);
    }
    const delivered = await ctx.db.updateTable('deliveries').set({ status: 'sent', next_attempt_at: null }).executeTakeFirst();

    const time = async (label: string, run: () => Promise<unknown>) => {
      const t = performance.now();
      await run();
      const ms = performance.now() - t;
      console.log(`${db.name.padEnd(8)} ${label.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms`);
      return ms;
    };
    const fresh = await createApp(appConfig({ databaseUrl: db.url, clock: () => clock, smtpUrl: smtp.url, scheduler: false }));
    await time(`first pass after start, ${ORGS * 4} schedules, nothing due`, () => schedulerOf(fresh.ctx).tick());
    await fresh.close();
    const steady: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock = new Date(clock.getTime() + 60_000);
      const t = performance.now();
      await scheduler.tick();
      steady.push(performance.now() - t);
    }
    steady.sort((a, b) => a - b);
    console.log(`${db.name.padEnd(8)} ${'steady minute pass (median of 10)'.padEnd(52)} ${steady[5].toFixed(0).padStart(7)} ms`);

    const due = await ctx.db.selectFrom('deliveries').select('id').orderBy('id').limit(SENDS).execute();
    for (const { id } of due) {
      const { recipients_json } = await ctx.db
        .selectFrom('deliveries')
        .innerJoin('schedules', 'schedules.id', 'deliveries.schedule_id')
        .select('schedules.recipients_json')
        .where('deliveries.id', '=', id)
        .executeTakeFirstOrThrow();
      const results = (JSON.parse(recipients_json) as string[]).map(freshRecipient);
      await ctx.db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: clock.toISOString(), results_json: JSON.stringify(results) })
        .where('id', '=', id)
        .execute();
    }
    const ms = await time(`${due.length} due reports built and mailed`, () => scheduler.tick());
    console.log(`${db.name.padEnd(8)} ${'per report'.padEnd(52)} ${(ms / due.length).toFixed(1).padStart(7)} ms  (${smtp.messages.length} messages received; ${Number(delivered.numUpdatedRows)} deliveries in all)`);
  } finally {
    await close();
    await smtp.close();
  }
}

await forEachDatabase(measure);
