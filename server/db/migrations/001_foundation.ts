// Organisations, people, sessions, commitments and what hangs off them, and the audit trail.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await addIdColumn(db.schema.createTable('organizations'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('sector', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_parent').on('organizations').column('parent_id').execute();

  await addIdColumn(db.schema.createTable('members'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('joined_on', 'text')
    .addColumn('unit_post', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('members_org').on('members').columns(['org_id', 'name']).execute();

  await addIdColumn(db.schema.createTable('users'), dialect)
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await addIdColumn(db.schema.createTable('sessions'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await addIdColumn(db.schema.createTable('commitments'), dialect)
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('measures', 'text')
    .addColumn('expected', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'text')
    .addColumn('remarks', 'text')
    .addColumn('reviewer_id', 'integer', (c) => c.references('users.id'))
    .addColumn('review_note', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitments_org_year').on('commitments').columns(['org_id', 'year']).execute();
  await db.schema.createIndex('commitments_status').on('commitments').column('status').execute();
  // Deadline and status together answer the overdue filter from the index alone, over the
  // whole tree and per organisation of a subtree.
  await db.schema.createIndex('commitments_deadline').on('commitments').columns(['deadline', 'status']).execute();
  await db.schema.createIndex('commitments_org_deadline').on('commitments').columns(['org_id', 'deadline', 'status']).execute();
  await db.schema.createIndex('commitments_member').on('commitments').column('member_id').execute();

  await addIdColumn(db.schema.createTable('progress_entries'), dialect)
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('progress_commitment_month')
    .on('progress_entries')
    .columns(['commitment_id', 'month'])
    .execute();

  await addIdColumn(db.schema.createTable('evaluations'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('rating', 'text')
    .addColumn('satisfied', 'integer')
    .addColumn('basically_satisfied', 'integer')
    .addColumn('unsatisfied', 'integer')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluations_org_period').on('evaluations').columns(['org_id', 'period']).execute();

  await addIdColumn(db.schema.createTable('rectifications'), dialect)
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('issue', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectifications_org').on('rectifications').column('org_id').execute();

  // Append-only: the application never updates or deletes audit rows.
  await addIdColumn(db.schema.createTable('audit'), dialect)
    .addColumn('user_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_entity').on('audit').columns(['entity', 'entity_id']).execute();
}
