// The review desk (issue 12): the review deadline in Chinese working days, quality hints on each
// record, the 待审 queue, and approve / return / publish for many records at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { seedCounties } from './support/counties';
import { coverValue, fetchBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();

/** 10:00 in Beijing on that day. */
const beijing = (day: string) => new Date(`${day}T10:00:00+08:00`);

describe.each(dbs)('review desk on $name', ({ url }) => {
  let server: TestServer;
  let now = beijing('2011-01-28');
  let adminToken = '';
  let clerk: Api;
  let reviewer: Api;
  let viewer: Api;
  let westReviewer: Api;
  const org = { east: 0, town: 0, branch: 0, west: 0, westBranch: 0 };
  const ids: Record<string, number> = {};

  const row = (key: string, subjectName: string, category: string, content: string, deadline = '2011-12-31', over: object = {}) => ({
    key,
    year: 2011,
    subjectType: '党员',
    subjectName,
    category,
    content,
    deadline,
    ...over,
  });

  async function submit(api: Api, keys: string[], day: string) {
    now = beijing(day);
    const res = await api.post('/commitments/transitions', { ids: keys.map((k) => ids[k]), action: 'submit' });
    expect(res.body.results?.every((r: { ok: boolean }) => r.ok), JSON.stringify(res.body)).toBe(true);
  }

  const queue = async (api: Api, query = '') => (await api.get(`/commitments?reviewable=true${query}`)).body;
  const queueKeys = async (api: Api, query = '') =>
    (await queue(api, query)).items.map((c: { id: number }) => Object.keys(ids).find((k) => ids[k] === c.id));

  beforeAll(async () => {
    // Sessions must outlast the months this test's clock travels.
    server = await startTestServer({ databaseUrl: url, clock: () => now, sessionTtlHours: 24 * 366 });
    const counties = await seedCounties(server);
    Object.assign(org, counties.org);
    const mkUser = counties.user;
    adminToken = counties.adminToken;
    clerk = await mkUser('clerk-branch', 'clerk', org.branch);
    reviewer = await mkUser('reviewer-town', 'reviewer', org.town);
    viewer = await mkUser('viewer-town', 'viewer', org.town);
    westReviewer = await mkUser('reviewer-west', 'reviewer', org.west);
    const westClerk = await mkUser('clerk-west', 'clerk', org.westBranch);
    const cadre = (await clerk.post('/members', { orgId: org.branch, name: '孙院长', role: 'leader_cadre' })).body.id;

    const rows = [
      row('k1', '姚涛', '岗位承诺', '每周开展一次家访'),
      row('k2', '郑英', '岗位承诺', '加强学习，提高素质'),
      row('k3', '郑英', '实事承诺', '帮助村里办好农民夜校，全年授课4次'),
      row('k4', '姚涛', '实事承诺', '帮助村里办好农民夜校，全年授课8次'),
      row('k5', '孙院长', '岗位承诺', '严格执行首问负责制，群众投诉办结率100%', '2012年3月底', { memberId: cadre }),
      row('k6', '姚涛', '共性承诺', '带头学习党的理论，坚持每天学习1小时'),
      row('k7', '郑英', '实事承诺', '为社区孤寡老人义务体检，全年不少于4次'),
    ];
    const batch = await clerk.post('/commitments/batch', { orgId: org.branch, rows });
    for (const r of batch.body.rows) {
      expect(r.result, JSON.stringify(r)).toBe('created');
      ids[r.key] = r.id;
    }
    const west = await westClerk.post('/commitments/batch', { orgId: org.westBranch, rows: [row('w1', '李明', '实事承诺', '每月走访群众不少于两次')] });
    ids.w1 = west.body.rows[0].id;

    // k1, k2 just before Spring Festival (2011-02-02..08 off, 01-30 Sun and 02-12 Sat worked);
    // k3..k5 on the first working day after it; w1 in the other county.
    await submit(clerk, ['k1', 'k2'], '2011-01-28');
    await submit(clerk, ['k3', 'k4', 'k5'], '2011-02-09');
    await submit(westClerk, ['w1'], '2011-02-09');
    now = beijing('2011-02-14');
  });
  afterAll(() => server?.close());

  describe('review deadline, in Chinese working days', () => {
    it('is 7 working days after submission, across Spring Festival and its adjusted Saturday', async () => {
      const k1 = (await reviewer.get(`/commitments/${ids.k1}`)).body;
      expect(k1).toMatchObject({ status: 'under_review', reviewDue: '2011-02-12', reviewLate: true });
      expect(k1.submittedAt).toBe(beijing('2011-01-28').toISOString());
      const k3 = (await reviewer.get(`/commitments/${ids.k3}`)).body;
      expect(k3).toMatchObject({ reviewDue: '2011-02-17', reviewLate: false });
    });

    it('is not late on the due day itself, a working Saturday', async () => {
      now = beijing('2011-02-12');
      try {
        expect((await reviewer.get(`/commitments/${ids.k1}`)).body).toMatchObject({ reviewDue: '2011-02-12', reviewLate: false });
      } finally {
        now = beijing('2011-02-14');
      }
    });

    it('counts across National Day with its adjusted weekend (10-08, 10-09 worked)', async () => {
      now = beijing('2011-09-28');
      try {
        await submit(clerk, ['k7'], '2011-09-28');
        now = beijing('2011-10-12');
        expect((await reviewer.get(`/commitments/${ids.k7}`)).body).toMatchObject({ reviewDue: '2011-10-12', reviewLate: false });
        now = beijing('2011-10-13');
        expect((await reviewer.get(`/commitments/${ids.k7}`)).body).toMatchObject({ reviewLate: true });
        const back = await clerk.post(`/commitments/${ids.k7}/transitions`, { action: 'withdraw' });
        expect(back.body).toMatchObject({ status: 'withdrawn', reviewDue: null });
      } finally {
        now = beijing('2011-02-14');
      }
    });

    it('is only for records under review: a proposed one has none', async () => {
      expect((await clerk.get(`/commitments/${ids.k6}`)).body).toMatchObject({ status: 'proposed', reviewDue: null, reviewLate: false, submittedAt: null });
    });
  });

  describe('quality hints on each record', () => {
    const hintCodes = async (key: string) => (await reviewer.get(`/commitments/${ids[key]}`)).body.hints.map((h: { code: string }) => h.code);

    it('a concrete commitment has none', async () => {
      expect(await hintCodes('k1')).toEqual([]);
    });

    it('a vague one has no measure and no concrete action', async () => {
      expect(await hintCodes('k2')).toEqual(['hint.no_measure', 'hint.no_action']);
    });

    it('copied wording between two members of the branch, quoting the other', async () => {
      const k4 = (await reviewer.get(`/commitments/${ids.k4}`)).body;
      expect(k4.hints).toEqual([{ code: 'hint.copied', message: expect.stringContaining('“帮助村里办好农民夜校，全年授课4次”几乎相同') }]);
      expect(await hintCodes('k3')).toEqual(['hint.copied']);
    });

    it('a deadline beyond the ledger year, in the language asked for', async () => {
      const k5 = (await reviewer.get(`/commitments/${ids.k5}`, { 'accept-language': 'en' })).body;
      expect(k5.hints).toEqual([{ code: 'hint.deadline_beyond_year', message: 'The deadline 2012-03-31 lies beyond the commitment year 2011' }]);
    });

    it('lists carry them too', async () => {
      const list = (await clerk.get(`/commitments?org=${org.branch}&category=deed`)).body.items;
      expect(list.find((c: { id: number }) => c.id === ids.k3).hints.map((h: { code: string }) => h.code)).toEqual(['hint.copied']);
    });
  });

  describe('the 待审 queue', () => {
    it('holds what the reviewer may decide now, oldest submission first, with organisation names', async () => {
      const q = await queue(reviewer);
      expect(q.total).toBe(5);
      expect(await queueKeys(reviewer)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
      expect(q.items[0]).toMatchObject({ orgName: '城关镇卫生院党支部', subjectName: '姚涛', reviewDue: '2011-02-12', reviewLate: true });
    });

    it('filters by lateness, hint, category and organisation, and pages', async () => {
      expect(await queueKeys(reviewer, '&late=true')).toEqual(['k1', 'k2']);
      expect(await queueKeys(reviewer, '&late=false')).toEqual(['k3', 'k4', 'k5']);
      expect(await queueKeys(reviewer, '&hint=copied')).toEqual(['k3', 'k4']);
      expect(await queueKeys(reviewer, '&hint=hint.no_action,deadline_beyond_year')).toEqual(['k2', 'k5']);
      expect(await queueKeys(reviewer, '&category=deed')).toEqual(['k3', 'k4']);
      expect(await queueKeys(reviewer, `&org=${org.branch}&limit=2&offset=1`)).toEqual(['k2', 'k3']);
      expect((await reviewer.get('/commitments?reviewable=true&hint=vague')).status).toBe(400);
    });

    it('is empty for those who cannot decide: a clerk, a viewer, the other county', async () => {
      expect((await queue(clerk)).total).toBe(0);
      expect((await queue(viewer)).total).toBe(0);
      expect(await queueKeys(westReviewer)).toEqual(['w1']);
    });
  });

  describe('approve, return and publish many at once', () => {
    it('approves the allowed ones and answers each refused one as the single route would', async () => {
      const single = await reviewer.post(`/commitments/${ids.k6}/transitions`, { action: 'approve' });
      const res = await reviewer.post('/commitments/transitions', {
        ids: [ids.k1, ids.k6, ids.k3, ids.w1, 999_999],
        action: 'approve',
        note: '同意',
      });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: ids.k1, ok: true, status: 'approved', version: 3 },
        { id: ids.k6, ok: false, code: single.body.code, message: single.body.detail },
        { id: ids.k3, ok: true, status: 'approved', version: 3 },
        { id: ids.w1, ok: false, code: 'not_found', message: '未找到承诺事项' },
        { id: 999_999, ok: false, code: 'not_found', message: '未找到承诺事项' },
      ]);
      expect(single.body.code).toBe('transition.not_allowed_from_status');
      expect((await reviewer.get(`/commitments/${ids.k1}`)).body).toMatchObject({ status: 'approved', reviewNote: '同意', reviewLate: true });
      expect((await reviewer.get(`/commitments/${ids.k6}`)).body.status).toBe('proposed');
      expect((await westReviewer.get(`/commitments/${ids.w1}`)).body.status).toBe('under_review');
      const audits = await server.ctx.db.selectFrom('audit').select('entity_id').where('action', '=', 'transition:approve').execute();
      expect(audits.map((a) => a.entity_id).sort()).toEqual([ids.k1, ids.k3].sort());
    });

    it('sending the same request again changes nothing', async () => {
      const again = await reviewer.post('/commitments/transitions', { ids: [ids.k1, ids.k1], action: 'approve', note: '同意' });
      expect(again.body.results).toEqual([{ id: ids.k1, ok: false, code: 'transition.not_allowed_from_status', message: expect.any(String) }]);
      expect((await reviewer.get(`/commitments/${ids.k1}`)).body.version).toBe(3);
    });

    it('returns with the comment, which the clerk reads as the review note', async () => {
      const note = '没有可衡量的数量或频次，请修改为具体可考核的承诺';
      const res = await reviewer.post('/commitments/transitions', { ids: [ids.k2], action: 'return', note });
      expect(res.body.results).toEqual([{ id: ids.k2, ok: true, status: 'returned', version: 3 }]);
      expect((await clerk.get(`/commitments/${ids.k2}`)).body).toMatchObject({ status: 'returned', reviewNote: note });
      expect(await queueKeys(reviewer)).toEqual(['k4', 'k5']);
    });

    it('publishes approved items in bulk; one still under review is refused', async () => {
      const res = await reviewer.post('/commitments/transitions', { ids: [ids.k1, ids.k3, ids.k4], action: 'publish' }, { 'accept-language': 'en' });
      expect(res.body.results.map((r: { ok: boolean; status?: string; code?: string }) => [r.ok, r.status ?? r.code])).toEqual([
        [true, 'published'],
        [true, 'published'],
        [false, 'transition.not_allowed_from_status'],
      ]);
      expect(res.body.results[2].message).toMatch(/^Cannot publish/);
    });

    it('a viewer only reads: every item refused, nothing changed', async () => {
      const res = await viewer.post('/commitments/transitions', { ids: [ids.k4, ids.k5], action: 'approve' });
      expect(res.body.results.map((r: { code: string }) => r.code)).toEqual(['transition.role_forbidden', 'transition.role_forbidden']);
      expect(await queueKeys(reviewer)).toEqual(['k4', 'k5']);
    });

    it('refuses a request with no ids or too many, naming the field', async () => {
      const none = await reviewer.post('/commitments/transitions', { ids: [], action: 'approve' });
      expect(none.status).toBe(400);
      expect(none.body.errors[0].field).toBe('ids');
      expect((await reviewer.post('/commitments/transitions', { ids: Array.from({ length: 501 }, (_, i) => i + 1), action: 'approve' })).status).toBe(400);
    });
  });

  describe('late reviews in the monthly report', () => {
    it('lists what was decided late this month and what is still pending past due, with the count on the cover', async () => {
      now = beijing('2011-02-21');
      try {
        const wb = await fetchBook(server.baseUrl, adminToken, `/reports/monthly?org=${org.town}&period=2011-02`);
        expect(coverValue(wb, '审核超期')).toBe('4 件（2 件尚未审核）');
        const late = records(table(wb, '审核超期'));
        expect(late.map((r) => [r['承诺内容'], r['提交日期'], r['应审结日期'], r['审核日期'], r['超期工作日']])).toEqual([
          ['每周开展一次家访', '2011-01-28', '2011-02-12', '2011-02-14', 1],
          ['加强学习，提高素质', '2011-01-28', '2011-02-12', '2011-02-14', 1],
          ['帮助村里办好农民夜校，全年授课8次', '2011-02-09', '2011-02-17', '尚未审核', 2],
          ['严格执行首问负责制，群众投诉办结率100%', '2011-02-09', '2011-02-17', '尚未审核', 2],
        ]);
        // January's report, made the same day, sees them on its own last day: nothing was late yet.
        const january = await fetchBook(server.baseUrl, adminToken, `/reports/monthly?org=${org.town}&period=2011-01`);
        expect(coverValue(january, '审核超期')).toBe('0 件（0 件尚未审核）');
      } finally {
        now = beijing('2011-02-14');
      }
    });
  });
});
