// Records approved around the review rule before it held: `npm run cli -- review-holds` lists
// them and the server names how many when it starts (the real CLI and server processes, on SQLite
// and PostgreSQL); the demo county has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSqlite, testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer } from './support/server';
import { runCli, startServerProcess } from './support/serverProcess';
import { openDatabase } from '../server/db/open';
import { loadDemoCounty } from '../server/demo';
import { findReviewHolds } from '../server/commitments/holds';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';

function cli(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(['review-holds', ...args], { env: { DATABASE_URL: url } }).then(({ code, stdout, stderr }) => ({ code, out: stdout, err: stderr }));
}

describe.each(dbs)('review holds listed on $name', ({ url }) => {
  const ids = { bypassed: 0, byCommittee: 0, byBranch: 0 };

  beforeAll(async () => {
    const server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-03-20T02:00:00Z') });
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const mkOrg = async (name: string, kind: string, parentId?: number) => (await admin.post('/orgs', { name, kind, parentId })).body.id as number;
    const county = await mkOrg('青山县委', 'committee');
    const gb = await mkOrg('县农业系统党总支', 'general_branch', county);
    const a = await mkOrg('农技站党支部', 'branch', gb);
    const reviewer = async (login: string, orgId: number) => {
      const id = (await admin.post('/users', { login, password: PASSWORD, name: login, role: 'reviewer', orgId })).body.id as number;
      return { id, api: server.api(await server.login(login, PASSWORD)) };
    };
    const countyReviewer = await reviewer('county-reviewer', county);
    const gbReviewer = await reviewer('gb-reviewer', gb);
    const cadre = (await admin.post('/members', { orgId: a, name: '陈站长', role: 'leader_cadre' })).body.id;
    await admin.post('/members', { orgId: a, name: '刘技术员', role: 'ordinary' });
    const row = (key: string, subjectName: string) => ({ key, year: 2011, subjectName, subjectType: '党员', category: '岗位承诺', content: `推广测土配方施肥 ${key}`, deadline: '2011年10月底' });
    const batch = await admin.post('/commitments/batch', { orgId: a, rows: [row('c1', '陈站长'), row('c2', '陈站长'), row('m1', '刘技术员')] });
    [ids.byCommittee, ids.bypassed, ids.byBranch] = batch.body.rows.map((r: { id: number }) => r.id);
    for (const id of Object.values(ids)) expect((await admin.post(`/commitments/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    expect((await countyReviewer.api.post(`/commitments/${ids.byCommittee}/transitions`, { action: 'approve' })).status).toBe(200);
    expect((await gbReviewer.api.post(`/commitments/${ids.byBranch}/transitions`, { action: 'approve' })).status).toBe(200);
    // What a general branch's reviewer could store before the rule held: a leading cadre's item
    // approved and published by them, with no reviewer fixed at submission.
    await server.ctx.db
      .updateTable('commitments')
      .set({ status: 'published', reviewer_id: gbReviewer.id, review_by: null, review_org_id: null, member_id: cadre })
      .where('id', '=', ids.bypassed)
      .execute();
    await server.close();
  });

  it('lists the records approved around the rule, and only those', async () => {
    const json = await cli(url, '--json');
    expect(json.code, json.err).toBe(0);
    const holds = JSON.parse(json.out);
    expect(holds).toEqual([
      expect.objectContaining({ id: ids.bypassed, subjectName: '陈站长', status: 'published', reviewBy: 'committee', approvedBy: expect.objectContaining({ login: 'gb-reviewer' }) }),
    ]);
    const text = await cli(url);
    expect(text.out).toContain('1 条承诺');
    expect(text.out).toMatch(new RegExp(`#${ids.bypassed} .*陈站长.*已公示.*上级党委.*gb-reviewer`));
  });

  it('says how many at server start', async () => {
    const server = await startServerProcess({ env: { DATABASE_URL: url, HTTPS: '0', ADMIN_PASSWORD: 'server-start-password' } });
    try {
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('1 条承诺未经规定的审核人审核即已通过');
    } finally {
      await server.stop('SIGTERM');
    }
  });
});

describe('the demo county', () => {
  const db = freshSqlite();
  afterAll(() => db.drop());

  it('has no record approved around the rule', async () => {
    const opened = await openDatabase(db.url);
    try {
      await loadDemoCounty(opened.db, { password: 'demo-password-1' });
      const approved = await opened.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['approved', 'published', 'completed']).executeTakeFirstOrThrow();
      expect(Number(approved.n)).toBeGreaterThan(1000);
      expect(await findReviewHolds(opened.db)).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
