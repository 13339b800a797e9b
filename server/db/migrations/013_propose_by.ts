// 科学提诺 and 跟踪问诺 (issue 15): an organisation's year with its 提诺 deadline, set by the level
// above and inherited downwards; and the request key of a monthly check sent for many records at
// once, so a retry of the same request stores nothing twice.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await addIdColumn(db.schema.createTable('org_years'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('propose_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('org_years_org_year', ['org_id', 'year'])
    .execute();
  await db.schema.createIndex('org_years_year').on('org_years').columns(['year', 'org_id']).execute();

  await db.schema.alterTable('progress_entries').addColumn('request_key', 'text').execute();
  // One entry per record per request: the second insert of a retried request fails, never duplicates.
  await db.schema.createIndex('progress_entries_request').on('progress_entries').columns(['request_key', 'commitment_id']).unique().execute();
}
