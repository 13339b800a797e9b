// The review desk: each county's scheme (方案), who comments on whom (点评责任), what a
// rectification (整改) records beyond its first shape.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  // One row per top-level organisation that has changed its scheme; the others keep the default.
  await db.schema
    .createTable('schemes')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('member_review', 'text', (c) => c.notNull())
    .addColumn('comment_cadence', 'text', (c) => c.notNull())
    .addColumn('survey_cadence', 'text', (c) => c.notNull())
    .addColumn('categories_json', 'text', (c) => c.notNull())
    .addColumn('propose_by', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await addIdColumn(db.schema.createTable('comment_duties'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    /** The target's organisation (itself for an organisation), for scope checks. */
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('comment_duties_once', ['user_id', 'target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('comment_duties_org').on('comment_duties').column('org_id').execute();

  await db.schema.alterTable('rectifications').addColumn('year', 'integer').execute();
  await db.schema.alterTable('rectifications').addColumn('done_on', 'text').execute();
  await db.schema.alterTable('rectifications').addColumn('note', 'text').execute();
  await db.schema.alterTable('rectifications').addColumn('created_by', 'integer').execute();
  await db.schema.alterTable('rectifications').addColumn('updated_at', 'text').execute();
  await db.schema.createIndex('rectifications_target').on('rectifications').columns(['target_type', 'target_id', 'year']).execute();

}
