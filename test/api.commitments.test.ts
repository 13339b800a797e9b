// The commitments API over real HTTP: scope, keyed batch upsert, optimistic concurrency,
// validation, transitions and the audit trail — on SQLite and (when configured) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOverdue } from '../core/overdue';
import type { Status } from '../core/types';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';

function ledgerRow(key: string, over: Record<string, unknown> = {}) {
  return { key, year: 2011, subjectName: '张三', subjectType: '党员', category: '实事承诺', content: `为群众办实事 ${key}`, deadline: '2011年6月底', ...over };
}

describe.each(dbs)('commitments API on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  let clerkA: Api;
  let clerkB: Api;
  let viewerA: Api;
  let reviewerGb: Api;
  let reviewerCounty: Api;
  const org = { county: 0, gb: 0, a: 0, b: 0 };
  const member = { ordinary: 0, cadre: 0 };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-07-15T04:00:00Z') });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const mkOrg = async (name: string, kind: string, parentId?: number) => {
      const res = await admin.post('/orgs', { name, kind, parentId });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    org.county = await mkOrg('某县委', 'committee');
    org.gb = await mkOrg('教育党总支', 'general_branch', org.county);
    org.a = await mkOrg('第一小学党支部', 'branch', org.gb);
    org.b = await mkOrg('第二小学党支部', 'branch', org.gb);
    const mkUser = async (login: string, role: string, orgId: number) => {
      const res = await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId });
      expect(res.status).toBe(201);
      return server.api(await server.login(login, PASSWORD));
    };
    clerkA = await mkUser('clerk-a', 'clerk', org.a);
    clerkB = await mkUser('clerk-b', 'clerk', org.b);
    viewerA = await mkUser('viewer-a', 'viewer', org.a);
    reviewerGb = await mkUser('reviewer-gb', 'reviewer', org.gb);
    reviewerCounty = await mkUser('reviewer-county', 'reviewer', org.county);
    member.ordinary = (await clerkA.post('/members', { orgId: org.a, name: '张三', role: 'ordinary', gender: 'male' })).body.id;
    member.cadre = (await clerkA.post('/members', { orgId: org.a, name: '李校长', role: 'leader_cadre' })).body.id;
  });
  afterAll(() => server?.close());

  const countAll = async () => Number((await server.ctx.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('upserts the same 1,000 keyed rows twice into 1,000 records, the second time all unchanged', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ledgerRow(`thousand-${i}`, { orgName: '第一小学党支部', deadline: `2011-${String((i % 12) + 1).padStart(2, '0')}-15` }));
    const before = await countAll();
    const first = await clerkA.post('/commitments/batch', { rows });
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ created: 1000, updated: 0, unchanged: 0, rejected: 0 });
    const ids = first.body.rows.map((r: { id: number }) => r.id);
    expect(new Set(ids).size).toBe(1000);

    const second = await clerkA.post('/commitments/batch', { rows });
    expect(second.status).toBe(200);
    expect(second.body.rows.every((r: { result: string }) => r.result === 'unchanged')).toBe(true);
    expect(second.body.rows.map((r: { id: number }) => r.id)).toEqual(ids);
    expect(await countAll()).toBe(before + 1000);

    const list = await clerkA.get('/commitments?year=2011&limit=1&offset=0');
    expect(list.body.total).toBeGreaterThanOrEqual(1000);
    expect(list.body.items).toHaveLength(1);
  });

  it('updates a changed row by its key, bumping the version', async () => {
    const created = await clerkA.post('/commitments/batch', { rows: [ledgerRow('upd-1', { orgId: org.a })] });
    const id = created.body.rows[0].id;
    // Naming no organisation, the record stays where it is.
    const again = await clerkA.post('/commitments/batch', { rows: [ledgerRow('upd-1', { measures: '每周走访' })] });
    expect(again.body.rows[0]).toMatchObject({ id, result: 'updated' });
    const one = await clerkA.get(`/commitments/${id}`);
    expect(one.body).toMatchObject({ measures: '每周走访', version: 2, memberId: member.ordinary, deadline: '2011-06-30', category: 'deed' });
    expect(one.headers.get('etag')).toBe('"2"');
  });

  it('links a member by a unique name, keeps a link made by id across re-syncs', async () => {
    const twins = [];
    for (const gender of ['male', 'female']) twins.push((await clerkA.post('/members', { orgId: org.a, name: '赵六', role: 'ordinary', gender })).body.id);
    const row = ledgerRow('twin-1', { orgId: org.a, subjectName: '赵六' });
    const id = (await clerkA.post('/commitments/batch', { rows: [row] })).body.rows[0].id;
    expect((await clerkA.get(`/commitments/${id}`)).body.memberId).toBeNull(); // two 赵六: no guess
    const linked = await clerkA.patch(`/commitments/${id}`, { memberId: twins[1] }, { 'if-match': '"1"' });
    expect(linked.body.memberId).toBe(twins[1]);
    const again = await clerkA.post('/commitments/batch', { rows: [row] });
    expect(again.body.rows[0].result).toBe('unchanged');
    expect((await clerkA.get(`/commitments/${id}`)).body.memberId).toBe(twins[1]);
  });

  it('rejects invalid rows with field and code while storing the valid rows of the batch', async () => {
    const res = await clerkA.post('/commitments/batch', {
      orgId: org.a,
      rows: [
        ledgerRow('mix-ok-1'),
        ledgerRow('mix-bad-date', { deadline: '2011-02-30' }),
        ledgerRow('mix-bad-cat', { category: '随便承诺' }),
        ledgerRow('mix-no-content', { content: '  ' }),
        ledgerRow('mix-ok-2', { deadline: '长期坚持' }),
        ledgerRow('mix-ok-1', { content: 'same key again' }),
      ],
    });
    expect(res.status).toBe(200);
    const byKey = (k: string) => res.body.rows.filter((r: { key: string }) => r.key === k);
    expect(byKey('mix-ok-1')[0].result).toBe('created');
    expect(byKey('mix-ok-2')[0].result).toBe('created');
    expect(byKey('mix-bad-date')[0]).toMatchObject({ result: 'rejected', id: null, errors: [{ field: 'deadline', code: 'deadline.impossible_date' }] });
    expect(byKey('mix-bad-cat')[0].errors[0]).toMatchObject({ field: 'category', code: 'category.unknown' });
    expect(byKey('mix-no-content')[0].errors[0]).toMatchObject({ field: 'content', code: 'field.required' });
    expect(byKey('mix-ok-1')[1]).toMatchObject({ result: 'rejected', errors: [{ field: 'key', code: 'key.duplicate' }] });
    // Messages are Chinese by default and quote what was written.
    expect(byKey('mix-bad-date')[0].errors[0].message).toMatch(/2011-02-30/);
    const stored = await server.ctx.db.selectFrom('commitments').select('key').where('key', 'like', 'mix-%').execute();
    expect(stored.map((r) => r.key).sort()).toEqual(['mix-ok-1', 'mix-ok-2']);
  });

  it('keeps a clerk inside their branch: 404 for the other branch, no moving records there', async () => {
    const mine = (await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('scope-a')] })).body.rows[0].id;
    const theirs = (await clerkB.post('/commitments/batch', { orgId: org.b, rows: [ledgerRow('scope-b')] })).body.rows[0].id;

    const get = await clerkA.get(`/commitments/${theirs}`);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('not_found');
    expect((await clerkA.patch(`/commitments/${theirs}`, { content: 'x' }, { 'if-match': '"1"' })).status).toBe(404);
    expect((await clerkA.post(`/commitments/${theirs}/progress`, { month: '2011-07', note: 'x' })).status).toBe(404);
    expect((await clerkA.get(`/orgs/${org.b}`)).status).toBe(404);
    expect((await clerkA.get(`/commitments?org=${org.b}`)).status).toBe(404);
    const listed = await clerkA.get('/commitments?limit=1000&offset=0&year=2011&status=proposed');
    expect(listed.body.items.some((c: { id: number }) => c.id === theirs)).toBe(false);
    expect(listed.body.items.every((c: { orgId: number }) => c.orgId === org.a)).toBe(true);

    // Moving my record into B: refused as if B did not exist, and nothing changes.
    const moved = await clerkA.patch(`/commitments/${mine}`, { orgId: org.b }, { 'if-match': '"1"' });
    expect(moved.status).toBe(404);
    const byName = await clerkA.post('/commitments/batch', { rows: [ledgerRow('scope-a', { orgName: '第二小学党支部' })] });
    expect(byName.body.rows[0]).toMatchObject({ result: 'rejected', errors: [{ field: 'org', code: 'org.unknown' }] });
    // Taking over B's key from A is refused too.
    const stolen = await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('scope-b')] });
    expect(stolen.body.rows[0]).toMatchObject({ result: 'rejected', errors: [{ field: 'key', code: 'key.taken' }] });
    const b = await server.ctx.db.selectFrom('commitments').selectAll().where('id', '=', theirs).executeTakeFirstOrThrow();
    expect(b).toMatchObject({ org_id: org.b, version: 1 });
    const a = await server.ctx.db.selectFrom('commitments').selectAll().where('id', '=', mine).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ org_id: org.a, version: 1 });

    // The reviewer above both sees both.
    expect((await reviewerGb.get(`/commitments/${theirs}`)).status).toBe(200);
    // A viewer reads but does not write.
    expect((await viewerA.get(`/commitments/${mine}`)).status).toBe(200);
    expect((await viewerA.post('/commitments/batch', { rows: [ledgerRow('viewer-try', { orgId: org.a })] })).status).toBe(403);
  });

  it('answers 409 to a stale PATCH and 428 without If-Match, changing nothing', async () => {
    const id = (await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('patch-1')] })).body.rows[0].id;
    const first = await clerkA.patch(`/commitments/${id}`, { measures: '第一次修改' }, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, measures: '第一次修改' });
    expect(first.headers.get('etag')).toBe('"2"');

    const stale = await clerkA.patch(`/commitments/${id}`, { measures: '基于旧版本的修改' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    const missing = await clerkA.patch(`/commitments/${id}`, { measures: '没有版本号' });
    expect(missing.status).toBe(428);
    const row = await server.ctx.db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: 2, measures: '第一次修改' });

    const invalid = await clerkA.patch(`/commitments/${id}`, { deadline: '2011年13月' }, { 'if-match': '"2"' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'deadline' });
  });

  it('checks transitions against the rules: 403 with the reason', async () => {
    const [plain, cadre] = (
      await clerkA.post('/commitments/batch', {
        orgId: org.a,
        rows: [ledgerRow('tr-plain'), ledgerRow('tr-cadre', { subjectName: '李校长' })],
      })
    ).body.rows.map((r: { id: number }) => r.id);
    const act = (api: Api, id: number, action: string, headers?: Record<string, string>) =>
      api.post(`/commitments/${id}/transitions`, { action, note: '意见' }, headers);

    expect((await act(clerkA, plain, 'submit')).body.status).toBe('under_review');
    const clerkApproves = await act(clerkA, plain, 'approve', { 'accept-language': 'en' });
    expect(clerkApproves.status).toBe(403);
    expect(clerkApproves.body).toMatchObject({ code: 'transition.role_forbidden' });
    expect(clerkApproves.body.detail).toMatch(/approve/i);
    const approved = await act(reviewerGb, plain, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewNote: '意见', version: 3 });

    // A leading cadre's commitment needs the committee's reviewer.
    await act(clerkA, cadre, 'submit');
    const gb = await act(reviewerGb, cadre, 'approve');
    expect(gb.status).toBe(403);
    expect(gb.body.code).toBe('transition.needs_committee_reviewer');
    expect(gb.body.detail).toContain('党委');
    expect((await act(reviewerCounty, cadre, 'approve')).status).toBe(200);

    const unknown = await act(clerkA, plain, 'fly');
    expect(unknown.status).toBe(400);
    const row = await server.ctx.db.selectFrom('commitments').select(['status', 'reviewer_id', 'reviewed_at']).where('id', '=', plain).executeTakeFirstOrThrow();
    expect(row.status).toBe('approved');
    expect(row.reviewed_at).toBe('2011-07-15T04:00:00.000Z');
  });

  it('applies a stated status only as far as the role reaches', async () => {
    const res = await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('reach-clerk', { status: '已完成' })] });
    expect(res.body.rows[0]).toMatchObject({ result: 'created', warnings: [{ field: 'status', code: 'status.not_allowed' }] });
    expect((await clerkA.get(`/commitments/${res.body.rows[0].id}`)).body.status).toBe('proposed');

    const migrated = await admin.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('reach-admin', { status: '已完成' })] });
    expect(migrated.body.rows[0]).toMatchObject({ result: 'created', warnings: [] });
    expect((await admin.get(`/commitments/${migrated.body.rows[0].id}`)).body.status).toBe('completed');

    // A clerk records fulfilment of a published item through the ledger.
    const published = await admin.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('reach-pub', { status: '已公示' })] });
    const done = await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('reach-pub', { status: '已完成' })] });
    expect(done.body.rows[0]).toMatchObject({ id: published.body.rows[0].id, result: 'updated', warnings: [] });
    const row = await server.ctx.db.selectFrom('commitments').selectAll().where('key', '=', 'reach-pub').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', completed_at: '2011-07-15T04:00:00.000Z' });
  });

  it('filters overdue items exactly as core/overdue defines them', async () => {
    const rows = (['proposed', 'published', 'in_progress', 'completed', 'unfulfilled', 'withdrawn'] as Status[]).flatMap((status, i) => [
      ledgerRow(`od-past-${i}`, { orgId: org.b, status, deadline: '2011-07-14' }),
      ledgerRow(`od-today-${i}`, { orgId: org.b, status, deadline: '2011-07-15' }),
      ledgerRow(`od-long-${i}`, { orgId: org.b, status, deadline: '长期' }),
    ]);
    expect((await admin.post('/commitments/batch', { rows })).body.counts.rejected).toBe(0);
    const overdue = await clerkB.get('/commitments?overdue=true&limit=1000');
    const notOverdue = await clerkB.get('/commitments?overdue=false&limit=1000');
    const all = await clerkB.get('/commitments?limit=1000');
    expect(overdue.body.total + notOverdue.body.total).toBe(all.body.total);
    const expected = all.body.items.filter((c: { deadline: string; status: Status }) => isOverdue(c, '2011-07-15'));
    expect(overdue.body.items.map((c: { id: number }) => c.id)).toEqual(expected.map((c: { id: number }) => c.id));
    expect(overdue.body.items.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    // past deadline and proposed, published or in progress
    expect(expected.filter((c: { key: string }) => c.key.startsWith('od-')).map((c: { key: string }) => c.key)).toEqual(['od-past-0', 'od-past-1', 'od-past-2']);
  });

  it('records progress and evaluations, with their rules', async () => {
    const id = (await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('prog-1')] })).body.rows[0].id;
    const p = await clerkA.post(`/commitments/${id}/progress`, { month: '2011-07', note: '已走访 12 户', percent: 40 });
    expect(p.status).toBe(201);
    expect((await clerkA.get(`/commitments/${id}/progress`)).body.items).toMatchObject([{ month: '2011-07', percent: 40 }]);
    expect((await clerkA.post(`/commitments/${id}/progress`, { month: '2011-13', note: 'x' })).status).toBe(400);
    // The newest month's note is the record's progress (a refreshed ledger shows it); a late entry for an earlier month is not.
    expect((await clerkA.get(`/commitments/${id}`)).body).toMatchObject({ progress: '已走访 12 户', version: 2 });
    expect((await clerkA.post(`/commitments/${id}/progress`, { month: '2011-06', note: '补记六月：已走访 5 户' })).status).toBe(201);
    expect((await clerkA.get(`/commitments/${id}`)).body.progress).toBe('已走访 12 户');

    const survey = await reviewerGb.post('/evaluations', { kind: 'survey', targetType: 'organization', targetId: org.a, period: '2011-h1', satisfied: 40, basicallySatisfied: 5, unsatisfied: 1 });
    expect(survey.status).toBe(201);
    expect(survey.body).toMatchObject({ period: '2011-H1', orgId: org.a });
    const noRating = await reviewerGb.post('/evaluations', { kind: 'annual', targetType: 'member', targetId: member.ordinary, period: '2011' });
    expect(noRating.status).toBe(400);
    expect(noRating.body.errors[0]).toMatchObject({ field: 'rating', code: 'required' });
    const clerkComment = await clerkA.post('/evaluations', { kind: 'leader_comment', targetType: 'organization', targetId: org.a, period: '2011-Q2', text: '好' });
    expect(clerkComment.status).toBe(403);
    const comment = await reviewerGb.post('/evaluations', { kind: 'leader_comment', targetType: 'organization', targetId: org.a, period: '2011-Q2', text: '进度较好' });
    expect(comment.status).toBe(201);
    expect((await clerkB.post('/evaluations', { kind: 'peer', targetType: 'member', targetId: member.ordinary, period: '2011', text: 'x' })).status).toBe(404);
    const listed = await reviewerGb.get(`/evaluations?org=${org.a}`);
    expect(listed.body.total).toBe(2);
  });

  it('writes an audit entry for every write', async () => {
    const before = Number((await server.ctx.db.selectFrom('audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const batch = await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('audit-1'), ledgerRow('audit-2'), ledgerRow('audit-bad', { deadline: '随时' })] });
    const [id1, id2] = batch.body.rows.map((r: { id: number }) => r.id);
    await clerkA.patch(`/commitments/${id1}`, { remarks: '补充说明' }, { 'if-match': '"1"' });
    await clerkA.post(`/commitments/${id2}/transitions`, { action: 'withdraw' });
    await clerkA.post(`/commitments/${id2}/progress`, { month: '2011-07', note: '撤销前的记录' });
    // The ledger row again, without the remarks added by PATCH: an update.
    await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('audit-1')] });
    const entries = await server.ctx.db.selectFrom('audit').selectAll().where('id', '>', before).orderBy('id').execute();
    const summary = entries.map((e) => [e.action, e.entity, e.entity_id]);
    expect(summary).toEqual([
      ['batch:create', 'commitment', id1],
      ['batch:create', 'commitment', id2],
      ['update', 'commitment', id1],
      ['transition:withdraw', 'commitment', id2],
      ['create', 'progress_entry', expect.any(Number)],
      ['update', 'commitment', id2],
      ['batch:update', 'commitment', id1],
    ]);
    expect(entries.every((e) => e.user_id !== null && e.at === '2011-07-15T04:00:00.000Z')).toBe(true);
    const update = entries[2];
    expect(JSON.parse(update.before_json!).remarks).toBeNull();
    expect(JSON.parse(update.after_json!).remarks).toBe('补充说明');
  });

  it('manages users within scope: reviewers may not make admins, clerks may not manage users', async () => {
    expect((await clerkA.get('/users')).status).toBe(403);
    const asAdmin = await reviewerGb.post('/users', { login: 'sneaky', password: PASSWORD, name: 'x', role: 'admin', orgId: org.a });
    expect(asAdmin.status).toBe(403);
    const outside = await reviewerGb.post('/users', { login: 'outside', password: PASSWORD, name: 'x', role: 'clerk', orgId: org.county });
    expect(outside.status).toBe(404);
    const ok = await reviewerGb.post('/users', { login: 'clerk-a2', password: PASSWORD, name: '王五', role: 'clerk', orgId: org.a });
    expect(ok.status).toBe(201);
    expect(ok.body).not.toHaveProperty('password_hash');
    const seen = (await reviewerGb.get('/users')).body.items.map((u: { login: string }) => u.login);
    expect(seen).toContain('clerk-a2');
    expect(seen).not.toContain('admin');
    expect(seen).not.toContain('reviewer-county');
    const hash = (await server.ctx.db.selectFrom('users').select('password_hash').where('login', '=', 'clerk-a2').executeTakeFirstOrThrow()).password_hash;
    expect(hash).toMatch(/^scrypt\$/);
    const dup = await admin.post('/users', { login: 'clerk-a2', password: PASSWORD, name: 'y', role: 'clerk', orgId: org.a });
    expect(dup.status).toBe(409);
    // Disabling ends the sessions at once.
    const token = await server.login('clerk-a2', PASSWORD);
    expect((await reviewerGb.patch(`/users/${ok.body.id}`, { disabled: true })).status).toBe(200);
    expect((await server.api(token).get('/me')).status).toBe(401);
  });

  it('bounds bodies and fields', async () => {
    const long = await clerkA.post('/commitments/batch', { orgId: org.a, rows: [ledgerRow('long-1', { content: '长'.repeat(2001) })] });
    expect(long.body.rows[0].errors[0]).toMatchObject({ field: 'content', code: 'field.too_long' });
    const huge = await clerkA.post('/orgs', { name: 'x'.repeat(101), kind: 'branch', parentId: org.a });
    expect(huge.status).toBe(403); // clerks do not create organisations
    const name = await admin.post('/orgs', { name: 'x'.repeat(101), kind: 'branch', parentId: org.a });
    expect(name.status).toBe(400);
    expect(name.body.errors[0]).toMatchObject({ field: 'name', code: 'too_long' });
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'x', password: 'y'.repeat(server.ctx.config.jsonLimitBytes) }),
    });
    expect(res.status).toBe(413);
  });
});
