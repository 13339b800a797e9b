// 点评责任 (GET, POST /comment-duties, DELETE /comment-duties/:id) and the "not yet commented
// this period" list that follows them, on each county's comment cadence — issue 12.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { seedCounties, type Counties } from './support/counties';
import { fetchBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();

describe.each(dbs)('comment duties on $name', ({ url }) => {
  let server: TestServer;
  const now = new Date('2011-05-20T02:00:00Z');
  let world: Counties;
  let eastAdmin: Api;
  let countyLeader: Api;
  let townReviewer: Api;
  let branchReviewer: Api;
  let westReviewer: Api;
  const user = { countyLeader: 0, townReviewer: 0, clerk: 0, westReviewer: 0 };
  let clerk: Api;
  const member = { zheng: 0, yao: 0 };

  const me = async (api: Api) => (await api.get('/me')).body.user.id as number;
  const targets = (body: { items: Array<{ targetName: string; source: string; commentedAt: string | null }> }) =>
    body.items.map((d) => [d.targetName, d.source, d.commentedAt === null ? '未点评' : '已点评']);

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now });
    world = await seedCounties(server);
    const { org } = world;
    eastAdmin = await world.user('admin-east', 'admin', org.east);
    countyLeader = await world.user('leader-east', 'reviewer', org.east);
    townReviewer = await world.user('reviewer-town', 'reviewer', org.town);
    branchReviewer = await world.user('reviewer-branch', 'reviewer', org.branch);
    westReviewer = await world.user('reviewer-west', 'reviewer', org.west);
    clerk = await world.user('clerk-branch', 'clerk', org.branch);
    user.countyLeader = await me(countyLeader);
    user.townReviewer = await me(townReviewer);
    user.clerk = await me(clerk);
    user.westReviewer = await me(westReviewer);
    member.zheng = (await clerk.post('/members', { orgId: org.branch, name: '郑英', role: 'ordinary' })).body.id;
    member.yao = (await clerk.post('/members', { orgId: org.branch, name: '姚涛', role: 'ordinary' })).body.id;
  });
  afterAll(() => server?.close());

  it("by default a committee's reviewer comments on the organisations directly below, a branch's on its members", async () => {
    const town = (await townReviewer.get('/comment-duties')).body;
    expect(town).toMatchObject({ userId: user.townReviewer, period: '2011-Q2', commentCadence: 'quarter' });
    expect(targets(town)).toEqual([['城关镇卫生院党支部', 'default', '未点评']]);
    expect(targets((await branchReviewer.get('/comment-duties')).body)).toEqual([
      ['郑英', 'default', '未点评'],
      ['姚涛', 'default', '未点评'],
    ]);
  });

  it("a county leader's 联系点 may lie anywhere in the county: assigned by the county's admin", async () => {
    const duty = await eastAdmin.post('/comment-duties', { userId: user.countyLeader, targetType: 'member', targetId: member.zheng });
    expect(duty.status).toBe(201);
    expect(duty.body).toMatchObject({ userId: user.countyLeader, targetType: 'member', targetId: member.zheng, orgId: world.org.branch });
    const again = await eastAdmin.post('/comment-duties', { userId: user.countyLeader, targetType: 'member', targetId: member.zheng });
    expect(again).toMatchObject({ status: 200, body: { id: duty.body.id } });
    expect(targets((await countyLeader.get('/comment-duties')).body)).toEqual([
      ['郑英', 'assigned', '未点评'],
      ['城关镇党委', 'default', '未点评'],
    ]);
  });

  it('refuses a duty nobody could carry out, naming why', async () => {
    const clerkDuty = await eastAdmin.post('/comment-duties', { userId: user.clerk, targetType: 'member', targetId: member.yao });
    expect(clerkDuty.body.code).toBe('comment_duty.not_commenter');
    const outside = await eastAdmin.post('/comment-duties', { userId: user.townReviewer, targetType: 'organization', targetId: world.org.east });
    expect(outside.body.code).toBe('comment_duty.outside_user_scope');
    expect((await townReviewer.post('/comment-duties', { userId: user.townReviewer, targetType: 'member', targetId: member.yao })).status).toBe(403);
    expect((await eastAdmin.post('/comment-duties', { userId: user.westReviewer, targetType: 'organization', targetId: world.org.westBranch })).status).toBe(404);
  });

  it('a comment in the period takes the target off the pending list, with when', async () => {
    const comment = await branchReviewer.post('/evaluations', { kind: 'leader_comment', targetType: 'member', targetId: member.zheng, period: '2011-Q2', text: '承诺践诺情况良好，继续保持' });
    expect(comment.status).toBe(201);
    const all = (await branchReviewer.get('/comment-duties')).body;
    expect(targets(all)).toEqual([
      ['郑英', 'default', '已点评'],
      ['姚涛', 'default', '未点评'],
    ]);
    expect(all.items[0].commentedAt).toBe(now.toISOString());
    expect(targets((await branchReviewer.get('/comment-duties?pending=true')).body)).toEqual([['姚涛', 'default', '未点评']]);
    // Another leader's comment is not the county leader's: the duty stays theirs.
    expect(targets((await countyLeader.get('/comment-duties?pending=true')).body).map((t) => t[0])).toEqual(['郑英', '城关镇党委']);
    expect(targets((await branchReviewer.get('/comment-duties?period=2011-Q1')).body).map((t) => t[2])).toEqual(['未点评', '未点评']);
  });

  it("follows each county's comment cadence: half-yearly in the east once set, quarterly in the west", async () => {
    const scheme = { memberReview: 'branch', commentCadence: 'half', surveyCadence: 'year', categories: ['common', 'post', 'deed'], proposeBy: null };
    expect((await eastAdmin.put(`/orgs/${world.org.east}/scheme`, scheme)).status).toBe(200);
    const east = (await branchReviewer.get('/comment-duties')).body;
    expect(east).toMatchObject({ period: '2011-H1', commentCadence: 'half' });
    expect(targets(east).map((t) => t[2])).toEqual(['已点评', '未点评']); // the Q2 comment falls in H1
    expect((await westReviewer.get('/comment-duties')).body).toMatchObject({ period: '2011-Q2', commentCadence: 'quarter' });
  });

  it("reads another user's duties only within scope, and a period it understands", async () => {
    expect((await townReviewer.get(`/comment-duties?user=${user.countyLeader}`)).status).toBe(404);
    expect((await countyLeader.get(`/comment-duties?user=${user.townReviewer}`)).status).toBe(200);
    const bad = await townReviewer.get('/comment-duties?period=2011-Q5');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('period');
  });

  it('the admin removes an assigned duty, audited; the other county cannot', async () => {
    const list = (await countyLeader.get('/comment-duties')).body.items;
    const assigned = list.find((d: { source: string }) => d.source === 'assigned');
    const westAdmin = await world.user('admin-west', 'admin', world.org.west);
    expect((await westAdmin.delete(`/comment-duties/${assigned.id}`)).status).toBe(404);
    expect((await eastAdmin.delete(`/comment-duties/${assigned.id}`)).status).toBe(204);
    expect(targets((await countyLeader.get('/comment-duties')).body).map((t) => t[0])).toEqual(['城关镇党委']);
    const audit = await server.ctx.db.selectFrom('audit').select('action').where('entity', '=', 'comment_duty').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it("述诺 is recorded by the clerk for a member; the quarterly report lists who lacks it and shows each comment's 点评人", async () => {
    const pledge = (key: string, subjectName: string, memberId: number) =>
      ({ key, year: 2011, subjectType: '党员', subjectName, memberId, category: '岗位承诺', content: '每周开展一次家访', deadline: '2011-12-31' });
    const batch = await clerk.post('/commitments/batch', { orgId: world.org.branch, rows: [pledge('s1', '郑英', member.zheng), pledge('s2', '姚涛', member.yao)] });
    expect(batch.status).toBe(200);
    const report = await clerk.post('/evaluations', { kind: 'self_report', targetType: 'member', targetId: member.zheng, period: '2011-Q2', text: '本季度家访 12 次，按计划推进' });
    expect(report.status).toBe(201);
    const onBranch = await clerk.post('/evaluations', { kind: 'self_report', targetType: 'organization', targetId: world.org.branch, period: '2011-Q2', text: '支部情况' });
    expect(onBranch.body.errors.map((e: { code: string }) => e.code)).toEqual(['self_report.member_only']);
    const wrongPeriod = await clerk.post('/evaluations', { kind: 'self_report', targetType: 'member', targetId: member.yao, period: '2011', text: '全年' });
    expect(wrongPeriod.status).toBe(400);

    const wb = await fetchBook(server.baseUrl, world.adminToken, `/reports/quarterly?org=${world.org.town}&period=2011-Q2`);
    expect(records(table(wb, '未述诺党员')).map((r) => r['姓名'])).toEqual(['姚涛']);
    expect(records(table(wb, '点评记录')).map((r) => [r['点评对象'], r['点评人'], r['点评日期']])).toEqual([['郑英', 'reviewer-branch', '2011-05-20']]);
  });
});
