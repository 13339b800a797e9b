// A county's 2011 ledgers imported "in 2026" (the server's clock), then its 2011 reports: the
// finished items count as done on time (their dates come from the ledgers, not the upload day),
// the ledgers' members appear in 党员汇总 — namesakes of different branches as different people —
// and every figure equals a SQL count. SQLite and PostgreSQL, real HTTP, workbooks read back.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { upload } from './fixtures/upload';
import { legacyLedgers2011, type LegacyLedger } from './fixtures/legacy2011';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();

describe.each(dbs)('a 2011 legacy ledger imported in 2026 on $name', ({ url }) => {
  let server: TestServer;
  let admin: string;
  let county: number;
  let ledgers: LegacyLedger[];

  const report = async (kind: string, period: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1/reports/${kind}?org=${county}&period=${period}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    return readBook(await res.arrayBuffer());
  };
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(server.ctx.db)).rows[0].n);
  const generated = () => ledgers.flatMap((l) => l.rows);
  const dated = (deadline: string) => deadline !== '长期坚持';

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2026-11-30T02:00:00Z') });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const make = async (name: string, kind: string, parentId?: number) => (await server.api(admin).post('/orgs', { name, kind, ...(parentId && { parentId }) })).body.id as number;
    county = await make('青山县委', 'committee');
    for (const town of ['城关镇党委', '东乡镇党委']) {
      const id = await make(town, 'committee', county);
      await make('第一党支部', 'branch', id);
      await make('第二党支部', 'branch', id);
    }
    ledgers = await legacyLedgers2011();
    for (const ledger of ledgers) {
      const preview = await upload(server, admin, ledger.file, `${ledger.township}2011年台账.xlsx`, { org: ledger.township });
      expect(preview.status, JSON.stringify(preview.body)).toBe(201);
      expect(preview.body.rejected).toEqual([]);
      expect(preview.body.counts.commitments).toBe(ledger.rows.length);
      const commit = await server.api(admin).post(`/imports/${preview.body.id}/commit`, {});
      expect(commit.status, JSON.stringify(commit.body)).toBe(200);
      expect(commit.body).toMatchObject({ created: ledger.rows.length, createdOrgs: [] });
    }
  });
  afterAll(() => server?.close());

  it('annual: finished items count as done on time, and every organisation\'s figures equal SQL', async () => {
    const wb = await report('annual', '2011');
    const orgs = table(wb, '组织汇总');
    const { rows } = await sql<{ name: string; made: number; due: number; done: number; overdue: number }>`
      SELECT o.name AS name, COUNT(*) AS made,
        SUM(CASE WHEN c.deadline <> 'ongoing' THEN 1 ELSE 0 END) AS due,
        SUM(CASE WHEN c.deadline <> 'ongoing' AND c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) <= c.deadline THEN 1 ELSE 0 END) AS done,
        SUM(CASE WHEN c.deadline <> 'ongoing' AND c.deadline < '2011-12-31' AND c.status = 'in_progress' THEN 1 ELSE 0 END) AS overdue
      FROM commitments c JOIN organizations o ON o.id = c.org_id WHERE c.year = 2011 GROUP BY o.id, o.name`.execute(server.ctx.db);
    const want = rows.map((r) => [r.name, Number(r.made), Number(r.due), Number(r.done), Number(r.overdue)]).sort();
    const got = records(orgs).map((r) => [r['党组织'], r['承诺件数'], r['到期件数'], r['到期已兑现'], r['逾期未完成']]).sort();
    expect(got).toEqual(want);
    const at = (h: string) => orgs.totals![orgs.header.indexOf(h)];
    expect(at('到期已兑现')).toBe(generated().filter((r) => r.status === '已完成' && dated(r.deadline)).length);
    // The deadline day itself is in time: 12月底 items are not late on the report date.
    expect(at('逾期未完成')).toBe(generated().filter((r) => r.status === '进行中' && dated(r.deadline) && r.deadline !== '2011年12月底').length);
    expect(at('已兑现(全部)')).toBe(generated().filter((r) => r.status === '已完成').length);
  });

  it('annual: the ledgers\' members appear in 党员汇总, namesakes of different branches as different people', async () => {
    const people = records(table(await report('annual', '2011'), '党员汇总'));
    const distinct = await count(sql<{ n: number }>`SELECT COUNT(DISTINCT member_id) AS n FROM commitments WHERE year = 2011`);
    expect(people).toHaveLength(distinct);
    expect(distinct).toBe(new Set(ledgers.flatMap((l) => l.rows.map((r) => `${l.township}|${r.branch}|${r.name}`))).size);
    expect(people.filter((p) => p['姓名'] === '张伟').map((p) => p['所在党组织']).sort()).toEqual(['第一党支部', '第一党支部', '第二党支部']);
    expect(people.filter((p) => p['姓名'] === '李娜')).toHaveLength(2);
    expect(people.reduce((s, p) => s + (p['承诺件数'] as number), 0)).toBe(generated().length);
  });

  it('monthly: the items marked off in June 2011 are those the ledgers finished in June, as SQL counts them', async () => {
    const marked = table(await report('monthly', '2011-06'), '本月销号');
    const sqlCount = await count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM commitments WHERE status = 'completed' AND SUBSTR(completed_at, 1, 10) BETWEEN '2011-06-01' AND '2011-06-30'`);
    const june = generated().filter((r) => r.status === '已完成' && /^2011年6月/.test(r.completedOn ?? r.deadline));
    expect(june.length).toBeGreaterThan(0);
    expect(marked.rows).toHaveLength(sqlCount);
    expect(sqlCount).toBe(june.length);
  });
});
