// 践诺计划 (分期分步落实): a commitment's phases as JSON `[{by, target, doneOn}]` in date order
// (core/plan.ts keeps the rules); null for an item without phases. Reports read the phases
// with the JSON functions both databases have (SQLite json_each, PostgreSQL jsonb_array_elements).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('commitments').addColumn('plan', 'text').execute();
}
