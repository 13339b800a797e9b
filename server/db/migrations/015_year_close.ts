// The year on record (封账): closing an organisation's year freezes its subtree as it stood (the
// organisations with their names, kinds and parents; the members the year's records name), so a
// report of that year rebuilt later prints what it printed then. Reopening is recorded on the
// same row, never by deleting it. Carried-over items link to their origin, once each. Each
// delivery keeps the workbook bytes it sent.
import { sql, type Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await addIdColumn(db.schema.createTable('year_closures'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('members_json', 'text', (c) => c.notNull())
    .addColumn('users_json', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reopen_reason', 'text')
    .execute();
  // One standing closure per organisation and year; reopened ones stay as history.
  await db.schema.createIndex('year_closures_standing').on('year_closures').columns(['org_id', 'year']).unique().where(sql.ref('reopened_at'), 'is', null).execute();

  await db.schema
    .createTable('year_closure_orgs')
    .addColumn('closure_id', 'integer', (c) => c.notNull().references('year_closures.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addPrimaryKeyConstraint('year_closure_orgs_pk', ['closure_id', 'org_id'])
    .execute();
  await db.schema.createIndex('year_closure_orgs_org').on('year_closure_orgs').column('org_id').execute();

  await db.schema.alterTable('commitments').addColumn('carried_from', 'integer', (c) => c.references('commitments.id')).execute();
  await db.schema.alterTable('commitments').addColumn('carry_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Carrying over twice (or at once from two servers) never makes a second draft of one item.
  await db.schema.createIndex('commitments_carried_from').on('commitments').column('carried_from').unique().where(sql.ref('carried_from'), 'is not', null).execute();

  await db.schema
    .createTable('delivery_workbooks')
    .addColumn('delivery_id', 'integer', (c) => c.primaryKey().references('deliveries.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .execute();
}
