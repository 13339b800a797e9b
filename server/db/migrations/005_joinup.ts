// Records join up (DESIGN §4):
// - Ledger row keys are namespaced by organisation tree: `commitments.key_space` is the top-level
//   organisation of the record's organisation, and a key is unique within its space only, so a key
//   another county used neither blocks nor reveals anything. The old UNIQUE on `key` goes: on
//   PostgreSQL by dropping the constraint, on SQLite (which cannot drop one) by rebuilding the
//   table the way SQLite documents (foreign keys off, copy, drop, rename, check).
// - Imported records' content keys also hold their organisation (imports/keys.ts): two townships'
//   第一党支部 with the same row are two records.
// - An import is a ledger or a member roster (`imports.kind`).
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import { placedKey } from '../../imports/keys';

/** The commitment columns of 001, without the UNIQUE on `key`. */
const SQLITE_COMMITMENTS = sql`create table commitments_rebuilt (
  id integer primary key autoincrement,
  key text,
  year integer not null,
  org_id integer not null references organizations(id),
  subject_type text not null,
  member_id integer references members(id),
  subject_name text not null,
  category text not null,
  content text not null,
  measures text,
  expected text,
  deadline text not null,
  responsible text,
  status text not null,
  progress text,
  remarks text,
  reviewer_id integer references users(id),
  review_note text,
  submitted_at text,
  reviewed_at text,
  published_at text,
  completed_at text,
  version integer not null default 1,
  created_by integer references users(id),
  created_at text not null,
  updated_at text not null,
  key_space integer references organizations(id)
)`;

const COLUMNS = sql.raw(
  'id, key, year, org_id, subject_type, member_id, subject_name, category, content, measures, expected, deadline, responsible, status, progress, remarks, reviewer_id, review_note, submitted_at, reviewed_at, published_at, completed_at, version, created_by, created_at, updated_at',
);

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') await rebuildSqliteCommitments(db);
  else {
    await sql`alter table commitments drop constraint commitments_key_key`.execute(db);
    await db.schema.alterTable('commitments').addColumn('key_space', 'integer', (c) => c.references('organizations.id')).execute();
  }
  await placeImportKeys(db);
  await fillKeySpaces(db);
  await db.schema.createIndex('commitments_key_space').on('commitments').columns(['key_space', 'key']).unique().execute();

  await db.schema.alterTable('imports').addColumn('kind', 'text', (c) => c.notNull().defaultTo('ledger')).execute();
}

/** Imported records' keys also hold the organisation they were placed in (imports/keys.ts). */
async function placeImportKeys(db: Kysely<any>): Promise<void> {
  const rows: { id: number; key: string; org_id: number }[] = await db.selectFrom('commitments').select(['id', 'key', 'org_id']).where('key', 'like', 'import:%').execute();
  for (const r of rows) await db.updateTable('commitments').set({ key: placedKey(r.key, r.org_id) }).where('id', '=', r.id).execute();
}

/** Each keyed commitment's space: the top of its organisation's tree. */
async function fillKeySpaces(db: Kysely<any>): Promise<void> {
  const orgs: { id: number; parent_id: number | null }[] = await db.selectFrom('organizations').select(['id', 'parent_id']).execute();
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const rootOf = (id: number) => {
    while (parent.get(id) != null) id = parent.get(id)!;
    return id;
  };
  const byRoot = new Map<number, number[]>();
  for (const o of orgs) byRoot.set(rootOf(o.id), [...(byRoot.get(rootOf(o.id)) ?? []), o.id]);
  for (const [root, ids] of byRoot) {
    for (let i = 0; i < ids.length; i += 1000) {
      await db.updateTable('commitments').set({ key_space: root }).where('org_id', 'in', ids.slice(i, i + 1000)).where('key', 'is not', null).execute();
    }
  }
}

async function rebuildSqliteCommitments(db: Kysely<any>): Promise<void> {
  // Migrations on SQLite run outside a transaction, on the one connection, so the pragma holds.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    await SQLITE_COMMITMENTS.execute(db);
    await sql`insert into commitments_rebuilt (${COLUMNS}) select ${COLUMNS} from commitments`.execute(db);
    await sql`drop table commitments`.execute(db);
    await sql`alter table commitments_rebuilt rename to commitments`.execute(db);
    // The indexes of 001 and 004, which went with the old table.
    await db.schema.createIndex('commitments_org_year').on('commitments').columns(['org_id', 'year']).execute();
    await db.schema.createIndex('commitments_status').on('commitments').column('status').execute();
    await db.schema.createIndex('commitments_deadline').on('commitments').columns(['deadline', 'status']).execute();
    await db.schema.createIndex('commitments_org_deadline').on('commitments').columns(['org_id', 'deadline', 'status']).execute();
    await db.schema.createIndex('commitments_member').on('commitments').column('member_id').execute();
    await db.schema.createIndex('commitments_org_id').on('commitments').columns(['org_id', 'id']).execute();
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`rebuilding commitments broke ${broken.rows.length} foreign keys`);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db).catch(() => {});
    throw err;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
