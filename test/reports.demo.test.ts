// Every report kind of the demo county, downloaded over real HTTP (and once through the CLI), read
// back and checked figure by figure against SQL counts over the same scope, written here
// independently of the report code. Also: scope (a clerk sees only their branch), errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { allCells, noticeItems, readBook, records, table } from './reportsWorkbook';
import { runCli } from './support/serverProcess';

const dbs = await testDatabases();
const PASSWORD = 'demo-test-password';

interface Counts { key: number; made: number; due: number; due_completed: number; overdue: number }

describe.each(dbs)('demo county reports on $name', ({ url }) => {
  let server: TestServer;
  let admin: string;
  let county: number;

  const download = async (path: string, token = admin) => {
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };
  const report = async (kind: string, period: string, org = county) => {
    const { res, body } = await download(`/reports/${kind}?org=${org}&period=${period}`);
    expect(res.status, body.toString().slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    return readBook(body);
  };

  /** The figures of DESIGN's rules, counted in SQL per organisation or member for a period. */
  const counts = async (by: 'org_id' | 'member_id', start: string, end: string, asOf: string): Promise<Map<number, Counts>> => {
    const { rows } = await sql<Counts>`
      SELECT ${sql.ref(by)} AS key,
        SUM(CASE WHEN status <> 'withdrawn' THEN 1 ELSE 0 END) AS made,
        SUM(CASE WHEN status <> 'withdrawn' AND deadline <> 'ongoing' AND deadline BETWEEN ${start} AND ${end} THEN 1 ELSE 0 END) AS due,
        SUM(CASE WHEN status = 'completed' AND SUBSTR(completed_at, 1, 10) <= ${asOf} AND deadline <> 'ongoing' AND deadline BETWEEN ${start} AND ${end} THEN 1 ELSE 0 END) AS due_completed,
        SUM(CASE WHEN deadline <> 'ongoing' AND deadline < ${asOf} AND status NOT IN ('unfulfilled', 'withdrawn')
                  AND NOT (status = 'completed' AND SUBSTR(completed_at, 1, 10) <= ${asOf}) THEN 1 ELSE 0 END) AS overdue
      FROM commitments WHERE year = 2011 AND ${sql.ref(by)} IS NOT NULL GROUP BY ${sql.ref(by)}`.execute(server.ctx.db);
    return new Map(rows.map((r) => [Number(r.key), { key: Number(r.key), made: Number(r.made), due: Number(r.due), due_completed: Number(r.due_completed), overdue: Number(r.overdue) }]));
  };
  const orgIds = async () => new Map((await server.ctx.db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.name, o.id]));
  const one = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(server.ctx.db)).rows[0].n);

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    county = (await loadDemoCounty(server.ctx.db, { password: PASSWORD })).countyId;
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  });
  afterAll(async () => server?.close());

  it('half-year: each organisation’s figures equal SQL counts', async () => {
    const wb = await report('half-year', '2011-H1');
    const want = await counts('org_id', '2011-01-01', '2011-06-30', '2011-06-30');
    const ids = await orgIds();
    const rows = records(table(wb, '半年通报'));
    expect(rows).toHaveLength(36);
    for (const r of rows) {
      const c = want.get(ids.get(r['党组织'] as string)!)!;
      expect([r['承诺件数'], r['期内到期'], r['到期已完成'], r['逾期件数']], r['党组织'] as string).toEqual([c.made, c.due, c.due_completed, c.overdue]);
      if (c.due) expect(r['兑现率']).toBeCloseTo(c.due_completed / c.due);
      else expect(r['兑现率']).toBe('—');
    }
    const { rows: [survey] } = await sql<{ s: number; b: number; u: number }>`
      SELECT SUM(satisfied) AS s, SUM(basically_satisfied) AS b, SUM(unsatisfied) AS u FROM evaluations
      WHERE kind = 'survey' AND period = '2011-H1' AND target_type = 'organization'`.execute(server.ctx.db);
    const totals = table(wb, '半年通报');
    const t = Object.fromEntries(totals.header.map((h, i) => [h, totals.totals![i]]));
    expect([t['满意'], t['基本满意'], t['不满意']]).toEqual([Number(survey.s), Number(survey.b), Number(survey.u)]);
    expect(t['满意率']).toBeCloseTo((Number(survey.s) + Number(survey.b)) / (Number(survey.s) + Number(survey.b) + Number(survey.u)));
  });

  it('annual: organisations and members equal SQL counts; totals are formulas', async () => {
    const wb = await report('annual', '2011');
    const ids = await orgIds();
    const byOrg = await counts('org_id', '2011-01-01', '2011-12-31', '2011-12-31');
    const orgs = table(wb, '组织汇总');
    for (const r of records(orgs)) {
      const c = byOrg.get(ids.get(r['党组织'] as string)!)!;
      expect([r['承诺件数'], r['到期件数'], r['到期已兑现'], r['逾期未完成']], r['党组织'] as string).toEqual([c.made, c.due, c.due_completed, c.overdue]);
    }
    const all = await one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM commitments WHERE status <> 'withdrawn'`);
    expect(orgs.totals![orgs.header.indexOf('承诺件数')]).toBe(all);
    const ws = wb.getWorksheet('组织汇总')!;
    expect((ws.getRow(orgs.totalsRow!).getCell(3).value as { formula: string }).formula).toBe(`SUM(C4:C${orgs.totalsRow! - 1})`);

    const byMember = await counts('member_id', '2011-01-01', '2011-12-31', '2011-12-31');
    const people = records(table(wb, '党员汇总'));
    expect(people).toHaveLength(byMember.size);
    const unfulfilled = await one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM commitments WHERE status = 'unfulfilled' AND member_id IS NOT NULL`);
    expect(people.reduce((s, p) => s + (p['未兑现'] as number), 0)).toBe(unfulfilled);
    const sums = { made: 0, due: 0, done: 0, overdue: 0 };
    for (const p of people) {
      sums.made += p['承诺件数'] as number;
      sums.due += p['到期件数'] as number;
      sums.done += p['到期已兑现'] as number;
      sums.overdue += p['逾期未完成'] as number;
    }
    const m = [...byMember.values()].reduce((s, c) => ({ made: s.made + c.made, due: s.due + c.due, done: s.done + c.due_completed, overdue: s.overdue + c.overdue }), { made: 0, due: 0, done: 0, overdue: 0 });
    expect(sums).toEqual(m);
    const rectifications = await one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM rectifications WHERE created_at LIKE '2011-%'`);
    expect(table(wb, '整改清单').rows).toHaveLength(rectifications);
    const trend = table(wb, '月度趋势');
    const dueInYear = [...byOrg.values()].reduce((s, c) => s + c.due, 0);
    expect(trend.totals![1]).toBe(dueInYear);
  });

  it('monthly: every list has the rows SQL finds', async () => {
    const wb = await report('monthly', '2011-06');
    const n = (q: ReturnType<typeof sql<{ n: number }>>) => one(q);
    expect(table(wb, '本月到期').rows).toHaveLength(await n(sql`SELECT COUNT(*) AS n FROM commitments WHERE status <> 'withdrawn' AND deadline BETWEEN '2011-06-01' AND '2011-06-30'`));
    expect(table(wb, '本月销号').rows).toHaveLength(await n(sql`SELECT COUNT(*) AS n FROM commitments WHERE status = 'completed' AND SUBSTR(completed_at, 1, 10) BETWEEN '2011-06-01' AND '2011-06-30'`));
    const open = await n(sql`SELECT COUNT(*) AS n FROM commitments WHERE status IN ('approved', 'published', 'in_progress')
      OR (status = 'completed' AND SUBSTR(completed_at, 1, 10) > '2011-06-30')`);
    const openRows = records(table(wb, '在办事项'));
    expect(openRows).toHaveLength(open);
    const progress = await n(sql`SELECT COUNT(*) AS n FROM progress_entries WHERE month = '2011-06' AND commitment_id IN (
      SELECT id FROM commitments WHERE status IN ('approved', 'published', 'in_progress') OR (status = 'completed' AND SUBSTR(completed_at, 1, 10) > '2011-06-30'))`);
    expect(openRows.filter((r) => r['本月进展'] !== '')).toHaveLength(progress);
    const overdue = [...(await counts('org_id', '2011-06-01', '2011-06-30', '2011-06-30')).values()].reduce((s, c) => s + c.overdue, 0);
    expect(table(wb, '逾期事项').rows).toHaveLength(overdue);
    const breakdown = table(wb, '分类统计');
    expect(breakdown.totals![breakdown.header.indexOf('合计')]).toBe(await n(sql`SELECT COUNT(*) AS n FROM commitments`));
    expect(breakdown.totals![breakdown.header.indexOf('已撤销')]).toBe(await n(sql`SELECT COUNT(*) AS n FROM commitments WHERE status = 'withdrawn'`));
    const silent = await n(sql`SELECT COUNT(DISTINCT c.member_id) AS n FROM commitments c
      WHERE (c.status IN ('approved', 'published', 'in_progress') OR (c.status = 'completed' AND SUBSTR(c.completed_at, 1, 10) > '2011-06-30'))
        AND c.member_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM progress_entries p JOIN commitments o ON o.id = p.commitment_id WHERE p.month = '2011-06' AND o.member_id = c.member_id)`);
    expect(table(wb, '未记实党员').rows).toHaveLength(silent);
  });

  it('quarterly, notice and pledge forms hold what the database holds', async () => {
    const quarterly = await report('quarterly', '2011-Q2');
    expect(table(quarterly, '点评记录').rows).toHaveLength(await one(sql`SELECT COUNT(*) AS n FROM evaluations WHERE kind = 'leader_comment' AND period = '2011-Q2'`));
    const notice = await report('notice', '2011');
    const posted = await one(sql`SELECT COUNT(*) AS n FROM commitments WHERE status IN ('approved', 'published', 'in_progress', 'completed', 'unfulfilled')`);
    expect(noticeItems(notice)).toHaveLength(posted);
    const forms = await report('pledge-forms', '2011');
    let titles = 0;
    forms.getWorksheet('党员承诺书')!.eachRow((row) => void (row.getCell(1).value === '2011年党员公开承诺书' && titles++));
    expect(titles).toBe(await one(sql`SELECT COUNT(DISTINCT member_id) AS n FROM commitments WHERE status IN ('approved', 'published', 'in_progress', 'completed', 'unfulfilled')`));
    // Reading 600 forms blocked this process (the server's too) for seconds; let the server's
    // keep-alive timers close idle sockets before the next test reuses one.
    await new Promise((ok) => setTimeout(ok, 100));
  });

  it('a branch clerk gets their branch only; other organisations answer 404', async () => {
    const clerk = await server.login('clerk01', PASSWORD);
    const me = await server.ctx.db.selectFrom('users').select('org_id').where('login', '=', 'clerk01').executeTakeFirstOrThrow();
    const branch = await server.ctx.db.selectFrom('organizations').select(['id', 'name']).where('id', '=', me.org_id!).executeTakeFirstOrThrow();
    const { res, body } = await download('/reports/annual?period=2011', clerk);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`${branch.name}_2011_年终总结.xlsx`);
    const wb = await readBook(body);
    expect(records(table(wb, '组织汇总')).map((r) => r['党组织'])).toEqual([branch.name]);
    const memberOrgs = new Set(records(table(wb, '党员汇总')).map((r) => r['所在党组织']));
    expect([...memberOrgs]).toEqual([branch.name]);

    const other = await server.ctx.db.selectFrom('organizations').select('id').where('kind', '=', 'branch').where('id', '<>', branch.id).executeTakeFirstOrThrow();
    for (const org of [county, other.id, 999999]) {
      const { res: denied, body: problem } = await download(`/reports/annual?period=2011&org=${org}`, clerk);
      expect(denied.status).toBe(404);
      expect(JSON.parse(problem.toString()).code).toBe('not_found');
    }
  });

  it('bad requests are named', async () => {
    const cases: [string, number, string, string][] = [
      ['/reports/weekly?period=2011&org=1', 400, 'unknown_report_kind', 'kind'],
      ['/reports/monthly?period=2011-13&org=1', 400, 'bad_period', 'period'],
      ['/reports/annual?period=2011-06&org=1', 400, 'bad_period', 'period'],
      ['/reports/annual?period=2011', 400, 'bad_org', 'org'], // an admin has no organisation of their own
    ];
    for (const [path, status, code, field] of cases) {
      const { res, body } = await download(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = JSON.parse(body.toString());
      expect(problem.errors[0]).toMatchObject({ code, field });
      expect(problem.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const anonymous = await fetch(`${server.baseUrl}/api/v1/reports/annual?period=2011&org=1`);
    expect(anonymous.status).toBe(401);
  });

  it('the CLI writes the same cells as the API', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ledger-report-')), 'half.xlsx');
    const { stdout, stderr, code } = await runCli(['report', 'half-year', '2011-H1', '--org', String(county), '--out', out], { env: { DATABASE_URL: url } });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('青山县委_2011-H1_半年通报.xlsx');
    const fromCli = allCells(await readBook(readFileSync(out)));
    const fromApi = allCells(await report('half-year', '2011-H1'));
    // Only the cover's 生成人 differs (the CLI says 命令行, the API the user's name).
    const differ = fromCli.filter((c, i) => c !== fromApi[i]);
    expect(differ).toHaveLength(1);
    expect(differ[0]).toMatch(/^封面!/);
  });
});
