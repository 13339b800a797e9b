import { afterEach, describe, expect, it } from 'vitest';
import { freshSqlite, type TestDatabase } from '../test/support/databases';
import { openDatabase, type OpenDatabase } from './db/open';
import { verifyPassword } from './auth/password';
import { CATEGORIES, STATUSES } from '../core/types';
import { loadDemoCounty } from './demo';

const opened: { db: OpenDatabase; file: TestDatabase }[] = [];
async function fresh(): Promise<OpenDatabase> {
  const file = freshSqlite();
  const db = await openDatabase(file.url);
  opened.push({ db, file });
  return db;
}
afterEach(async () => {
  for (const { db, file } of opened.splice(0)) {
    await db.close();
    await file.drop();
  }
});

describe('the demo county', () => {
  it('has a committee, five general branches, thirty branches, 600 members and about 2,000 commitments of every kind', async () => {
    const { db } = await fresh();
    const county = await loadDemoCounty(db, { password: 'demo-county-password' });
    const kinds = await db.selectFrom('organizations').select(['kind', db.fn.countAll<number>().as('n')]).groupBy('kind').orderBy('kind').execute();
    expect(kinds.map((k) => [k.kind, Number(k.n)])).toEqual([['branch', 30], ['committee', 1], ['general_branch', 5]]);
    expect(county.counts.members).toBe(600);
    expect(county.counts.commitments).toBeGreaterThan(1900);
    expect(county.counts.commitments).toBeLessThan(2300);
    const present = async (column: 'status' | 'category') => (await db.selectFrom('commitments').select(column).distinct().execute()).map((r) => r[column]).sort();
    expect(await present('status')).toEqual([...STATUSES].sort());
    expect(await present('category')).toEqual([...CATEGORIES].sort());
    const roles = (await db.selectFrom('members').select('role').distinct().execute()).map((r) => r.role).sort();
    expect(roles).toEqual(['leader_cadre', 'no_post', 'ordinary', 'retired']);
    const evaluations = (await db.selectFrom('evaluations').select('kind').distinct().execute()).map((r) => r.kind).sort();
    expect(evaluations).toEqual(['annual', 'leader_comment', 'survey']);
    expect(county.counts.progressEntries).toBeGreaterThan(10000);
    expect(county.counts.rectifications).toBeGreaterThan(0);
    const months = (await db.selectFrom('progress_entries').select('month').distinct().orderBy('month').execute()).map((r) => r.month);
    expect(months[months.length - 1]).toBe('2011-12');

    expect(county.logins).toHaveLength(31);
    const clerk = await db.selectFrom('users').selectAll().where('login', '=', 'clerk07').executeTakeFirstOrThrow();
    expect(await verifyPassword('demo-county-password', clerk.password_hash)).toBe(true);
    const clerkOrg = await db.selectFrom('organizations').select('kind').where('id', '=', clerk.org_id!).executeTakeFirstOrThrow();
    expect(clerkOrg.kind).toBe('branch');
  });

  it('goes through the write paths real ledgers take: members from a roster, commitments joined up to them by name and post', async () => {
    const { db } = await fresh();
    const county = await loadDemoCounty(db, { password: 'demo-county-password' });
    const made = await db.selectFrom('audit').select('entity_id').where('entity', '=', 'member').where('action', '=', 'ledger:create').execute();
    expect(made).toHaveLength(600);
    const linked = await db
      .selectFrom('commitments')
      .innerJoin('members', 'members.id', 'commitments.member_id')
      .select(['commitments.subject_name', 'members.name', 'commitments.org_id', 'members.org_id as memberOrg', 'commitments.key_space'])
      .execute();
    const memberRows = await db.selectFrom('commitments').select('id').where('subject_type', '=', 'member').execute();
    expect(linked).toHaveLength(memberRows.length);
    for (const c of linked) expect([c.subject_name, c.org_id, c.key_space]).toEqual([c.name, c.memberOrg, county.countyId]);
    // Namesakes in one branch stay two people, told apart by 单位及职务.
    const namesakes = await db.selectFrom('members').select(['org_id', 'name', db.fn.countAll<number>().as('n')]).groupBy(['org_id', 'name']).having(db.fn.countAll(), '>', 1).execute();
    expect(namesakes.length).toBeGreaterThan(0);
  });

  it('is the same county for the same seed, and another for another seed', async () => {
    const rows = async (seed: number) => {
      const { db } = await fresh();
      await loadDemoCounty(db, { seed, password: 'demo-county-password' });
      return db.selectFrom('commitments').select(['subject_name', 'content', 'deadline', 'status', 'completed_at']).orderBy('id').execute();
    };
    const a = await rows(7);
    expect(await rows(7)).toEqual(a);
    expect(await rows(8)).not.toEqual(a);
  });

  it('is loaded whole or not at all', async () => {
    const { db } = await fresh();
    await loadDemoCounty(db, { password: 'demo-county-password' });
    await expect(loadDemoCounty(db, { password: 'demo-county-password' })).rejects.toThrow(/已载入/);
    expect((await db.selectFrom('organizations').select('id').execute()).length).toBe(36);

    const other = (await fresh()).db;
    const now = new Date().toISOString();
    const org = await other.insertInto('organizations').values({ name: '别的县委', kind: 'committee', parent_id: null, sector: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await other.insertInto('users').values({ login: 'clerk05', password_hash: 'x', name: '已有用户', role: 'clerk', org_id: org.id, disabled: 0, created_at: now, updated_at: now }).execute();
    await expect(loadDemoCounty(other, { password: 'demo-county-password' })).rejects.toThrow(/clerk05/);
    expect((await other.selectFrom('organizations').select('id').execute()).length).toBe(1);
    expect((await other.selectFrom('commitments').select('id').execute()).length).toBe(0);
  });
});
