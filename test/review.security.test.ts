// Holes a security review found in the routes' scope and role checks, each pinned by a test:
// nobody reviews their own organisation's commitments, nor a general branch a leading cadre's, by
// first moving, unlinking or re-importing the record or demoting the member; out-of-range ids are 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { upload } from './fixtures/upload';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';

function ledgerRow(key: string, over: Record<string, unknown> = {}) {
  return { key, year: 2011, subjectName: '王五', subjectType: '党员', category: '实事承诺', content: `为群众办实事 ${key}`, deadline: '2011年9月底', ...over };
}

describe.each(dbs)('security review on $name', ({ url }) => {
  let server: TestServer;
  let clerkGb: Api;
  let reviewerGb: Api;
  const tokens: Record<string, string> = {};
  let clerkA: Api;
  const org = { county: 0, gb: 0, a: 0 };
  let cadre = 0;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-07-15T04:00:00Z') });
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const mkOrg = async (name: string, kind: string, parentId?: number) => (await admin.post('/orgs', { name, kind, parentId })).body.id as number;
    org.county = await mkOrg('某县委', 'committee');
    org.gb = await mkOrg('卫生党总支', 'general_branch', org.county);
    org.a = await mkOrg('县医院党支部', 'branch', org.gb);
    const mkUser = async (login: string, role: string, orgId: number) => {
      expect((await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
      tokens[login] = await server.login(login, PASSWORD);
      return server.api(tokens[login]);
    };
    clerkGb = await mkUser('clerk-gb', 'clerk', org.gb);
    reviewerGb = await mkUser('reviewer-gb', 'reviewer', org.gb);
    clerkA = await mkUser('clerk-a', 'clerk', org.a);
    cadre = (await clerkA.post('/members', { orgId: org.a, name: '孙院长', role: 'leader_cadre' })).body.id;
  });
  afterAll(() => server?.close());

  /** A commitment of the general branch itself (the level above reviews it), submitted by its clerk. */
  const gbsOwn = { subjectName: '卫生党总支', subjectType: '党组织' };
  async function submittedAtGb(key: string): Promise<number> {
    const id = (await clerkGb.post('/commitments/batch', { orgId: org.gb, rows: [ledgerRow(key, gbsOwn)] })).body.rows[0].id as number;
    expect((await clerkGb.post(`/commitments/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    return id;
  }

  it('a reviewer cannot move their own organisation\'s commitment under review into a branch below (PATCH) to approve it', async () => {
    const id = await submittedAtGb('move-patch');
    expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);

    const moved = await reviewerGb.patch(`/commitments/${id}`, { orgId: org.a }, { 'if-match': '"2"' });
    expect(moved.status).toBe(409);
    expect(moved.body.code ?? moved.body.type).toMatch(/in_review/);
    expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);
    const stored = (await reviewerGb.get(`/commitments/${id}`)).body;
    expect(stored).toMatchObject({ orgId: org.gb, status: 'under_review' });
  });

  it('a reviewer cannot move and approve their own organisation\'s commitment in one batch row', async () => {
    const id = await submittedAtGb('move-batch');
    const res = await reviewerGb.post('/commitments/batch', { rows: [ledgerRow('move-batch', { ...gbsOwn, orgName: '县医院党支部', status: '已审核' })] });
    expect(res.status).toBe(200);
    expect(res.body.rows[0].result).toBe('rejected');
    expect(res.body.rows[0].errors.map((e: { code: string }) => e.code)).toContain('org.in_review');
    const stored = (await reviewerGb.get(`/commitments/${id}`)).body;
    expect(stored).toMatchObject({ orgId: org.gb, status: 'under_review' });
  });

  it('a clerk may still move a commitment that is not in review', async () => {
    const id = (await clerkGb.post('/commitments/batch', { orgId: org.gb, rows: [ledgerRow('move-proposed')] })).body.rows[0].id as number;
    const moved = await clerkGb.patch(`/commitments/${id}`, { orgId: org.a }, { 'if-match': '"1"' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ orgId: org.a, status: 'proposed' });
  });

  it('a reviewer cannot approve their own organisation\'s commitment by importing its ledger again with 已审核', async () => {
    const ledger = (status: string) => Buffer.from(`所在党组织,承诺主体,承诺类别,承诺内容,完成时限,状态\n卫生党总支,赵六,实事承诺,义诊进社区,2011年10月底,${status}\n`);
    const importAs = async (login: string, status: string) => {
      const preview = await upload(server, tokens[login], ledger(status), 'ledger.csv', { org: org.gb, year: 2011 });
      expect(preview.status).toBe(201);
      return server.api(tokens[login]).post(`/imports/${preview.body.id}/commit`, {});
    };
    expect((await importAs('clerk-gb', '待审核')).status).toBe(200);
    const [record] = (await clerkGb.get(`/commitments?org=${org.gb}&year=2011&status=under_review`)).body.items.filter((c: { content: string }) => c.content === '义诊进社区');
    expect(record).toBeDefined();

    const again = await importAs('reviewer-gb', '已审核');
    expect(again.status).toBe(200);
    expect((await reviewerGb.get(`/commitments/${record.id}`)).body.status).toBe('under_review');
  });

  /** A leading cadre's commitment in branch A, submitted: for the committee's reviewer, not the general branch's. */
  async function cadresSubmitted(key: string): Promise<number> {
    const row = ledgerRow(key, { subjectName: '孙院长', memberId: cadre });
    const id = (await clerkA.post('/commitments/batch', { orgId: org.a, rows: [row] })).body.rows[0].id as number;
    expect((await clerkA.post(`/commitments/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).body.code).toBe('transition.needs_committee_reviewer');
    return id;
  }

  it('a general branch reviewer cannot unlink a leading cadre\'s commitment under review from the member to approve it', async () => {
    for (const [i, patch] of [{ memberId: null }, { subjectType: '党组织' }].entries()) {
      const id = await cadresSubmitted(`cadre-unlink-${i}`);
      // Unlinking changes what was reviewed: the record goes back to proposed, to be submitted again.
      const res = await reviewerGb.patch(`/commitments/${id}`, patch, { 'if-match': '"2"' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('proposed');
      expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);
      // Submitted again, an unlinked item named as the leading cadre is still the committee's.
      expect((await clerkA.post(`/commitments/${id}/transitions`, { action: 'submit' })).status).toBe(200);
      expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);
      expect((await reviewerGb.get(`/commitments/${id}`)).body.status).toBe('under_review');
    }
  });

  it('nor through a batch row that makes it an organisation\'s commitment', async () => {
    const id = await cadresSubmitted('cadre-batch');
    const res = await reviewerGb.post('/commitments/batch', { rows: [ledgerRow('cadre-batch', { subjectName: '孙院长', subjectType: '党组织', status: '已审核' })] });
    expect(res.body.rows[0]).toMatchObject({ result: 'updated' });
    expect(res.body.rows[0].warnings.map((w: { code: string }) => w.code)).toContain('review.sent_back');
    expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);
    expect((await reviewerGb.get(`/commitments/${id}`)).body).toMatchObject({ status: 'proposed', subjectType: 'organization' });
  });

  it('nor by making the leading cadre an ordinary member while the commitment is in review', async () => {
    const id = await cadresSubmitted('cadre-demote');
    const res = await reviewerGb.patch(`/members/${cadre}`, { role: 'ordinary' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('member.in_review');
    expect((await reviewerGb.post(`/commitments/${id}/transitions`, { action: 'approve' })).status).toBe(403);
    expect((await reviewerGb.get(`/members/${cadre}`)).body.role).toBe('leader_cadre');
  });

  it('answers an organisation id beyond the integer column as not found, not a server error', async () => {
    const report = await reviewerGb.get('/reports/monthly?org=9999999999&period=2011-06');
    expect(report.status).toBe(404);
    const preview = await upload(server, tokens['clerk-gb'], Buffer.from('姓名,承诺内容\n甲,乙\n'), 'a.csv', { org: '99999999999999', year: 2011 });
    expect(preview.status).toBe(404);
  });
});
