// Report schedules and their deliveries. One delivery row per (schedule, period): the unique key
// every server process claims before sending, so a report goes out once however many run. The
// per-recipient results live in that same row (results_json), so every change to a delivery is
// one single-row statement: atomic on SQLite and PostgreSQL alike, with no lock held across sends.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await addIdColumn(db.schema.createTable('schedules'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('recipients_json', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active_since', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The same report of the same organisation at the same time twice would mail everyone twice.
    .addUniqueConstraint('schedules_same_run', ['org_id', 'kind', 'cron', 'timezone'])
    .execute();

  await addIdColumn(db.schema.createTable('deliveries'), dialect)
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('schedules.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('results_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deliveries_schedule_period', ['schedule_id', 'period'])
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
}
