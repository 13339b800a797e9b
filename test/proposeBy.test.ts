// 科学提诺 (issue 15): the propose-by date of an organisation's year, set from above and inherited
// downwards, and GET /commitments/missing on the demo county in its second year, when some of its
// branches have submitted 2012 ledgers (for some of their members) through the batch and the rest
// have not. Expected lists are counted here in SQL, independently of the server's query; the
// monthly report's 未提诺 and the half-year bulletin's 逾期未提诺 are read back with exceljs.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'demo-test-password';

describe.each(dbs)('the propose-by date and who has not committed, on $name', ({ url }) => {
  let server: TestServer;
  let now = new Date('2012-08-20T02:00:00Z');
  let admin: Api;
  let countyReviewer: Api;
  let county = 0;
  const orgs = new Map<string, { id: number; kind: string; parent: number | null }>();
  const branchesOf = (gb: number) => [...orgs.values()].filter((o) => o.parent === gb).map((o) => o.id);
  let generals: number[] = [];
  const clerkOf = new Map<number, Api>();

  /** Who has not committed in 2012 below `root`, counted in SQL here. */
  const expected = async (root: number) => {
    const { rows: members } = await sql<{ id: number }>`
      WITH RECURSIVE sub(id) AS (SELECT CAST(${root} AS INTEGER) UNION ALL SELECT o.id FROM organizations o JOIN sub ON o.parent_id = sub.id)
      SELECT m.id FROM members m WHERE m.org_id IN (SELECT id FROM sub)
        AND m.id NOT IN (SELECT member_id FROM commitments WHERE year = 2012 AND member_id IS NOT NULL AND status <> 'withdrawn')
      ORDER BY m.id`.execute(server.ctx.db);
    const { rows: organizations } = await sql<{ id: number }>`
      WITH RECURSIVE sub(id) AS (SELECT CAST(${root} AS INTEGER) UNION ALL SELECT o.id FROM organizations o JOIN sub ON o.parent_id = sub.id)
      SELECT o.id FROM organizations o WHERE o.id IN (SELECT id FROM sub) AND o.parent_id IS NOT NULL
        AND o.id NOT IN (SELECT org_id FROM commitments WHERE year = 2012 AND subject_type = 'organization' AND status <> 'withdrawn')
      ORDER BY o.id`.execute(server.ctx.db);
    return { members: members.map((r) => Number(r.id)), organizations: organizations.map((r) => Number(r.id)) };
  };
  const ids = (items: { id: number }[]) => items.map((i) => i.id).sort((a, b) => a - b);

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now, sessionTtlHours: 24 * 400 });
    county = (await loadDemoCounty(server.ctx.db, { password: PASSWORD, seed: 2011 })).countyId;
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    countyReviewer = server.api(await server.login('reviewer', PASSWORD));
    for (const o of await server.ctx.db.selectFrom('organizations').select(['id', 'name', 'kind', 'parent_id']).execute()) {
      orgs.set(o.name, { id: o.id, kind: o.kind, parent: o.parent_id });
    }
    generals = [...orgs.values()].filter((o) => o.kind === 'general_branch').map((o) => o.id).sort((a, b) => a - b);
    const clerks = await server.ctx.db.selectFrom('users').select(['login', 'org_id']).where('role', '=', 'clerk').where('login', 'like', 'clerk%').execute();
    for (const c of clerks) clerkOf.set(c.org_id!, server.api(await server.login(c.login, PASSWORD)));

    // 2012: the branches of the first two general branches submit ledgers — the branch's own item,
    // and one for each of its first twelve members (by id); everyone else has not committed yet.
    for (const gb of generals.slice(0, 2)) {
      for (const branch of branchesOf(gb)) {
        const members = await server.ctx.db.selectFrom('members').select(['id', 'name']).where('org_id', '=', branch).orderBy('id').limit(12).execute();
        const rows = [
          { key: `2012-org-${branch}`, year: 2012, subjectType: '党组织', subjectName: [...orgs].find(([, o]) => o.id === branch)![0], category: '实事承诺', content: '为辖区群众修缮便民服务点一处', deadline: '2012年10月底' },
          ...members.map((m) => ({ key: `2012-m-${m.id}`, year: 2012, memberId: m.id, subjectType: '党员', subjectName: m.name, category: '岗位承诺', content: '每月走访困难群众不少于2户', deadline: '2012年12月底' })),
        ];
        const res = await clerkOf.get(branch)!.post('/commitments/batch', { rows, orgId: branch });
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
        expect(res.body.rows.filter((r: any) => r.result === 'rejected')).toEqual([]);
      }
    }
  });
  afterAll(() => server?.close());

  it('lists, within the county, exactly the members and organisations SQL finds without a 2012 commitment', async () => {
    const res = await countyReviewer.get(`/commitments/missing?org=${county}&year=2012`);
    expect(res.status).toBe(200);
    const want = await expected(county);
    expect(ids(res.body.members)).toEqual(want.members);
    expect(ids(res.body.organizations)).toEqual(want.organizations);
    // 600 members, 12 of each of the first two general branches' branches committed; every general
    // branch and the other branches have no organisation commitment; the county is not listed.
    const committedBranches = generals.slice(0, 2).flatMap(branchesOf).length;
    expect(res.body.members).toHaveLength(600 - 12 * committedBranches);
    expect(res.body.organizations).toHaveLength(35 - committedBranches);
    expect(res.body.organizations.map((o: any) => o.id)).not.toContain(county);
    expect(res.body.members[0]).toMatchObject({ name: expect.any(String), orgName: expect.any(String), role: expect.any(String), proposeBy: null, late: false });
    // In 2011 the demo county committed to the last member.
    const y2011 = (await countyReviewer.get(`/commitments/missing?org=${county}&year=2011`)).body;
    expect([y2011.members, y2011.organizations]).toEqual([[], []]);
  });

  it('a withdrawn item is no commitment', async () => {
    const branch = branchesOf(generals[0])[0];
    const row = await server.ctx.db.selectFrom('commitments').select(['id', 'member_id']).where('year', '=', 2012).where('org_id', '=', branch).where('member_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const withdrawn = await clerkOf.get(branch)!.post(`/commitments/${row.id}/transitions`, { action: 'withdraw' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const res = await countyReviewer.get(`/commitments/missing?org=${branch}&year=2012`);
    expect(ids(res.body.members)).toEqual((await expected(branch)).members);
    expect(ids(res.body.members)).toContain(row.member_id);
  });

  it('takes the county scheme’s MM-DD, then a date set above, inherited downwards; own dates override', async () => {
    const scheme = (await admin.get(`/orgs/${county}/scheme`)).body;
    expect((await admin.put(`/orgs/${county}/scheme`, { ...scheme, orgId: undefined, proposeBy: '08-31' })).status).toBe(200);
    const [gbA, gbB] = generals;
    const [branchA1, branchA2] = branchesOf(gbA);
    expect((await countyReviewer.get(`/orgs/${branchA1}/years/2012`)).body).toEqual({ orgId: branchA1, year: 2012, proposeBy: '2012-08-31', source: 'scheme', fromOrgId: null, own: null });

    // the county's reviewer sets general branch A's date; its branches inherit it
    const set = await countyReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: '2012-07-31' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ orgId: gbA, year: 2012, proposeBy: '2012-07-31', source: 'own', fromOrgId: gbA, own: '2012-07-31' });
    expect((await countyReviewer.get(`/orgs/${branchA1}/years/2012`)).body).toMatchObject({ proposeBy: '2012-07-31', source: 'above', fromOrgId: gbA, own: null });
    // general branch A's reviewer sets one of its branches later
    expect((await admin.post('/users', { login: 'reviewer-gba', password: PASSWORD, name: '总支审核员', role: 'reviewer', orgId: gbA })).status).toBe(201);
    const gbReviewer = server.api(await server.login('reviewer-gba', PASSWORD));
    expect((await gbReviewer.put(`/orgs/${branchA2}/years/2012`, { proposeBy: '2012-09-15' })).body).toMatchObject({ proposeBy: '2012-09-15', source: 'own' });
    // … but not its own organisation's date, nor the county's
    expect((await gbReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: '2012-12-31' })).body.code).toBe('propose_by.not_above');
    expect((await gbReviewer.put(`/orgs/${county}/years/2012`, { proposeBy: '2012-12-31' })).status).toBe(404);
    // another general branch's reviewer does not see A's branch; a clerk sets nothing
    expect((await admin.post('/users', { login: 'reviewer-gbb', password: PASSWORD, name: '另一总支审核员', role: 'reviewer', orgId: gbB })).status).toBe(201);
    const otherReviewer = server.api(await server.login('reviewer-gbb', PASSWORD));
    expect((await otherReviewer.put(`/orgs/${branchA1}/years/2012`, { proposeBy: '2012-06-30' })).status).toBe(404);
    const clerk = clerkOf.get(branchA1)!;
    expect((await clerk.put(`/orgs/${branchA1}/years/2012`, { proposeBy: '2012-12-31' })).status).toBe(403);
    // a date outside the year, or not a day, is refused naming the field
    const wrongYear = await countyReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: '2013-07-31' });
    expect([wrongYear.status, wrongYear.body.code, wrongYear.body.errors[0].field]).toEqual([400, 'propose_by.other_year', 'proposeBy']);
    expect((await countyReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: '2012-02-30' })).body.errors[0].field).toBe('proposeBy');

    // on 20 August: A's branches are late (31 July), except A2 (15 September); elsewhere not yet (31 August)
    const missing = (await countyReviewer.get(`/commitments/missing?org=${county}&year=2012`)).body;
    expect(missing.proposeBy).toBe('2012-08-31');
    expect(missing.asOf).toBe('2012-08-20');
    const inA = new Set([gbA, ...branchesOf(gbA)]);
    for (const m of missing.members) {
      const want = m.orgId === branchA2 ? '2012-09-15' : inA.has(m.orgId) ? '2012-07-31' : '2012-08-31';
      expect([m.proposeBy, m.late], m.name).toEqual([want, want === '2012-07-31']);
    }
    // the clerk of a branch sees their branch only
    const own = (await clerk.get(`/commitments/missing?year=2012`)).body;
    expect(new Set(own.members.map((m: any) => m.orgId))).toEqual(new Set([branchA1]));
    expect(own.proposeBy).toBe('2012-07-31');
    expect((await clerk.get(`/commitments/missing?org=${branchesOf(gbB)[0]}&year=2012`)).status).toBe(404);
    expect((await admin.get(`/commitments/missing?year=2012`)).body.code).toBe('missing.org_required');

    // every change is audited; taking A's date away lets the scheme's apply again
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('entity', '=', 'org_year').execute();
    expect(audit.map((a) => JSON.parse(a.after_json!).proposeBy)).toEqual(['2012-07-31', '2012-09-15']);
    expect((await countyReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: null })).body).toMatchObject({ proposeBy: '2012-08-31', source: 'scheme', own: null });
    expect((await countyReviewer.put(`/orgs/${gbA}/years/2012`, { proposeBy: '2012-07-31' })).status).toBe(200);
  });

  it('the monthly report lists who has not committed; the half-year bulletin names the late', async () => {
    now = new Date('2012-09-05T02:00:00Z');
    const download = async (kind: string, period: string) => {
      const res = await fetch(`${server.baseUrl}/api/v1/reports/${kind}?org=${county}&period=${period}`, { headers: { authorization: `Bearer ${await server.login('reviewer', PASSWORD)}` } });
      expect(res.status).toBe(200);
      return readBook(Buffer.from(await res.arrayBuffer()));
    };
    const missing = (await countyReviewer.get(`/commitments/missing?org=${county}&year=2012`)).body;
    const names = (list: { name: string }[]) => list.map((x) => x.name);
    const late = [...missing.organizations.filter((o: any) => o.late), ...missing.members.filter((m: any) => m.late)];
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(missing.organizations.length + missing.members.length); // branch A2 still has until 15 September

    const monthly = records(table(await download('monthly', '2012-09'), '未提诺'));
    expect(monthly.map((r) => r['承诺主体'])).toEqual([...names(missing.organizations), ...names(missing.members)]);
    expect(monthly.filter((r) => r['情况'] === '逾期未提诺')).toHaveLength(late.length);
    expect(monthly.find((r) => r['情况'] === '尚未提诺')!['提诺截止']).toBe('2012年9月15日');

    const bulletin = records(table(await download('half-year', '2012-H2'), '逾期未提诺'));
    expect(bulletin.map((r) => r['承诺主体'])).toEqual(names(late));
    expect(new Set(bulletin.map((r) => r['情况']))).toEqual(new Set(['逾期未提诺']));
  });
});
