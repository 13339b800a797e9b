// 封账 on the demo county: who may close and reopen a year, every write path refused on a closed
// year (409 year.closed, a Chinese message naming the organisation and the year, nothing
// written), the public phone ballot too, reopening audited with its reason, and carry-over
// making linked drafts of the next year once. SQLite and PostgreSQL.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { assertYearOpen, holdYears } from '../server/years/closed';
import { upload } from './fixtures/upload';
import { ledgerFixture } from './support/fixtures';

const dbs = await testDatabases();
const PASSWORD = 'demo-test-password';
/** A scanned form as small as an image gets. */
const PNG = await sharp({ create: { width: 40, height: 56, channels: 3, background: '#c8102e' } }).png().toBuffer();
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function cliImport(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'import', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, NOW: '2012-01-10T10:00+08:00' }, encoding: 'utf8', maxBuffer: 64 << 20 },
      (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

describe.each(dbs)('closing the year on $name', ({ url }) => {
  let server: TestServer;
  let clock = new Date('2011-12-10T02:00:00Z');
  let admin: Api;
  let reviewer: Api; // the county's reviewer: the level above every branch
  let clerk: Api; // a branch's clerk
  let branchReviewer: Api;
  let county: number;
  let branch: { id: number; name: string };
  let otherBranch: number;
  let item: { id: number; version: number; key: string };
  let ballotCode: string;
  let clerkToken: string;
  let filedForm: number; // a pledge form filed before the close

  const db = () => server.ctx.db;
  /** Every table a write to the year could touch, and the audit trail: all must stay as they were. */
  const footprint = async (): Promise<Record<string, [count: number, sum: number | null]>> => {
    const { rows } = await sql<{ t: string; n: number; v: number | null }>`
      SELECT 'commitments' AS t, COUNT(*) AS n, SUM(version) AS v FROM commitments
      UNION ALL SELECT 'progress', COUNT(*), SUM(public) FROM progress_entries
      UNION ALL SELECT 'evaluations', COUNT(*), SUM(version) FROM evaluations
      UNION ALL SELECT 'rectifications', COUNT(*), COUNT(done_on) FROM rectifications
      UNION ALL SELECT 'answers', COUNT(*), NULL FROM survey_answers
      UNION ALL SELECT 'ballots', COUNT(answered_at), NULL FROM survey_ballots
      UNION ALL SELECT 'surveys', COUNT(*), NULL FROM surveys
      UNION ALL SELECT 'goals', COUNT(*), NULL FROM org_goals
      UNION ALL SELECT 'members', COUNT(*), NULL FROM members
      UNION ALL SELECT 'attachments', COUNT(*), NULL FROM attachments
      UNION ALL SELECT 'audit', COUNT(*), NULL FROM audit`.execute(db());
    return Object.fromEntries(rows.map((r) => [r.t, [Number(r.n), r.v === null ? null : Number(r.v)]]));
  };
  /** POST /attachments with a small PNG, as the pane and the workspace send it. */
  const attach = async (token: string, fields: Record<string, string | number>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), '承诺书.png');
    const res = await fetch(`${server.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  };
  /** The write is refused as a closed year's, and nothing anywhere changed. */
  const refused = async (write: () => Promise<{ status: number; body: any }>) => {
    const before = await footprint();
    const res = await write();
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.code).toBe('year.closed');
    expect(res.body.detail).toContain('2011年度');
    expect(res.body.detail).toMatch(/已于 \d{4}-\d{2}-\d{2} 由“.+”封账/);
    expect(await footprint()).toEqual(before);
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => clock });
    const demo = await loadDemoCounty(db(), { password: PASSWORD });
    county = demo.countyId;
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    reviewer = server.api(await server.login('reviewer', PASSWORD));
    clerk = server.api(await server.login('clerk01', PASSWORD));
    const me = (await clerk.get('/me')).body;
    const branchId = me.user?.orgId ?? me.orgId;
    branch = await db().selectFrom('organizations').select(['id', 'name']).where('id', '=', branchId).executeTakeFirstOrThrow();
    otherBranch = (await db().selectFrom('organizations').select('id').where('kind', '=', 'branch').where('id', '!=', branch.id).orderBy('id').executeTakeFirstOrThrow()).id;
    expect((await admin.post('/users', { login: 'branch-reviewer', password: PASSWORD, name: '支部书记', role: 'reviewer', orgId: branch.id })).status).toBe(201);
    branchReviewer = server.api(await server.login('branch-reviewer', PASSWORD));
    const open = await db()
      .selectFrom('commitments')
      .select(['id', 'version', 'key'])
      .where('org_id', '=', branch.id)
      .where('year', '=', 2011)
      .where('status', 'in', ['published', 'in_progress'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    item = { id: open.id, version: open.version, key: open.key! };
    // A phone survey of the branch's year, opened in December; answered after the close it must not count.
    const survey = await reviewer.post('/surveys', { orgId: branch.id, period: '2011', ballots: 3, closesOn: '2012-02-28' });
    expect(survey.status, JSON.stringify(survey.body)).toBe(201);
    ballotCode = survey.body.codes[0];
    filedForm = (await attach(await server.login('clerk01', PASSWORD), { entityType: 'organization', entityId: branch.id, year: 2011, kind: 'pledge_form' })).body.id;
    expect(filedForm).toBeGreaterThan(0);
    // A month later (sessions last hours: everyone signs in again).
    clock = new Date('2012-01-10T02:00:00Z');
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    reviewer = server.api(await server.login('reviewer', PASSWORD));
    clerkToken = await server.login('clerk01', PASSWORD);
    clerk = server.api(clerkToken);
    branchReviewer = server.api(await server.login('branch-reviewer', PASSWORD));
  });
  afterAll(async () => server?.close());

  it('is closed by the level above or an admin, from 1 December, with its subtree', async () => {
    const before = new Date('2011-11-20T02:00:00Z');
    const saved = clock;
    clock = before;
    // A session begun at a later "now" is no session before it: sign in again in November.
    const early = await server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD)).post('/years/2011/close', { orgId: county });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('year.not_over');
    clock = saved;
    expect((await clerk.post('/years/2011/close', { orgId: branch.id })).body.code).toBe('year.not_allowed');
    // A branch does not close its own year: its level above does.
    expect((await branchReviewer.post('/years/2011/close', { orgId: branch.id })).body.code).toBe('year.not_allowed');
    expect((await reviewer.post('/years/2011/close', { orgId: county })).body.code).toBe('year.not_allowed');

    const closed = await admin.post('/years/2011/close', { orgId: county });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    const orgCount = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM organizations`.execute(db())).rows[0].n);
    expect(closed.body).toMatchObject({ orgId: county, year: 2011, orgCount, reopenedAt: null });
    expect((await admin.post('/years/2011/close', { orgId: branch.id })).body.code).toBe('year.already_closed');

    const state = await clerk.get(`/years/2011/state?org=${branch.id}`);
    expect(state.body).toMatchObject({ closed: true, closure: { orgId: county, year: 2011 } });
    expect((await clerk.get(`/years/2012/state?org=${branch.id}`)).body.closed).toBe(false);
  });

  it('refuses a batch creating or changing a closed year’s rows, and takes the open year’s', async () => {
    const row = { subjectName: '新党员', subjectType: 'member', category: 'post', content: '补记一条2011年的承诺', deadline: '2011-12-31', year: 2011 };
    await refused(() => clerk.post('/commitments/batch', { orgId: branch.id, rows: [{ key: 'late-2011', ...row }] }));
    await refused(() => clerk.post('/commitments/batch', { orgId: branch.id, rows: [{ key: item.key, ...row, subjectName: '改名' }] }));
    const next = await clerk.post('/commitments/batch', { orgId: branch.id, rows: [{ key: 'new-2012', ...row, year: 2012, deadline: '2012-06-30' }] });
    expect(next.body.rows[0].result).toBe('created');
  });

  it('refuses PATCH, also moving a record out of the closed year', async () => {
    await refused(() => clerk.patch(`/commitments/${item.id}`, { content: '改写已封账的承诺' }, { 'If-Match': `"${item.version}"` }));
    const body = await refused(() => clerk.patch(`/commitments/${item.id}`, { year: 2012 }, { 'If-Match': `"${item.version}"` }));
    expect(body.detail).toContain(branch.name);
  });

  it('refuses single and bulk transitions', async () => {
    await refused(() => clerk.post(`/commitments/${item.id}/transitions`, { action: 'complete' }));
    const before = await footprint();
    const bulk = await clerk.post('/commitments/transitions', { ids: [item.id], action: 'complete' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([{ id: item.id, ok: false, code: 'year.closed', message: expect.stringContaining('2011年度') }]);
    expect(await footprint()).toEqual(before);
  });

  it('refuses progress entries and their public flag', async () => {
    await refused(() => clerk.post(`/commitments/${item.id}/progress`, { month: '2011-12', note: '补记进展' }));
    const entry = await db().selectFrom('progress_entries').innerJoin('commitments', 'commitments.id', 'progress_entries.commitment_id')
      .select(['progress_entries.id', 'progress_entries.commitment_id']).where('commitments.org_id', '=', branch.id).where('commitments.year', '=', 2011).executeTakeFirstOrThrow();
    await refused(() => clerk.patch(`/commitments/${entry.commitment_id}/progress/${entry.id}`, { public: true }));
  });

  it('refuses a month’s check of many rows in one request', async () => {
    await refused(() => clerk.post('/commitments/progress', { key: randomUUID(), month: '2011-12', entries: [{ commitmentId: item.id, note: '月度检查' }] }));
  });

  it('refuses attachments: a new file for the closed year, and deleting one filed before the close', async () => {
    await refused(() => attach(clerkToken, { entityType: 'organization', entityId: branch.id, year: 2011, kind: 'evidence' }));
    await refused(() => clerk.delete(`/attachments/${filedForm}`));
    expect((await attach(clerkToken, { entityType: 'organization', entityId: branch.id, year: 2012, kind: 'pledge_form' })).status).toBe(201);
  });

  it('refuses evaluations: comments, paper tallies, annual ratings and their corrections', async () => {
    const member = await db().selectFrom('members').select('id').where('org_id', '=', branch.id).executeTakeFirstOrThrow();
    await refused(() => reviewer.post('/evaluations', { kind: 'leader_comment', targetType: 'member', targetId: member.id, period: '2011-Q4', text: '补一条点评' }));
    await refused(() => reviewer.post('/evaluations', { kind: 'survey', source: 'paper', targetType: 'organization', targetId: branch.id, period: '2011-H2', satisfied: 30, basicallySatisfied: 2, unsatisfied: 1 }));
    const stored = await db().selectFrom('evaluations').select(['id', 'version']).where('org_id', '=', branch.id).where('period', 'like', '2011%').where('kind', '=', 'leader_comment').executeTakeFirstOrThrow();
    await refused(() => reviewer.patch(`/evaluations/${stored.id}`, { text: '改写点评' }, { 'If-Match': `"${stored.version}"` }));
  });

  it('refuses the public phone ballot of the closed year, and a new survey of it', async () => {
    const before = await footprint();
    const res = await fetch(`${server.baseUrl}/s/${ballotCode}`, { method: 'POST', body: new URLSearchParams({ answer: 'satisfied' }) });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('2011年度');
    expect(page).toContain('封账');
    expect(await footprint()).toEqual(before);
    await refused(() => reviewer.post('/surveys', { orgId: otherBranch, period: '2011', ballots: 2, closesOn: '2012-02-28' }));
  });

  it('refuses rectifications and their follow-up', async () => {
    await refused(() => reviewer.post('/rectifications', { targetType: 'organization', targetId: branch.id, year: 2011, issue: '补记整改', dueOn: '2012-03-31' }));
    const stored = await db().selectFrom('rectifications').select('id').where('org_id', '=', branch.id).orderBy('id').executeTakeFirst()
      ?? (await db().selectFrom('rectifications').select('id').orderBy('id').executeTakeFirstOrThrow());
    await refused(() => admin.patch(`/rectifications/${stored.id}`, { status: 'done', doneOn: '2012-01-09' }));
  });

  it('refuses the founding goal of the closed year', async () => {
    await refused(() => clerk.put(`/orgs/${branch.id}/goals/2011`, { goal: '补写创建目标' }));
    expect((await clerk.put(`/orgs/${branch.id}/goals/2012`, { goal: '2012年创建目标' })).status).toBe(200);
  });

  it('previews a closed year’s ledger with a warning and refuses its commit', async () => {
    const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const preview = await upload(server, token, readFileSync(ledgerFixture('p2-titled.xlsx')), 'p2-titled.xlsx', { org: branch.id, year: 2011 });
    expect(preview.status, JSON.stringify(preview.body).slice(0, 300)).toBe(201);
    expect(preview.body.warnings).toContainEqual(expect.objectContaining({ code: 'year.closed', message: expect.stringContaining('2011年度') }));
    await refused(() => admin.post(`/imports/${preview.body.id}/commit`, {}));
  });

  it('refuses a roster given as the closed year’s', async () => {
    const token = await server.login('clerk01', PASSWORD);
    const roster = Buffer.from('姓名,性别,出生年月,入党时间,单位及职务,身份\n钱新,男,1980-05,2005-07,村委会委员,普通党员\n', 'utf8');
    const preview = await upload(server, token, roster, 'roster.csv', { org: branch.id, year: 2011, kind: 'roster' });
    expect(preview.status, JSON.stringify(preview.body).slice(0, 300)).toBe(201);
    await refused(() => clerk.post(`/imports/${preview.body.id}/commit`, {}));
    const now = await upload(server, token, roster, 'roster.csv', { org: branch.id, kind: 'roster' });
    expect((await clerk.post(`/imports/${now.body.id}/commit`, {})).status).toBe(200);
  });

  it('refuses the CLI import into the closed year', async () => {
    const before = await footprint();
    const lastAudit = (await db().selectFrom('audit').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const file = join(mkdtempSync(join(tmpdir(), 'yearclose-')), 'ledger.xlsx');
    writeFileSync(file, readFileSync(ledgerFixture('p2-titled.xlsx')));
    const run = await cliImport(url, file, '--org', String(branch.id), '--year', '2011');
    expect(run.code).not.toBe(0);
    expect(run.err + run.out).toContain('2011年度已封账');
    // The CLI keeps its preview (one audited import row); nothing of the year is written.
    const { audit, ...rest } = await footprint();
    const { audit: auditBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    const added = await db().selectFrom('audit').select('action').where('id', '>', lastAudit).execute();
    expect(added.map((a) => a.action)).not.toContain('import:commit');
    expect(audit[0]).toBeLessThanOrEqual(auditBefore[0] + 1);
  }, 60_000);

  it('lets members and organisations change: closed reports keep what they had at close', async () => {
    const member = await db().selectFrom('members').select('id').where('org_id', '=', branch.id).executeTakeFirstOrThrow();
    expect((await admin.patch(`/members/${member.id}`, { orgId: otherBranch })).status).toBe(200);
    expect((await admin.patch(`/orgs/${otherBranch}`, { name: '改名后的支部' })).status).toBe(200);
  });

  it('carries unfinished items over once, linked to their origin, for the clerk to confirm or drop', async () => {
    expect((await clerk.post('/years/2011/carry-over', { orgId: branch.id })).body.code).toBe('year.not_allowed');
    const unfinished = await db().selectFrom('commitments').select('id').where('year', '=', 2011).where('org_id', '=', branch.id)
      .where('status', 'not in', ['completed', 'unfulfilled', 'withdrawn']).orderBy('id').execute();
    expect(unfinished.length).toBeGreaterThan(1);
    const first = await reviewer.post('/years/2011/carry-over', { orgId: branch.id });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.created.map((d: { carriedFrom: number }) => d.carriedFrom)).toEqual(unfinished.map((c) => c.id));
    const again = await reviewer.post('/years/2011/carry-over', { orgId: branch.id });
    expect(again.body).toMatchObject({ created: [], alreadyCarried: unfinished.length });

    const drafts = await clerk.get(`/commitments?org=${branch.id}&year=2012&limit=1000`);
    const carried = drafts.body.items.filter((c: { carriedFrom: number | null }) => c.carriedFrom !== null);
    expect(carried.map((c: { carriedFrom: number }) => c.carriedFrom).sort((a: number, b: number) => a - b)).toEqual(unfinished.map((c) => c.id));
    for (const c of carried) {
      const origin = (await clerk.get(`/commitments/${c.carriedFrom}`)).body;
      expect(c).toMatchObject({ year: 2012, status: 'proposed', carryPending: true, orgId: origin.orgId, subjectName: origin.subjectName, content: origin.content, memberId: origin.memberId });
    }
    const [keep, drop] = carried;
    expect((await clerk.post(`/commitments/${keep.id}/carry`, { decision: 'confirm' })).body).toMatchObject({ carryPending: false, status: 'proposed' });
    expect((await clerk.post(`/commitments/${drop.id}/carry`, { decision: 'drop' })).body).toMatchObject({ carryPending: false, status: 'withdrawn' });
    expect((await clerk.post(`/commitments/${drop.id}/carry`, { decision: 'confirm' })).body.code).toBe('carry.decided');
    // A dropped draft is not made again.
    expect((await reviewer.post('/years/2011/carry-over', { orgId: branch.id })).body.created).toEqual([]);
  });

  it('reopens by the level above with a reason, audited, keeping the history; then writes go through', async () => {
    expect((await admin.post('/years/2011/reopen', { orgId: county })).status).toBe(400);
    expect((await reviewer.post('/years/2011/reopen', { orgId: county, reason: '更正' })).body.code).toBe('year.not_allowed');
    expect((await admin.post('/years/2011/reopen', { orgId: branch.id, reason: '更正' })).body.code).toBe('year.closed_above');
    const reopened = await admin.post('/years/2011/reopen', { orgId: county, reason: '更正一名党员的完成日期' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ reopenReason: '更正一名党员的完成日期', reopenedByName: '管理员' });
    const audit = await db().selectFrom('audit').select(['action', 'after_json']).where('action', 'in', ['year:close', 'year:reopen']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['year:close', 'year:reopen']);
    expect(JSON.parse(audit[1].after_json!)).toMatchObject({ reason: '更正一名党员的完成日期' });
    const progress = await clerk.post(`/commitments/${item.id}/progress`, { month: '2011-12', note: '启封后补记' });
    expect(progress.status).toBe(201);
    // Closed again: the first closure stays in the history.
    expect((await admin.post('/years/2011/close', { orgId: county })).status).toBe(201);
    const history = (await admin.get(`/years?org=${county}`)).body.items;
    expect(history).toHaveLength(2);
    expect(history.filter((c: { reopenedAt: string | null }) => c.reopenedAt !== null)).toHaveLength(1);
  });

  // A write that looked "open" must not commit after a close that committed meanwhile. On
  // PostgreSQL the year's advisory lock orders them; SQLite has one writer at a time anyway.
  it('orders a close and the writes of its year: neither slips past the other (PostgreSQL)', async (t) => {
    if (!url.startsWith('postgres')) return t.skip();
    const settled = (p: Promise<unknown>) => {
      const state = { done: false };
      p.then(() => (state.done = true), () => (state.done = true));
      return state;
    };
    const adminId = (await db().selectFrom('users').select('id').where('login', '=', ADMIN_LOGIN).executeTakeFirstOrThrow()).id;

    // A close of 2010 under way: the clerk's write waits for it, then sees it.
    let write!: Promise<{ status: number; body: any }>;
    await db().transaction().execute(async (trx) => {
      await holdYears(trx, [2010], 'alone');
      write = clerk.post('/commitments/batch', { orgId: branch.id, rows: [{ key: 'race-2010', subjectName: '新党员', subjectType: 'member', category: 'post', content: '封账时写入的承诺', deadline: '2010-12-31', year: 2010 }] });
      const state = settled(write);
      await new Promise((ok) => setTimeout(ok, 800));
      expect(state.done, 'the write went through while the year was being closed').toBe(false);
      await trx.insertInto('year_closures').values({ org_id: county, year: 2010, closed_at: clock.toISOString(), closed_by: adminId, members_json: '[]', users_json: '{}' }).execute();
    });
    const refusedWrite = await write;
    expect(refusedWrite.status, JSON.stringify(refusedWrite.body)).toBe(409);
    expect(refusedWrite.body.code).toBe('year.closed');

    // A write of 2009 in flight: the close waits until it has committed.
    let close!: Promise<{ status: number; body: any }>;
    await db().transaction().execute(async (trx) => {
      await assertYearOpen(trx, branch.id, 2009);
      close = admin.post('/years/2009/close', { orgId: county });
      const state = settled(close);
      await new Promise((ok) => setTimeout(ok, 800));
      expect(state.done, 'the close went through while a write of its year was in flight').toBe(false);
    });
    expect((await close).status).toBe(201);
  });
});
