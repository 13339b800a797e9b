import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { testDatabases } from '../../test/support/databases';
import { linksFor } from './links';

const dbs = await testDatabases();

describe.each(dbs)('public links on $name', ({ url }) => {
  it('makes one live link per organisation and year, however many ask at once', async () => {
    const { db, close } = await openDatabase(url);
    try {
      const org = (await db.insertInto('organizations').values({ name: '城关社区党支部', kind: 'branch', parent_id: null, sector: null, created_at: '2011-01-01T00:00:00Z' }).returning('id').executeTakeFirstOrThrow()).id;
      const asked = await Promise.all(Array.from({ length: 8 }, () => linksFor(db, [org], 2011, '2011-03-01T00:00:00Z', null)));
      const tokens = new Set(asked.map((m) => m.get(org)!.token));
      expect(tokens.size).toBe(1);
      expect([...tokens][0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const rows = await db.selectFrom('public_links').select('id').where('org_id', '=', org).execute();
      expect(rows).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
