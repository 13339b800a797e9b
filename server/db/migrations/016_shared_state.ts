// State several app processes on one database must share (README "Several processes"): the
// counters of the login throttle and the public pages' rate limits, in the table layout of
// rate-limiter-flexible's SQL stores (made here, so a public-only role never creates tables);
// and indexes for the housekeeping that deletes expired sessions and stale import previews.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    // text, not the library's varchar(255): a key holds a login (up to 64 characters, each maybe
    // several once folded) and an address, and must never fail a request for its length.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    // Milliseconds since 1970 on the wall clock, as the library writes them.
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema.createIndex('rate_limits_expire').on('rate_limits').column('expire').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('imports_status_created').on('imports').columns(['status', 'created_at']).execute();
}
