// 跟踪问诺 (issue 15) on the demo county: a branch's monthly check of many items in one request
// (POST /commitments/progress: all or nothing, a retry stores nothing twice), and the monthly
// report's per-organisation sheets 记实销号 and 未记实事项, read back with exceljs and compared with
// SQL written here over the same data.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'demo-test-password';
const KEY = 'check-2011-06-branch1-0001';

describe.each(dbs)('the monthly check-off on $name', ({ url }) => {
  let server: TestServer;
  let county = 0;
  let branch = 0;
  let clerk: Api;
  let otherClerk: Api;
  let viewer: Api;
  let otherBranchItem = 0;
  let checked: number[] = [];

  const entriesOf = async (key: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM progress_entries WHERE request_key = ${key}`.execute(server.ctx.db)).rows[0].n);
  const allEntries = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM progress_entries`.execute(server.ctx.db)).rows[0].n);
  /** The branch's items open on 30 June with no June entry: what its clerk checks this month. */
  const unrecorded = async (orgId: number) =>
    (
      await sql<{ id: number }>`
        SELECT c.id FROM commitments c WHERE c.year = 2011 AND c.org_id = ${orgId}
          AND (c.status IN ('approved', 'published', 'in_progress') OR (c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) > '2011-06-30'))
          AND NOT EXISTS (SELECT 1 FROM progress_entries p WHERE p.commitment_id = c.id AND p.month = '2011-06')
        ORDER BY c.id`.execute(server.ctx.db)
    ).rows.map((r) => Number(r.id));

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-07-05T02:00:00Z'), sessionTtlHours: 24 * 400 });
    county = (await loadDemoCounty(server.ctx.db, { password: PASSWORD })).countyId;
    const clerks = await server.ctx.db.selectFrom('users').select(['login', 'org_id']).where('login', 'in', ['clerk01', 'clerk02']).orderBy('login').execute();
    branch = clerks[0].org_id!;
    clerk = server.api(await server.login('clerk01', PASSWORD));
    otherClerk = server.api(await server.login('clerk02', PASSWORD));
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    expect((await admin.post('/users', { login: 'viewer1', password: PASSWORD, name: '查看', role: 'viewer', orgId: branch })).status).toBe(201);
    viewer = server.api(await server.login('viewer1', PASSWORD));
    otherBranchItem = (await server.ctx.db.selectFrom('commitments').select('id').where('org_id', '=', clerks[1].org_id!).orderBy('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server?.close());

  it('stores a branch’s whole monthly check in one request, each record’s progress the note it got', async () => {
    const ids = await unrecorded(branch);
    checked = ids;
    expect(ids.length).toBeGreaterThan(5);
    const entries = ids.map((commitmentId, i) => ({ commitmentId, note: i === 0 ? '本月走访困难户3户，已解决用水问题' : '按计划推进，本月无变化', ...(i === 1 && { percent: 40 }) }));
    const before = await allEntries();
    const res = await clerk.post('/commitments/progress', { key: KEY, month: '2011-06', entries });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect(res.body.replayed).toBe(false);
    expect(res.body.entries.map((e: any) => e.commitmentId)).toEqual(ids);
    expect(await allEntries()).toBe(before + ids.length);
    const june = async (id: number) => (await clerk.get(`/commitments/${id}/progress`)).body.items.filter((e: any) => e.month === '2011-06');
    expect((await june(ids[0])).map((e: any) => e.note)).toEqual(['本月走访困难户3户，已解决用水问题']);
    // the newest month's note is the record's progress: June's, unless a later month was recorded
    const later = await server.ctx.db.selectFrom('progress_entries').select('commitment_id').where('commitment_id', 'in', ids).where('month', '>', '2011-06').execute();
    const newest = ids.find((id) => !later.some((l) => l.commitment_id === id))!;
    expect((await clerk.get(`/commitments/${newest}`)).body.progress).toBe(newest === ids[0] ? '本月走访困难户3户，已解决用水问题' : '按计划推进，本月无变化');
    expect((await june(ids[1])).map((e: any) => [e.note, e.percent, e.public])).toEqual([['按计划推进，本月无变化', 40, false]]);
    expect(await unrecorded(branch)).toEqual([]);
  });

  it('sent again with the same key (a retry after a lost answer), stores nothing and answers what it stored', async () => {
    const before = await allEntries();
    const again = await clerk.post('/commitments/progress', { key: KEY, month: '2011-06', entries: [{ commitmentId: checked[0], note: '本月按计划推进' }] });
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(await allEntries()).toBe(before);
    // another user's request under that key is refused, not merged
    const taken = await otherClerk.post('/commitments/progress', { key: KEY, month: '2011-06', entries: [{ commitmentId: otherBranchItem, note: '本月已落实' }] });
    // … and a key never lets anyone reach a record outside their scope
    expect((await otherClerk.post('/commitments/progress', { key: KEY, month: '2011-06', entries: [{ commitmentId: checked[0], note: '本月已落实' }] })).status).toBe(404);
    expect([taken.status, taken.body.code]).toEqual([409, 'progress.key_taken']);
  });

  it('refuses the whole check when one record is outside the clerk’s branch (404) or named twice (400); nothing is written', async () => {
    const mine = (await server.ctx.db.selectFrom('commitments').select('id').where('org_id', '=', branch).orderBy('id').limit(3).execute()).map((r) => r.id);
    const before = await allEntries();
    const check = (entries: { commitmentId: number; note: string }[]) => clerk.post('/commitments/progress', { key: 'check-2011-07-branch1-0002', month: '2011-07', entries });
    const outside = await check([{ commitmentId: mine[0], note: '已落实' }, { commitmentId: otherBranchItem, note: '已落实' }, { commitmentId: mine[1], note: '已落实' }]);
    expect([outside.status, outside.body.code]).toEqual([404, 'not_found']);
    expect(outside.body.errors.map((e: any) => [e.field, e.code])).toEqual([['entries.1.commitmentId', 'not_found']]);
    expect(outside.body.errors[0].message).toContain('第 2 条');
    const twice = await check([{ commitmentId: mine[0], note: '已落实' }, { commitmentId: mine[1], note: '已落实' }, { commitmentId: mine[1], note: '又一次' }]);
    expect([twice.status, twice.body.code, twice.body.errors.map((e: any) => e.field)]).toEqual([400, 'progress.duplicate', ['entries.2.commitmentId']]);
    expect(await allEntries()).toBe(before);
    expect(await entriesOf('check-2011-07-branch1-0002')).toBe(0);
    // bad input is named by field; a viewer writes nothing
    const bad = await clerk.post('/commitments/progress', { key: 'short', month: '2011-13', entries: [] });
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['entries', 'key', 'month']);
    expect((await viewer.post('/commitments/progress', { key: 'check-2011-07-viewer-0001', month: '2011-07', entries: [{ commitmentId: mine[0], note: '已落实' }] })).status).toBe(403);
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ commitmentId: i + 1, note: '已落实' }));
    expect((await clerk.post('/commitments/progress', { key: 'check-2011-07-branch1-0003', month: '2011-07', entries: tooMany })).body.errors[0]).toMatchObject({ field: 'entries', code: 'too_big' });
  });

  it('marks a phase of a phased plan done from the monthly check, as one entry does; an unknown phase names its entry', async () => {
    // the clerk gives an open item of the branch a two-phase plan in the pane's way (PATCH, If-Match)
    const item = await server.ctx.db.selectFrom('commitments').select(['id', 'deadline']).where('org_id', '=', branch).where('status', '=', 'in_progress').where('deadline', '>=', '2011-11-30').where('deadline', 'like', '2011-%').orderBy('id').executeTakeFirstOrThrow();
    const read = await clerk.get(`/commitments/${item.id}`);
    const patched = await clerk.patch(`/commitments/${item.id}`, { plan: `9月底前完成第一阶段；${Number(item.deadline.slice(5, 7))}月${Number(item.deadline.slice(8))}日前全部完成` }, { 'if-match': read.headers.get('etag')! });
    expect(patched.status, JSON.stringify(patched.body).slice(0, 300)).toBe(200);
    const bad = await clerk.post('/commitments/progress', { key: 'check-2011-07-branch1-phase-1', month: '2011-07', entries: [{ commitmentId: item.id, note: '选址完成', phase: 9 }] });
    expect([bad.status, bad.body.code, bad.body.errors[0].field]).toEqual([400, 'phase.unknown', 'entries.0.phase']);
    const res = await clerk.post('/commitments/progress', { key: 'check-2011-07-branch1-phase-2', month: '2011-07', entries: [{ commitmentId: item.id, note: '第一阶段完成', phase: 1 }] });
    expect(res.status).toBe(201);
    const plan = (await clerk.get(`/commitments/${item.id}`)).body.plan;
    expect(plan.map((p: any) => p.doneOn)).toEqual(['2011-07-05', null]);
  });

  it('the monthly report’s 记实销号 and 未记实事项 equal SQL over the same data, organisation by organisation', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/reports/monthly?org=${county}&period=2011-06`, { headers: { authorization: `Bearer ${await server.login('reviewer', PASSWORD)}` } });
    expect(res.status).toBe(200);
    const wb = await readBook(Buffer.from(await res.arrayBuffer()));

    const open = `(c.status IN ('approved', 'published', 'in_progress') OR (c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) > '2011-06-30'))`;
    const recorded = `EXISTS (SELECT 1 FROM progress_entries p WHERE p.commitment_id = c.id AND p.month = '2011-06')`;
    const { rows: want } = await sql<{ name: string; open: number; recorded: number; marked: number }>`
      SELECT o.name,
        SUM(CASE WHEN ${sql.raw(open)} THEN 1 ELSE 0 END) AS open,
        SUM(CASE WHEN ${sql.raw(open)} AND ${sql.raw(recorded)} THEN 1 ELSE 0 END) AS recorded,
        SUM(CASE WHEN c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) BETWEEN '2011-06-01' AND '2011-06-30' THEN 1 ELSE 0 END) AS marked
      FROM commitments c JOIN organizations o ON o.id = c.org_id
      WHERE c.year = 2011
      GROUP BY o.id, o.name
      HAVING SUM(CASE WHEN ${sql.raw(open)} THEN 1 ELSE 0 END) + SUM(CASE WHEN c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) BETWEEN '2011-06-01' AND '2011-06-30' THEN 1 ELSE 0 END) > 0
      ORDER BY o.name`.execute(server.ctx.db);
    const summary = table(wb, '记实销号');
    const got = records(summary).map((r) => [r['党组织'], r['在办事项'], r['本月已记实'], r['本月未记实'], r['本月销号']]);
    const expected = want.map((w) => [w.name, Number(w.open), Number(w.recorded), Number(w.open) - Number(w.recorded), Number(w.marked)]);
    expect([...got].sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([...expected].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(got.length).toBe(36);
    const branchName = (await server.ctx.db.selectFrom('organizations').select('name').where('id', '=', branch).executeTakeFirstOrThrow()).name;
    expect(records(summary).find((r) => r['党组织'] === branchName)!['本月未记实']).toBe(0); // the check above
    // totals are live formulas with the sums cached
    const sum = (i: number) => expected.reduce((a, r) => a + (r[i] as number), 0);
    expect(summary.totals!.slice(2, 5)).toEqual([sum(1), sum(2), sum(3)]);
    expect(summary.totals![6]).toBe(sum(4));

    const { rows: missing } = await sql<{ org: string; content: string }>`
      SELECT o.name AS org, c.content FROM commitments c JOIN organizations o ON o.id = c.org_id
      WHERE c.year = 2011 AND ${sql.raw(open)} AND NOT ${sql.raw(recorded)}`.execute(server.ctx.db);
    const listed = records(table(wb, '未记实事项')).map((r) => `${r['所在党组织']}|${r['承诺内容']}`);
    expect(listed.sort()).toEqual(missing.map((m) => `${m.org}|${m.content}`).sort());
    expect(listed.length).toBe(sum(3));
    // listed organisation by organisation: each organisation's items together
    const orgsInOrder = records(table(wb, '未记实事项')).map((r) => r['所在党组织']);
    expect(orgsInOrder.filter((o, i) => i === 0 || o !== orgsInOrder[i - 1]).length).toBe(new Set(orgsInOrder).size);
  });
});
