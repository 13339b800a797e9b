// Review holds (DESIGN §4), each way the issue saw review walked around, pinned over real HTTP on
// SQLite and PostgreSQL: the reviewer is fixed when the item is submitted, and a change to what
// was reviewed sends the item back to be reviewed again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertRoster } from '../server/members/roster';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { upload } from './fixtures/upload';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';

describe.each(dbs)('review holds on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  const as: Record<string, Api> = {};
  const org = { county: 0, gb: 0, a: 0 };
  const member = { cadre: 0, ordinary: 0 };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-03-15T02:00:00Z') });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const mkOrg = async (name: string, kind: string, parentId?: number) => (await admin.post('/orgs', { name, kind, parentId })).body.id as number;
    org.county = await mkOrg('青山县委', 'committee');
    org.gb = await mkOrg('县卫生系统党总支', 'general_branch', org.county);
    org.a = await mkOrg('县人民医院党支部', 'branch', org.gb);
    for (const [login, role, orgId] of [
      ['county-reviewer', 'reviewer', org.county],
      ['gb-reviewer', 'reviewer', org.gb],
      ['gb-admin', 'admin', org.gb],
      ['a-reviewer', 'reviewer', org.a],
      ['a-clerk', 'clerk', org.a],
    ] as const) {
      expect((await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
      as[login] = server.api(await server.login(login, PASSWORD));
    }
    member.cadre = (await as['a-clerk'].post('/members', { orgId: org.a, name: '孙建国', role: 'leader_cadre', unitPost: '县人民医院院长' })).body.id;
    member.ordinary = (await as['a-clerk'].post('/members', { orgId: org.a, name: '王丽', role: 'ordinary', unitPost: '护士长' })).body.id;
  });
  afterAll(() => server?.close());

  const row = (key: string, over: Record<string, unknown> = {}) => ({
    key,
    year: 2011,
    subjectName: '王丽',
    subjectType: '党员',
    category: '实事承诺',
    content: '每月为社区老人义诊一次，全年不少于12次',
    measures: '利用周末时间，联系社区卫生服务站',
    deadline: '2011年12月底',
    ...over,
  });
  const sync = (who: string, rows: unknown[]) => as[who].post('/commitments/batch', { orgId: org.a, rows });
  const act = (who: string, id: number, action: string) => as[who].post(`/commitments/${id}/transitions`, { action });
  const read = async (id: number) => (await admin.get(`/commitments/${id}`)).body;

  /** An item of branch A, synced and submitted by its clerk. */
  async function submitted(key: string, over: Record<string, unknown> = {}): Promise<number> {
    const res = await sync('a-clerk', [row(key, over)]);
    const id = res.body.rows[0].id as number;
    expect((await act('a-clerk', id, 'submit')).status).toBe(200);
    return id;
  }
  const cadres = { subjectName: '孙建国', memberId: 0 };

  it("keeps a leading cadre's item the committee's when the member's name no longer matches the subject (batch with a status)", async () => {
    const id = await submitted('cadre-renamed', { ...cadres, memberId: member.cadre });
    expect((await as['a-clerk'].patch(`/members/${member.cadre}`, { name: '孙建国（院长）' })).status).toBe(200);
    const res = await sync('gb-reviewer', [row('cadre-renamed', { subjectName: '孙建国', status: '已公示' })]);
    expect(res.status).toBe(200);
    expect(res.body.rows[0].warnings.map((w: { code: string }) => w.code)).toContain('status.not_allowed');
    expect(await read(id)).toMatchObject({ status: 'under_review', memberId: member.cadre });
    // The committee's reviewer may.
    expect((await act('county-reviewer', id, 'approve')).status).toBe(200);
    await as['a-clerk'].patch(`/members/${member.cadre}`, { name: '孙建国' });
  });

  it('sends an approved or published item back to proposed when its content, deadline or subject changes, on every path', async () => {
    const approvedId = await submitted('changed-patch');
    expect((await act('gb-reviewer', approvedId, 'approve')).status).toBe(200);
    const before = await read(approvedId);
    const patched = await as['a-clerk'].patch(`/commitments/${approvedId}`, { content: '每季度为社区老人义诊一次' }, { 'if-match': `"${before.version}"` });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('proposed');

    const publishedId = await submitted('changed-batch');
    expect((await act('gb-reviewer', publishedId, 'approve')).status).toBe(200);
    expect((await act('gb-reviewer', publishedId, 'publish')).status).toBe(200);
    const res = await sync('a-clerk', [row('changed-batch', { deadline: '2012年6月底', status: '已公示' })]);
    expect(res.body.rows[0].warnings.map((w: { code: string }) => w.code)).toContain('review.sent_back');
    expect((await read(publishedId)).status).toBe('proposed');

    const subjectId = await submitted('changed-subject');
    expect((await act('gb-reviewer', subjectId, 'approve')).status).toBe(200);
    const v = (await read(subjectId)).version;
    expect((await as['a-clerk'].patch(`/commitments/${subjectId}`, { subjectName: '孙建国', memberId: member.cadre }, { 'if-match': `"${v}"` })).body.status).toBe('proposed');
    // Resubmitted, it is now a leading cadre's: the general branch no longer approves it.
    expect((await act('a-clerk', subjectId, 'submit')).status).toBe(200);
    expect((await act('gb-reviewer', subjectId, 'approve')).body.code).toBe('transition.needs_committee_reviewer');

    const audit = await server.ctx.db
      .selectFrom('audit')
      .select(['entity_id', 'before_json', 'after_json'])
      .where('action', '=', 'review:sent-back')
      .where('entity_id', 'in', [approvedId, publishedId, subjectId])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.entity_id, JSON.parse(a.before_json!), JSON.parse(a.after_json!)])).toEqual([
      [approvedId, { status: 'approved', content: '每月为社区老人义诊一次，全年不少于12次' }, { status: 'proposed', content: '每季度为社区老人义诊一次' }],
      [publishedId, { status: 'published', deadline: '2011-12-31' }, { status: 'proposed', deadline: '2012-06-30' }],
      [subjectId, { status: 'approved', subjectName: '王丽', memberId: member.ordinary }, { status: 'proposed', subjectName: '孙建国', memberId: member.cadre }],
    ]);
  });

  it("does not let a finished item's reviewed content change", async () => {
    const id = (await admin.post('/commitments/batch', { orgId: org.a, rows: [row('finished', { status: '已完成' })] })).body.rows[0].id as number;
    expect((await read(id)).status).toBe('completed');
    const v = (await read(id)).version;
    const res = await as['a-clerk'].patch(`/commitments/${id}`, { content: '改写后的内容' }, { 'if-match': `"${v}"` });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('commitment.finished');
    expect(await read(id)).toMatchObject({ status: 'completed', content: '每月为社区老人义诊一次，全年不少于12次' });
  });

  it("does not let a leading cadre's role be lowered for a review by those below the committee, and raised again", async () => {
    const deputy = (await as['a-clerk'].post('/members', { orgId: org.a, name: '李卫东', role: 'leader_cadre', unitPost: '副院长' })).body.id;
    for (const who of ['gb-reviewer', 'a-clerk', 'gb-admin']) {
      const res = await as[who].patch(`/members/${deputy}`, { role: 'ordinary' });
      expect(res.status, who).toBe(403);
      expect(res.body.code).toBe('member.role_reviewed_above');
    }
    const id = await submitted('cadre-lowered', { subjectName: '李卫东', memberId: deputy });
    expect((await act('gb-reviewer', id, 'approve')).status).toBe(403);
    expect(await read(id)).toMatchObject({ status: 'under_review' });
    // Raising a role asks for more review: anyone who keeps the roll may.
    expect((await as['a-clerk'].patch(`/members/${member.ordinary}`, { role: 'leader_cadre' })).status).toBe(200);
    expect((await as['county-reviewer'].patch(`/members/${member.ordinary}`, { role: 'ordinary' })).status).toBe(200);
  });

  it("does not let a roster import lower a leading cadre's role either (the rest of the row is imported)", async () => {
    const head = (await as['a-clerk'].post('/members', { orgId: org.a, name: '赵振华', role: 'leader_cadre', unitPost: '院长' })).body.id;
    const clerk = await server.ctx.db.selectFrom('users').select(['id', 'org_id']).where('login', '=', 'a-clerk').executeTakeFirstOrThrow();
    const rows = [{ sheet: '花名册', row: 2, member: { name: '赵振华', orgName: null, gender: 'male' as const, birthYear: 1968, joinedOn: null, unitPost: '院长', role: 'ordinary' as const } }];
    const outcome = await server.ctx.db.transaction().execute((trx) =>
      upsertRoster(trx, { id: clerk.id, orgId: clerk.org_id }, { id: org.a, name: '县人民医院党支部' }, rows, '2011-03-15T02:00:00.000Z'),
    );
    expect(outcome.warnings).toContainEqual(expect.objectContaining({ sheet: '花名册', row: 2, field: 'role', code: 'member.role_reviewed_above' }));
    expect((await as['a-clerk'].get(`/members/${head}`)).body).toMatchObject({ role: 'leader_cadre', gender: 'male', birthYear: 1968 });
  });

  it("does not let a scoped admin make its own organisation a committee, nor a committee below it, to gain a committee's review", async () => {
    const own = await as['gb-admin'].patch(`/orgs/${org.gb}`, { kind: 'committee' });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('org.own_kind');
    const below = await as['gb-admin'].patch(`/orgs/${org.a}`, { kind: 'committee' });
    expect(below.status).toBe(403);
    expect(below.body.code).toBe('org.committee_needs_committee_above');
    expect((await as['gb-admin'].post('/orgs', { name: '新设党委', kind: 'committee', parentId: org.gb })).status).toBe(403);
    expect((await admin.get(`/orgs/${org.gb}`)).body.kind).toBe('general_branch');

    const id = await submitted('cadre-kind', { ...cadres, memberId: member.cadre });
    expect((await as['gb-admin'].post(`/commitments/${id}/transitions`, { action: 'approve' })).body.code).toBe('transition.needs_committee_reviewer');
    // Renaming is still the scoped admin's to do.
    expect((await as['gb-admin'].patch(`/orgs/${org.a}`, { name: '县人民医院党支部' })).status).toBe(200);
  });

  it('keeps the reviewer fixed at submission when the organisation above changes kind later', async () => {
    const id = await submitted('cadre-fixed', { ...cadres, memberId: member.cadre });
    expect((await admin.patch(`/orgs/${org.gb}`, { kind: 'committee' })).status).toBe(200);
    expect((await act('gb-reviewer', id, 'approve')).body.code).toBe('transition.needs_committee_reviewer');
    expect((await admin.patch(`/orgs/${org.gb}`, { kind: 'general_branch' })).status).toBe(200);
  });

  it("does not let a reviewer's import mark its own organisation's items 已审核 or 已完成, new or stored", async () => {
    const ledger = (status: string) =>
      Buffer.from(`承诺主体,主体类型,承诺类别,承诺内容,完成时限,状态\n县人民医院党支部,党组织,实事承诺,开展义诊进社区活动,2011年10月底,${status}\n孙建国,党员,岗位承诺,牵头完成急诊楼改造,2011年11月底,${status}\n`);
    const importAs = async (login: string, status: string) => {
      const token = await server.login(login, PASSWORD);
      const preview = await upload(server, token, ledger(status), '2011台账.csv', { org: org.a, year: 2011 });
      expect(preview.status).toBe(201);
      return as[login].post(`/imports/${preview.body.id}/commit`, {});
    };
    const first = await importAs('a-reviewer', '已完成');
    expect(first.status).toBe(200);
    expect(first.body.warnings.map((w: { code: string }) => w.code)).toEqual(['status.needs_reviewer', 'status.needs_reviewer']);
    const imported = (await admin.get(`/commitments?org=${org.a}&limit=200`)).body.items.filter((c: { content: string }) => ['开展义诊进社区活动', '牵头完成急诊楼改造'].includes(c.content));
    expect(imported.map((c: { status: string }) => c.status)).toEqual(['under_review', 'under_review']);
    // Imported again, now as approved: still nothing is reviewed by an import.
    expect((await importAs('a-reviewer', '已审核')).status).toBe(200);
    for (const c of imported) expect((await read(c.id)).status).toBe('under_review');
    // The general branch is the reviewer of the branch's own item, not of the leading cadre's.
    expect((await act('gb-reviewer', imported[0].id, 'approve')).status).toBe(200);
    expect((await act('gb-reviewer', imported[1].id, 'approve')).body.code).toBe('transition.needs_committee_reviewer');
  });

  it("lets a branch review its ordinary members' items (the default scheme), never its own organisation's", async () => {
    const id = await submitted('branch-reviews');
    expect((await act('a-reviewer', id, 'approve')).status).toBe(200);
    const own = await submitted('own-org', { subjectName: '县人民医院党支部', subjectType: '党组织' });
    expect((await act('a-reviewer', own, 'approve')).body.code).toBe('transition.reviewer_not_above');
    expect((await act('gb-reviewer', own, 'approve')).status).toBe(200);
  });
});
