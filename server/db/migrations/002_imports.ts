// Conversion previews of old ledgers: what a file was understood to hold, kept until its owner
// commits it (or not). Only the preview is stored here; commitments are written at commit time.
import type { Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await addIdColumn(db.schema.createTable('imports'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer')
    .addColumn('file_name', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('preview_json', 'text', (c) => c.notNull())
    .addColumn('records_gz', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();
  await db.schema.createIndex('imports_user').on('imports').column('user_id').execute();
}
