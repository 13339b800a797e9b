// Attachments (存档备案, 佐证材料) kept in the database, so every server process sees them and a
// backup of the database holds them. The bytes live in a table of their own: listing attachments
// never reads them.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  await addIdColumn(db.schema.createTable('attachments'), dialect)
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('has_thumbnail', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    // The same file sent again for the same record (a retry) is the same attachment.
    .addUniqueConstraint('attachments_once', ['entity_type', 'entity_id', 'year', 'kind', 'sha256'])
    .execute();
  await db.schema.createIndex('attachments_org_year').on('attachments').columns(['org_id', 'year', 'kind']).execute();

  await db.schema
    .createTable('attachment_contents')
    .addColumn('attachment_id', 'integer', (c) => c.primaryKey().references('attachments.id').onDelete('cascade'))
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('thumbnail', bytes)
    .execute();
}
