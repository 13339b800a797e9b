// Review holds (DESIGN §4): the reviewer a commitment needs, fixed when it is submitted; and
// evaluations that exist once — an annual rating per (target, period), a survey per (target,
// period, source) — with a version for corrections.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commitments').addColumn('review_by', 'text').execute();
  await db.schema.alterTable('commitments').addColumn('review_org_id', 'integer').execute();

  await db.schema.alterTable('evaluations').addColumn('source', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('evaluations').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.updateTable('evaluations').set({ source: 'paper' }).where('kind', '=', 'survey').execute();
  // Duplicates stored before the rule stay (nothing stored is lost), each under its own source
  // name, so the unique index can hold from now on; they add up in reports as they did.
  await sql`
    UPDATE evaluations SET source = 'legacy-' || CAST(id AS TEXT)
    WHERE kind IN ('annual', 'survey') AND EXISTS (
      SELECT 1 FROM evaluations first
      WHERE first.kind = evaluations.kind AND first.target_type = evaluations.target_type
        AND first.target_id = evaluations.target_id AND first.period = evaluations.period
        AND first.source = evaluations.source AND first.id < evaluations.id)`.execute(db);
  await sql`
    CREATE UNIQUE INDEX evaluations_once ON evaluations (kind, target_type, target_id, period, source)
    WHERE kind IN ('annual', 'survey')`.execute(db);
}
