// Migration 005 on a database that already holds records (SQLite rebuilds the commitments table):
// every row and its progress survive, keys get their county, imported keys their organisation, and
// a key is then unique within its county only.
import { Migrator, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases';
import { openDatabase } from '../open';
import { MIGRATIONS } from './index';
import { placedKey } from '../../imports/keys';

const dbs = await testDatabases();

describe.each(dbs)('migration 005_joinup on $name', ({ url, name }) => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  it('keeps every record and its progress, and namespaces keys by county', async () => {
    const before = await openDatabase(url, { migrate: false });
    const upTo004: Record<string, Migration> = {};
    for (const [n, m] of MIGRATIONS.slice(0, 4)) upTo004[n] = { up: (d) => m.up(d, name) };
    const done = await new Migrator({ db: before.db, provider: { getMigrations: async () => upTo004 } }).migrateToLatest();
    expect(done.error).toBeUndefined();
    const ids = await seed(before.db);
    await before.close();

    const after = await openDatabase(url);
    opened.push(after);
    const db = after.db;
    const rows = await db.selectFrom('commitments').select(['id', 'key', 'key_space', 'org_id', 'content']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: ids.a, key: 'pane-0001', key_space: ids.county, org_id: ids.branch, content: '走访困难群众10户' },
      { id: ids.b, key: placedKey('import:abc', ids.branch), key_space: ids.county, org_id: ids.branch, content: '按时交纳党费' },
      { id: ids.c, key: null, key_space: null, org_id: ids.branch, content: '义务植树' },
    ]);
    expect(await db.selectFrom('progress_entries').select(['commitment_id', 'note']).execute()).toEqual([{ commitment_id: ids.a, note: '已走访6户' }]);
    const at = new Date().toISOString();
    const row = { year: 2011, subject_type: 'member', subject_name: '王五', category: 'post', content: '另一县的记录', deadline: 'ongoing', status: 'published', version: 1, created_at: at, updated_at: at };
    // The same key in another county is another record; twice in one county it is refused.
    await db.insertInto('commitments').values({ ...row, key: 'pane-0001', key_space: ids.other, org_id: ids.other }).execute();
    await expect(db.insertInto('commitments').values({ ...row, key: 'pane-0001', key_space: ids.county, org_id: ids.branch }).execute()).rejects.toThrow();
    // Foreign keys still hold on the rebuilt table.
    await expect(db.insertInto('progress_entries').values({ commitment_id: 999_999, month: '2011-07', note: 'x', percent: null, user_id: ids.user, created_at: at }).execute()).rejects.toThrow();
  });
});

async function seed(db: Kysely<any>) {
  const at = '2011-03-01T02:00:00.000Z';
  const org = async (name: string, kind: string, parent_id: number | null) =>
    (await db.insertInto('organizations').values({ name, kind, parent_id, sector: null, created_at: at }).returning('id').executeTakeFirstOrThrow()).id as number;
  const county = await org('青山县委', 'committee', null);
  const town = await org('城关镇党委', 'committee', county);
  const branch = await org('第一党支部', 'branch', town);
  const other = await org('河口县委', 'committee', null);
  const user = (await db.insertInto('users').values({ login: 'clerk', password_hash: 'x', name: '干事', role: 'clerk', org_id: branch, disabled: 0, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id as number;
  const commitment = async (key: string | null, content: string) =>
    (
      await db
        .insertInto('commitments')
        .values({ key, year: 2011, org_id: branch, subject_type: 'member', member_id: null, subject_name: '张三', category: 'deed', content, deadline: '2011-06-30', status: 'in_progress', version: 1, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as number;
  const a = await commitment('pane-0001', '走访困难群众10户');
  const b = await commitment('import:abc', '按时交纳党费');
  const c = await commitment(null, '义务植树');
  await db.insertInto('progress_entries').values({ commitment_id: a, month: '2011-06', note: '已走访6户', percent: 60, user_id: user, created_at: at }).execute();
  return { county, branch, other, user, a, b, c };
}
