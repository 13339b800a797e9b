// 践诺计划 (phased plans) through every write path — batch, PATCH, a progress entry marking a
// phase done, an imported ledger with a 阶段计划 column, the demo — and the monthly report's sheet
// 本月到期的阶段和逾期阶段 checked against SQL over the same data, on SQLite and PostgreSQL.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { readBook, records, table } from './reportsWorkbook';
import { PHASE_SHEET } from '../server/reports/phases';

const dbs = await testDatabases();
const demoDbs = await testDatabases();
const SITE = '6月底前完成选址；9月底前完工；年底前投入使用';

describe.each(dbs)('phased plans on $name', ({ url }) => {
  let server: TestServer;
  let api: Api;
  let org: number;
  // Beijing 23:59:59 on 30 June 2011: the first phase's own day, still in time.
  let now = new Date('2011-06-30T15:59:59Z');
  const signIn = async () => {
    api = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now });
    await signIn();
    const county = (await api.post('/orgs', { name: '青石县委', kind: 'committee' })).body.id;
    org = (await api.post('/orgs', { name: '石桥村党支部', kind: 'branch', parentId: county })).body.id;
  });
  afterAll(async () => server?.close());

  const row = (key: string, extra: Record<string, unknown> = {}) => ({
    key, orgId: org, year: 2011, subjectName: '石桥村党支部', subjectType: '党组织', category: '实事承诺',
    content: '新建村级文化活动室', deadline: '年底前', ...extra,
  });
  const batch = async (rows: unknown[]) => {
    const res = await api.post('/commitments/batch', { rows });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.rows as Array<{ id: number; result: string; errors: Array<{ field: string; code: string; message: string }> }>;
  };
  const planOf = async (id: number) => (await api.get(`/commitments/${id}`)).body.plan;

  it('a batch row plans three phases from the ledger text; each phase is overdue from the day after its own, in Beijing', async () => {
    const [r] = await batch([row('site', { plan: SITE })]);
    expect(r.result).toBe('created');
    expect(await planOf(r.id)).toEqual([
      { by: '2011-06-30', target: '完成选址', doneOn: null, overdue: false },
      { by: '2011-09-30', target: '完工', doneOn: null, overdue: false },
      { by: '2011-12-31', target: '投入使用', doneOn: null, overdue: false },
    ]);
    now = new Date('2011-06-30T16:00:00Z'); // 00:00 on 1 July in Beijing
    expect((await planOf(r.id)).map((p: { overdue: boolean }) => p.overdue)).toEqual([true, false, false]);
    // The same ledger sent again changes nothing.
    expect((await batch([row('site', { plan: SITE })]))[0].result).toBe('unchanged');
    now = new Date('2011-06-30T15:59:59Z');
  });

  it('refuses an unreadable plan naming the field, and stores nothing of the batch', async () => {
    const before = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM commitments`.execute(server.ctx.db)).rows[0].n);
    const rows = await batch([
      row('ok-row', { plan: '6月底前完成选址' }),
      row('bad-order', { plan: '9月底前完工；6月底前完成选址' }),
      row('bad-late', { deadline: '9月底', plan: '6月底前完成选址；年底前投入使用' }),
      row('bad-date', { plan: '完成选址；9月底前完工' }),
    ]);
    expect(rows.map((r) => r.result)).toEqual(['created', 'rejected', 'rejected', 'rejected']);
    expect(rows.slice(1).map((r) => [r.errors[0].field, r.errors[0].code])).toEqual([
      ['plan', 'plan.order'], ['plan', 'plan.after_deadline'], ['plan', 'plan.unreadable'],
    ]);
    expect(rows[3].errors[0].message).toContain('阶段计划第1段“完成选址”');
    const after = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM commitments`.execute(server.ctx.db)).rows[0].n);
    expect(after).toBe(before + 1);
  });

  it('a row without a plan keeps the stored one; an empty cell clears it', async () => {
    const [r] = await batch([row('keep', { plan: SITE })]);
    expect((await batch([row('keep', { measures: '村两委分工负责' })]))[0].result).toBe('updated');
    expect(await planOf(r.id)).toHaveLength(3);
    // …but is checked against the row's new deadline.
    const [late] = await batch([row('keep', { deadline: '9月底' })]);
    expect(late.errors[0]).toMatchObject({ field: 'plan', code: 'plan.after_deadline' });
    expect((await batch([row('keep', { plan: '' })]))[0].result).toBe('updated');
    expect(await planOf(r.id)).toEqual([]);
  });

  it('PATCH sets a plan as text or as phases; changing a reviewed plan sends the item back', async () => {
    const [r] = await batch([row('patch', { status: '已公示' })]);
    let c = (await api.get(`/commitments/${r.id}`)).body;
    expect(c.status).toBe('published');
    let res = await api.patch(`/commitments/${r.id}`, { plan: '6月30日前完成选址；年底前投入使用' }, { 'if-match': `"${c.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.plan.map((p: { by: string }) => p.by)).toEqual(['2011-06-30', '2011-12-31']);
    // A plan is part of what was promised: the published item goes back to 已提出.
    expect(res.body.status).toBe('proposed');
    const sentBack = await server.ctx.db.selectFrom('audit').select('after_json').where('entity', '=', 'commitment').where('entity_id', '=', r.id).where('action', '=', 'review:sent-back').execute();
    expect(sentBack).toHaveLength(1);
    expect(sentBack[0].after_json).toContain('plan');
    c = res.body;
    res = await api.patch(`/commitments/${r.id}`, { plan: [{ by: '2011-06-30', target: '完成选址', doneOn: '2011-06-25' }, { by: '2011-12-31', target: '投入使用' }] }, { 'if-match': `"${c.version}"` });
    expect(res.status).toBe(200);
    expect(res.body.plan[0]).toEqual({ by: '2011-06-30', target: '完成选址', doneOn: '2011-06-25', overdue: false });
    res = await api.patch(`/commitments/${r.id}`, { plan: '12月底前投入使用；6月底前完成选址' }, { 'if-match': `"${res.body.version}"` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'plan', code: 'plan.order' });
    res = await api.patch(`/commitments/${r.id}`, { deadline: '10月底' }, { 'if-match': `"${c.version + 1}"` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'plan', code: 'plan.after_deadline' });
  });

  it('a progress entry marks a phase done on its day, by number or by date; an unknown phase writes nothing', async () => {
    now = new Date('2011-07-02T02:00:00Z');
    await signIn();
    const [r] = await batch([row('progress', { plan: SITE })]);
    expect((await planOf(r.id))[0].overdue).toBe(true);
    let res = await api.post(`/commitments/${r.id}/progress`, { month: '2011-07', note: '选址已确定在村委会东侧', phase: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    let plan = await planOf(r.id);
    expect(plan[0]).toEqual({ by: '2011-06-30', target: '完成选址', doneOn: '2011-07-02', overdue: false });
    res = await api.post(`/commitments/${r.id}/progress`, { month: '2011-07', note: '提前完工', phase: '2011-09-30' });
    expect(res.status).toBe(201);
    plan = await planOf(r.id);
    expect(plan.map((p: { doneOn: string | null }) => p.doneOn)).toEqual(['2011-07-02', '2011-07-02', null]);
    const entries = async () => (await api.get(`/commitments/${r.id}/progress`)).body.items.length;
    const count = await entries();
    res = await api.post(`/commitments/${r.id}/progress`, { month: '2011-07', note: '第四阶段', phase: 4 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('phase.unknown');
    expect(await entries()).toBe(count);
    // The ledger sent again (its 进展情况 refreshed) keeps the days phases were done.
    expect((await batch([row('progress', { plan: SITE, progress: '提前完工' })]))[0].result).toBe('unchanged');
    expect((await planOf(r.id))[1].doneOn).toBe('2011-07-02');
    now = new Date('2011-06-30T15:59:59Z');
    await signIn();
  });

  it('an imported ledger with a 阶段计划 column plans its rows; a bad cell is rejected with its column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2011年台账');
    ws.addRow(['序号', '承诺主体', '承诺类别', '承诺内容', '完成时限', '阶段计划']);
    ws.addRow([1, '石桥村党支部', '实事承诺', '硬化村组道路3公里', '2011年11月底', '1.5月底前完成测量设计\n2.8月底前完成路基\n3.11月底前完成硬化']);
    ws.addRow([2, '石桥村党支部', '实事承诺', '修缮村级卫生室', '年底前', '6月底前完成选址；2012年3月底前投入使用']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const form = new FormData();
    form.set('file', new Blob([file]), 'ledger.xlsx');
    form.set('org', String(org));
    form.set('year', '2011');
    const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const res = await fetch(`${server.baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const preview = await res.json();
    expect(res.status, JSON.stringify(preview)).toBe(201);
    expect(preview.rejected).toEqual([expect.objectContaining({ row: 3, column: 'F', field: 'plan', code: 'plan.after_deadline' })]);
    const commit = await api.post(`/imports/${preview.id}/commit`, {});
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    const road = (await api.get(`/commitments?org=${org}&limit=500`)).body.items.find((c: { content: string }) => c.content === '硬化村组道路3公里');
    expect(road.plan.map((p: { by: string; target: string }) => [p.by, p.target])).toEqual([
      ['2011-05-31', '完成测量设计'], ['2011-08-31', '完成路基'], ['2011-11-30', '完成硬化'],
    ]);
  });
});

describe.each(demoDbs)('the monthly report lists phases due and overdue on $name (demo county)', ({ url }) => {
  let server: TestServer;
  let token: string;
  let county: number;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2012-01-10T02:00:00Z') });
    county = (await loadDemoCounty(server.ctx.db, { password: 'demo-test-password' })).countyId;
    token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  }, 240_000);
  afterAll(async () => server?.close());

  /** The sheet's rows, computed in SQL alone (each dialect's JSON table function). */
  const expected = async (start: string, end: string, asOf: string) => {
    // The end of the report's day in Beijing, as the stored UTC timestamps compare.
    const dayEnd = new Date(Date.parse(`${asOf}T23:59:59.999+08:00`)).toISOString();
    const phases = server.ctx.dialect === 'postgres'
      ? sql`SELECT c.id, c.org_id, c.subject_name, c.content, c.status, c.completed_at, p.ord - 1 AS idx, p.value->>'by' AS by_day, p.value->>'target' AS target, p.value->>'doneOn' AS done_on
              FROM commitments c CROSS JOIN LATERAL jsonb_array_elements(c.plan::jsonb) WITH ORDINALITY AS p(value, ord)
              WHERE c.plan IS NOT NULL AND c.year = 2011 AND c.status <> 'withdrawn'`
      : sql`SELECT c.id, c.org_id, c.subject_name, c.content, c.status, c.completed_at, CAST(p.key AS INTEGER) AS idx, json_extract(p.value, '$.by') AS by_day, json_extract(p.value, '$.target') AS target, json_extract(p.value, '$.doneOn') AS done_on
              FROM commitments c, json_each(c.plan) p
              WHERE c.plan IS NOT NULL AND c.year = 2011 AND c.status <> 'withdrawn'`;
    const { rows } = await sql<{ id: number; org_id: number; subject_name: string; content: string; idx: number; by_day: string; target: string; done_on: string | null; late: number }>`
      SELECT ph.*, CASE WHEN ph.by_day < ${asOf} AND (ph.done_on IS NULL OR ph.done_on > ${asOf})
                         AND ph.status <> 'unfulfilled' AND NOT (ph.status = 'completed' AND ph.completed_at <= ${dayEnd}) THEN 1 ELSE 0 END AS late
      FROM (${phases}) ph
      WHERE ph.by_day BETWEEN ${start} AND ${end}
         OR (ph.by_day < ${asOf} AND (ph.done_on IS NULL OR ph.done_on > ${asOf})
             AND ph.status <> 'unfulfilled' AND NOT (ph.status = 'completed' AND ph.completed_at <= ${dayEnd}))
      ORDER BY ph.id, idx`.execute(server.ctx.db);
    const names = new Map((await server.ctx.db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
    const dayMs = 86_400_000;
    return rows.map((r) => ({
      org: names.get(Number(r.org_id)),
      subject: r.subject_name,
      content: r.content,
      phase: Number(r.idx) + 1,
      target: r.target,
      by: r.by_day,
      done: r.done_on !== null && r.done_on <= asOf ? r.done_on : '未完成',
      days: Number(r.late) ? Math.round((Date.parse(asOf) - Date.parse(r.by_day)) / dayMs) : 0,
    }));
  };

  it.each([['2011-09', '2011-09-01', '2011-09-30'], ['2011-12', '2011-12-01', '2011-12-31'], ['2011-06', '2011-06-01', '2011-06-30']])(
    'report %s: the sheet equals SQL, organisation by organisation',
    async (period, start, end) => {
      const res = await fetch(`${server.baseUrl}/api/v1/reports/monthly?org=${county}&period=${period}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const wb = await readBook(Buffer.from(await res.arrayBuffer()));
      const got = records(table(wb, PHASE_SHEET)).map((r) => ({
        org: r['所在党组织'], subject: r['承诺主体'], content: r['承诺内容'], phase: r['阶段'], target: r['阶段目标'], by: r['阶段时限'], done: r['完成日期'], days: r['逾期天数'],
      }));
      const want = await expected(start, end, end);
      // The sheet runs organisation by organisation as the tree does; compare as sets per organisation, then the order of organisations.
      const key = (x: { org: unknown; content: unknown; phase: unknown }) => `${x.org}|${x.content}|${x.phase}`;
      expect(got.map(key).sort()).toEqual(want.map(key).sort());
      expect(new Map(got.map((g) => [key(g), g]))).toEqual(new Map(want.map((w) => [key(w), w])));
      expect(want.length).toBeGreaterThan(0);
      const orgs = got.map((g) => g.org);
      expect(orgs.filter((o, i) => i === 0 || orgs[i - 1] !== o).length).toBe(new Set(orgs).size);
      if (period === '2011-12') expect(want.some((w) => w.days > 0)).toBe(true);
    },
  );
});
