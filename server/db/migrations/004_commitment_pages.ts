// A page of one organisation's commitments in id order (the commitment list) reads its rows
// straight off this index, instead of walking the whole table by id and skipping the other
// organisations' rows.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('commitments_org_id').on('commitments').columns(['org_id', 'id']).execute();
}
