// Evaluations (DESIGN §4): surveys no longer add up or get self-recorded, an annual rating exists
// once and on its subject's scale, and evaluations can be corrected — over real HTTP on SQLite and
// PostgreSQL, the half-year workbook read back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';

describe.each(dbs)('evaluations on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  const as: Record<string, Api> = {};
  const org = { county: 0, gb: 0, a: 0 };
  const member = { secretary: 0, nurse: 0 };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-07-05T02:00:00Z') });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const mkOrg = async (name: string, kind: string, parentId?: number) => (await admin.post('/orgs', { name, kind, parentId })).body.id as number;
    org.county = await mkOrg('青山县委', 'committee');
    org.gb = await mkOrg('县教育系统党总支', 'general_branch', org.county);
    org.a = await mkOrg('城关小学党支部', 'branch', org.gb);
    for (const [login, name, role, orgId] of [
      ['a-clerk', '赵敏', 'clerk', org.a],
      ['a-secretary', '周红', 'reviewer', org.a],
      ['gb-reviewer', '吴刚', 'reviewer', org.gb],
      ['gb-clerk', '郑芳', 'clerk', org.gb],
    ] as const) {
      expect((await admin.post('/users', { login, password: PASSWORD, name, role, orgId })).status).toBe(201);
      as[login] = server.api(await server.login(login, PASSWORD));
    }
    member.secretary = (await as['a-clerk'].post('/members', { orgId: org.a, name: '周红', role: 'ordinary', unitPost: '城关小学党支部书记' })).body.id;
    member.nurse = (await as['a-clerk'].post('/members', { orgId: org.a, name: '李娜', role: 'ordinary', unitPost: '语文教师' })).body.id;
    // Something due in the half, so the branch has a row in the bulletin.
    await as['a-clerk'].post('/commitments/batch', {
      orgId: org.a,
      rows: [{ key: 'h1', year: 2011, subjectName: '城关小学党支部', subjectType: '党组织', category: '实事承诺', content: '为留守儿童开设周末课堂', deadline: '2011年6月底' }],
    });
  });
  afterAll(() => server?.close());

  const survey = (over: Record<string, unknown> = {}) => ({ kind: 'survey', targetType: 'organization', targetId: org.a, period: '2011-H1', satisfied: 38, basicallySatisfied: 6, unsatisfied: 2, ...over });

  it("refuses a clerk's survey of their own branch, and a count no survey has", async () => {
    const self = await as['a-clerk'].post('/evaluations', survey());
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('evaluation.self');
    const huge = await as['gb-clerk'].post('/evaluations', survey({ satisfied: 1_000_000 }));
    expect(huge.status).toBe(400);
    const tooMany = await as['gb-clerk'].post('/evaluations', survey({ satisfied: 6_000, basicallySatisfied: 4_000, unsatisfied: 1 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors.map((e: { code: string }) => e.code)).toContain('survey.too_many');
    const { body } = await admin.get(`/evaluations?org=${org.a}&kind=survey`);
    expect(body.total).toBe(0);
  });

  it('records one paper tally and one ballot count per organisation and half-year; a second answers 409 with the first one\'s id; the bulletin sums them', async () => {
    const paper = await as['gb-clerk'].post('/evaluations', survey());
    expect(paper.status).toBe(201);
    expect(paper.body).toMatchObject({ source: 'paper', version: 1 });
    const again = await as['gb-reviewer'].post('/evaluations', survey({ satisfied: 40 }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'evaluation.exists', id: paper.body.id });
    const ballots = await as['gb-reviewer'].post('/evaluations', survey({ source: 'ballots', satisfied: 20, basicallySatisfied: 3, unsatisfied: 1 }));
    expect(ballots.status).toBe(201);
    expect((await as['gb-reviewer'].post('/evaluations', survey({ source: 'ballots' }))).status).toBe(409);

    const res = await fetch(`${server.baseUrl}/api/v1/reports/half-year?org=${org.county}&period=2011-H1`, {
      headers: { authorization: `Bearer ${await server.login(ADMIN_LOGIN, ADMIN_PASSWORD)}` },
    });
    expect(res.status).toBe(200);
    const bulletin = records(table(await readBook(await res.arrayBuffer()), '半年通报'));
    const row = bulletin.find((r) => Object.values(r).includes('城关小学党支部'))!;
    expect([row['满意'], row['基本满意'], row['不满意']]).toEqual([38 + 20, 6 + 3, 2 + 1]);
  });

  it('corrects an evaluation with PATCH and If-Match, under the same rules', async () => {
    const [paper] = (await admin.get(`/evaluations?org=${org.a}&kind=survey`)).body.items.filter((e: { source: string }) => e.source === 'paper');
    expect((await as['gb-clerk'].patch(`/evaluations/${paper.id}`, { satisfied: 39 })).status).toBe(428);
    const fixed = await as['gb-clerk'].patch(`/evaluations/${paper.id}`, { satisfied: 39, unsatisfied: 1 }, { 'if-match': '"1"' });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ satisfied: 39, basicallySatisfied: 6, unsatisfied: 1, version: 2 });
    expect(fixed.headers.get('etag')).toBe('"2"');
    expect((await as['gb-clerk'].patch(`/evaluations/${paper.id}`, { satisfied: 41 }, { 'if-match': '"1"' })).status).toBe(409);
    expect((await as['a-clerk'].patch(`/evaluations/${paper.id}`, { satisfied: 500 }, { 'if-match': '"2"' })).body.code).toBe('evaluation.self');
    expect((await as['gb-clerk'].patch(`/evaluations/${paper.id}`, { satisfied: 1_000_000 }, { 'if-match': '"2"' })).status).toBe(400);
    const audit = await server.ctx.db.selectFrom('audit').select('action').where('entity', '=', 'evaluation').where('entity_id', '=', paper.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it("rates each subject once a year on its own scale, from the level above, never itself", async () => {
    const wrongScale = await as['gb-reviewer'].post('/evaluations', { kind: 'annual', targetType: 'organization', targetId: org.a, period: '2011', rating: 'excellent' });
    expect(wrongScale.status).toBe(400);
    expect(wrongScale.body.errors[0]).toMatchObject({ field: 'rating', code: 'rating.wrong_scale' });
    expect(wrongScale.body.errors[0].message).toContain('好、较好、一般、差');
    const rated = await as['gb-reviewer'].post('/evaluations', { kind: 'annual', targetType: 'organization', targetId: org.a, period: '2011', rating: '较好' });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toBe('fairly_good');
    const twice = await as['gb-reviewer'].post('/evaluations', { kind: 'annual', targetType: 'organization', targetId: org.a, period: '2011', rating: 'good' });
    expect(twice.body).toMatchObject({ code: 'evaluation.exists', id: rated.body.id });

    expect((await as['gb-reviewer'].post('/evaluations', { kind: 'annual', targetType: 'member', targetId: member.nurse, period: '2011', rating: '好' })).status).toBe(400);
    expect((await as['a-secretary'].post('/evaluations', { kind: 'annual', targetType: 'member', targetId: member.nurse, period: '2011', rating: '优秀' })).status).toBe(201);
    // The branch secretary is the member 周红: she neither rates nor comments on herself.
    for (const body of [
      { kind: 'annual', rating: 'qualified', period: '2011' },
      { kind: 'leader_comment', text: '本季度承诺落实较好', period: '2011-Q2' },
    ]) {
      const self = await as['a-secretary'].post('/evaluations', { targetType: 'member', targetId: member.secretary, ...body });
      expect(self.body.code).toBe('evaluation.self');
    }
    // Nor does the general branch rate or survey itself.
    const own = await as['gb-reviewer'].post('/evaluations', { kind: 'annual', targetType: 'organization', targetId: org.gb, period: '2011', rating: 'good' });
    expect(own.body.code).toBe('evaluation.self');
  });
});
