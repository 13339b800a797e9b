// A county's scheme (GET, PUT /orgs/:id/scheme) and rectifications (整改: GET, POST
// /rectifications, PATCH /rectifications/:id) — issue 12.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { seedCounties, type Counties } from './support/counties';
import { fetchBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const SEED_003 = { memberReview: 'above', commentCadence: 'half', surveyCadence: 'year', categories: ['deed', 'common', 'post'], proposeBy: '03-15' };

describe.each(dbs)('scheme and rectifications on $name', ({ url }) => {
  let server: TestServer;
  let now = new Date('2011-10-20T02:00:00Z');
  let adminToken = '';
  let counties: Counties;
  let admin: Api;
  let eastAdmin: Api;
  let reviewer: Api;
  let clerk: Api;
  let viewer: Api;
  let westReviewer: Api;
  const org = { east: 0, town: 0, branch: 0, west: 0, westBranch: 0 };
  let member = 0;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now, sessionTtlHours: 24 * 366 });
    counties = await seedCounties(server);
    Object.assign(org, counties.org);
    const mkUser = counties.user;
    adminToken = counties.adminToken;
    admin = counties.admin;
    eastAdmin = await mkUser('admin-east', 'admin', org.east);
    reviewer = await mkUser('reviewer-town', 'reviewer', org.town);
    clerk = await mkUser('clerk-branch', 'clerk', org.branch);
    viewer = await mkUser('viewer-town', 'viewer', org.town);
    westReviewer = await mkUser('reviewer-west', 'reviewer', org.west);
    member = (await clerk.post('/members', { orgId: org.branch, name: '郑英', role: 'ordinary' })).body.id;
  });
  afterAll(() => server?.close());

  describe('the county scheme', () => {
    it('is the default (seed 000) until the county sets one, read from any organisation in it', async () => {
      expect((await clerk.get(`/orgs/${org.branch}/scheme`)).body).toEqual({
        orgId: org.east,
        memberReview: 'branch',
        commentCadence: 'quarter',
        surveyCadence: 'half',
        categories: ['common', 'post', 'deed', 'discipline'],
        proposeBy: null,
      });
    });

    it("the county's admin sets it; each county keeps its own", async () => {
      const put = await eastAdmin.put(`/orgs/${org.east}/scheme`, SEED_003);
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ orgId: org.east, ...SEED_003, categories: ['common', 'post', 'deed'] });
      expect((await reviewer.get(`/orgs/${org.branch}/scheme`)).body).toMatchObject({ orgId: org.east, memberReview: 'above', commentCadence: 'half' });
      expect((await westReviewer.get(`/orgs/${org.westBranch}/scheme`)).body).toMatchObject({ orgId: org.west, memberReview: 'branch', commentCadence: 'quarter' });
      const audit = await server.ctx.db.selectFrom('audit').selectAll().where('entity', '=', 'scheme').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].before_json!)).toMatchObject({ memberReview: 'branch' });
      expect(JSON.parse(audit[0].after_json!)).toMatchObject({ memberReview: 'above' });
    });

    it('decides who reviews an ordinary member: the level above in the east, the branch itself in the west', async () => {
      const eastBranch = await counties.user('reviewer-branch', 'reviewer', org.branch);
      const westBranch = await counties.user('reviewer-westbranch', 'reviewer', org.westBranch);
      const westClerk = await counties.user('clerk-west', 'clerk', org.westBranch);
      const pledge = (key: string, subjectName: string) => ({ key, year: 2011, subjectType: '党员', subjectName, category: '岗位承诺', content: '每周开展一次家访', deadline: '2011-12-31' });
      const submitted = async (api: Api, orgId: number, key: string, name: string) => {
        const id = (await api.post('/commitments/batch', { orgId, rows: [pledge(key, name)] })).body.rows[0].id as number;
        expect((await api.post(`/commitments/${id}/transitions`, { action: 'submit' })).status).toBe(200);
        return id;
      };
      const east = await submitted(clerk, org.branch, 'scheme-east', '王芳');
      const west = await submitted(westClerk, org.westBranch, 'scheme-west', '李明');
      const queueIds = async (api: Api) => (await api.get('/commitments?reviewable=true')).body.items.map((c: { id: number }) => c.id);

      expect(await queueIds(eastBranch)).toEqual([]);
      expect((await eastBranch.post(`/commitments/${east}/transitions`, { action: 'approve' })).body.code).toBe('transition.reviewer_not_above');
      expect(await queueIds(reviewer)).toContain(east);
      expect((await reviewer.post(`/commitments/${east}/transitions`, { action: 'approve' })).status).toBe(200);

      expect(await queueIds(westBranch)).toEqual([west]);
      expect((await westBranch.post(`/commitments/${west}/transitions`, { action: 'approve' })).status).toBe(200);
    });

    it('is kept only by a top-level organisation', async () => {
      const res = await eastAdmin.put(`/orgs/${org.town}/scheme`, SEED_003);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'scheme.not_top_level', detail: expect.stringContaining('城关镇党委') });
    });

    it('is changed by admins only, within their scope', async () => {
      for (const api of [reviewer, clerk, viewer]) expect((await api.put(`/orgs/${org.east}/scheme`, SEED_003)).status).toBe(403);
      expect((await eastAdmin.put(`/orgs/${org.west}/scheme`, SEED_003)).status).toBe(404);
      expect((await westReviewer.get(`/orgs/${org.east}/scheme`)).status).toBe(404);
    });

    it('refuses a bad value naming the field, and keeps what was stored', async () => {
      const bad = await eastAdmin.put(`/orgs/${org.east}/scheme`, { ...SEED_003, memberReview: 'county', proposeBy: '02-30' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['memberReview', 'proposeBy']);
      expect((await eastAdmin.put(`/orgs/${org.east}/scheme`, { ...SEED_003, categories: [] })).status).toBe(400);
      expect((await clerk.get(`/orgs/${org.branch}/scheme`)).body.memberReview).toBe('above');
    });
  });

  describe('rectifications', () => {
    let forMember = 0;
    let forBranch = 0;

    it('the reviewer who assesses opens one for a member and one for a branch', async () => {
      const m = await reviewer.post('/rectifications', {
        targetType: 'member',
        targetId: member,
        year: 2011,
        issue: '年度评议为不合格：实事承诺未兑现',
        dueOn: '2011-11-30',
      });
      expect(m.status).toBe(201);
      expect(m.body).toMatchObject({ targetType: 'member', targetId: member, targetName: '郑英', orgId: org.branch, status: 'open', doneOn: null, overdue: false });
      forMember = m.body.id;
      const b = await reviewer.post('/rectifications', {
        targetType: 'organization',
        targetId: org.branch,
        year: 2011,
        issue: '群众满意率低于 80%',
        dueOn: '2011-10-15',
      });
      expect(b.body).toMatchObject({ targetName: '城关镇卫生院党支部', overdue: true });
      forBranch = b.body.id;
    });

    it('nobody else opens one: the clerk of the target, a viewer, the other county', async () => {
      const body = { targetType: 'organization', targetId: org.branch, year: 2011, issue: '自查问题', dueOn: '2011-12-31' };
      expect((await clerk.post('/rectifications', body)).body.code).toBe('rectification.not_assessor');
      expect((await viewer.post('/rectifications', body)).status).toBe(403);
      expect((await westReviewer.post('/rectifications', body)).status).toBe(404);
    });

    it('refuses an impossible due day, naming it', async () => {
      const res = await reviewer.post('/rectifications', { targetType: 'member', targetId: member, year: 2011, issue: '问题', dueOn: '2011-02-30' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('dueOn');
    });

    it('lists by overdue and status, derived on the day asked', async () => {
      const overdue = (await reviewer.get(`/rectifications?org=${org.town}&overdue=true`)).body;
      expect(overdue.items.map((r: { id: number }) => r.id)).toEqual([forBranch]);
      now = new Date('2011-12-05T02:00:00Z');
      expect((await reviewer.get('/rectifications?overdue=true')).body.total).toBe(2);
      expect((await westReviewer.get('/rectifications')).body.total).toBe(0);
    });

    it('the monthly report lists those due that month and those past due, open on its day', async () => {
      const rows = async (period: string) =>
        records(table(await fetchBook(server.baseUrl, adminToken, `/reports/monthly?org=${org.town}&period=${period}`), '整改事项')).map((r) => [r['整改对象'], r['整改时限'], r['是否逾期']]);
      expect(await rows('2011-11')).toEqual([
        ['郑英', '2011-11-30', '本月到期'],
        ['城关镇卫生院党支部', '2011-10-15', '逾期'],
      ]);
      expect(await rows('2011-12')).toEqual([
        ['郑英', '2011-11-30', '逾期'],
        ['城关镇卫生院党支部', '2011-10-15', '逾期'],
      ]);
    });

    it("the target's clerk reports it done (today unless a day is given); the due day is not theirs to move", async () => {
      const done = await clerk.patch(`/rectifications/${forMember}`, { status: 'done', note: '已补办实事 2 件' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'done', doneOn: '2011-12-05', note: '已补办实事 2 件', overdue: false });
      expect((await clerk.patch(`/rectifications/${forBranch}`, { dueOn: '2012-01-31' })).body.code).toBe('rectification.not_assessor');
      const moved = await reviewer.patch(`/rectifications/${forBranch}`, { dueOn: '2012-01-31' });
      expect(moved.body).toMatchObject({ dueOn: '2012-01-31', overdue: false, status: 'open' });
      expect((await viewer.patch(`/rectifications/${forBranch}`, { status: 'done' })).status).toBe(403);
      const audit = await server.ctx.db.selectFrom('audit').select('action').where('entity', '=', 'rectification').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'update', 'update']);
    });

    it('a member under rectification is no commendation candidate that year, however well they did and were rated', async () => {
      const other = (await clerk.post('/members', { orgId: org.branch, name: '姚涛', role: 'ordinary' })).body.id;
      const done = (key: string, subjectName: string, memberId: number) =>
        ({ key, year: 2011, subjectType: '党员', subjectName, memberId, category: '实事承诺', content: '结对帮扶贫困户3户', deadline: '2011-06-30', status: '已完成' });
      const batch = await admin.post('/commitments/batch', { orgId: org.branch, rows: [done('r1', '郑英', member), done('r2', '姚涛', other)] });
      expect(batch.body.rows.map((r: { result: string }) => r.result)).toEqual(['created', 'created']);
      for (const targetId of [member, other]) {
        const survey = await reviewer.post('/evaluations', { kind: 'survey', targetType: 'member', targetId, period: '2011-H1', satisfied: 40, basicallySatisfied: 2, unsatisfied: 0 });
        expect(survey.status).toBe(201);
        expect((await reviewer.post('/evaluations', { kind: 'annual', targetType: 'member', targetId, period: '2011', rating: 'excellent' })).status).toBe(201);
      }
      const wb = await fetchBook(server.baseUrl, adminToken, `/reports/annual?org=${org.town}&period=2011`);
      expect(records(table(wb, '表彰候选')).map((r) => r['名称'])).toEqual(['姚涛']);

      // The rating grid says the same, by the same rule, and proposes rectification for the branch
      // whose survey fell below 70%.
      const school = (await admin.post('/orgs', { name: '城关镇中学党支部', kind: 'branch', parentId: org.town })).body.id;
      for (const targetId of [org.branch, school]) {
        const low = await reviewer.post('/evaluations', { kind: 'survey', targetType: 'organization', targetId, period: '2011-H1', satisfied: 10, basicallySatisfied: 3, unsatisfied: 7 });
        expect(low.status).toBe(201);
      }
      const grid = (await viewer.get(`/ratings?org=${org.town}&year=2011`)).body;
      expect(grid.rules.commendation).toContain('优秀');
      expect(grid.members.map((m: Record<string, unknown>) => [m.name, m.rating, m.due, m.dueCompleted, m.satisfactionRate, m.rectified, m.candidate])).toEqual([
        ['郑英', 'excellent', 1, 1, 1, true, false],
        ['王芳', null, 1, 0, null, false, false], // the batch of the review-rule test made her a member
        ['姚涛', 'excellent', 1, 1, 1, false, true],
      ]);
      expect(grid.organizations.map((o: Record<string, unknown>) => [o.name, o.satisfactionRate, o.rectified, o.proposeRectification])).toEqual([
        ['城关镇卫生院党支部', 0.65, true, []],
        ['城关镇中学党支部', 0.65, false, ['群众满意率 65%，低于 70%']],
      ]);
      const west = (await westReviewer.get(`/ratings?org=${org.west}&year=2011`)).body;
      expect(west.members.map((m: { name: string }) => m.name)).toEqual(['李明']); // its own county's only
      expect((await westReviewer.get(`/ratings?org=${org.town}&year=2011`)).status).toBe(404);
    });
  });
});
