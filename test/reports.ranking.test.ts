// The half-year ranking compares like with like (issue 10): branches among branches, general
// branches (and committees below the report's organisation) among their own kind on their whole
// subtree, the report's organisation never; 后进 is the stated rule, and a small minority. On the
// demo county and on a generated county with township committees and branches straight under it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { loadDemoCounty } from '../server/demo';
import { readBook, records, table, type Plain } from './reportsWorkbook';

const dbs = await testDatabases();
type Row = Record<string, Plain>;
interface Org { id: number; name: string; kind: string; parentId: number | null }

/** A small deterministic random source (mulberry32), so the generated county is the same every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 清河县: a township committee with its own general branch, two sector general branches, branches under each and under the county. */
async function generateCounty(admin: Api): Promise<{ county: number; weak: string[] }> {
  const org = async (name: string, kind: string, parentId?: number) => {
    const res = await admin.post('/orgs', { name, kind, parentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  const county = await org('清河县委', 'committee');
  const town = await org('城关镇党委', 'committee', county);
  const townOffice = await org('城关镇机关党总支', 'general_branch', town);
  const education = await org('县教育党总支', 'general_branch', county);
  const health = await org('县卫生党总支', 'general_branch', county);
  const branches: Array<[string, number]> = [
    ['城关镇党政办党支部', townOffice], ['城关镇财政所党支部', townOffice], ['城关镇综治办党支部', townOffice],
    ['南关村党支部', town], ['北关村党支部', town],
    ['清河一中党支部', education], ['清河二中党支部', education], ['城关小学党支部', education], ['县幼儿园党支部', education],
    ['县医院党支部', health], ['县中医院党支部', health], ['县疾控中心党支部', health],
    ['县委办党支部', county], ['县财政局党支部', county], ['县民政局党支部', county],
  ];
  const weak = ['北关村党支部', '县民政局党支部'];
  const rng = random(2011);
  const people = ['王芳', '李强', '张伟', '刘洋', '陈静', '杨军', '赵敏', '黄磊', '周丽', '吴刚'];
  const items = ['走访困难群众每月2次', '按时足额交纳党费', '参加“三会一课”不缺席', '帮助联系户解决实际困难1件', '完成党员信息采集', '整理支部档案'];
  const rows: Record<string, unknown>[] = [];
  let pastDue = 0;
  /** `diligence`: the chance an item past its deadline is done; null, a weak branch doing one in three. */
  const add = (orgId: number, subjectType: string, subjectName: string, diligence: number | null) => {
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    const deadline = rng() < 0.1 ? '长期' : `2011-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const past = deadline !== '长期' && deadline <= '2011-06-20';
    rows.push({
      key: `gen-${rows.length}`, orgId, year: 2011, subjectType, subjectName, category: '实事承诺',
      content: `${items[rows.length % items.length]}（${rows.length}）`, deadline,
      status: past && (diligence === null ? pastDue++ % 3 === 0 : rng() < diligence) ? '已完成' : '进行中',
    });
  };
  for (const [name, parent] of branches) {
    const id = await org(name, 'branch', parent);
    const diligence = weak.includes(name) ? null : 0.82 + rng() * 0.16;
    const count = 14 + Math.floor(rng() * 10);
    for (let i = 0; i < count; i++) add(id, i % 5 === 0 ? '党组织' : '党员', i % 5 === 0 ? name : people[i % people.length], diligence);
  }
  for (const id of [county, town, townOffice, education, health]) add(id, '党组织', '本级', 0.9);
  const batch = await admin.post('/commitments/batch', { rows });
  expect(batch.body.counts, JSON.stringify(batch.body.rows.find((r: any) => r.errors.length))).toMatchObject({ created: rows.length, rejected: 0 });
  return { county, weak };
}

describe.each(dbs)('half-year ranking on $name', ({ url }) => {
  let server: TestServer;
  let clock = new Date('2011-06-20T02:00:00Z');
  let admin: Api;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => clock });
    token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    admin = server.api(token);
  });
  afterAll(async () => server?.close());

  const halfYear = async (org: number, period: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1/reports/half-year?org=${org}&period=${period}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const wb = await readBook(await res.arrayBuffer());
    return { bulletin: records(table(wb, '半年通报')), wholes: records(table(wb, '总支排名')), lagging: records(table(wb, '后进名单')).filter((r) => r['序号'] !== '本期没有后进党组织') };
  };
  const orgs = async (): Promise<Map<string, Org>> =>
    new Map((await server.ctx.db.selectFrom('organizations').select(['id', 'name', 'kind', 'parent_id']).execute()).map((o) => [o.name, { id: o.id, name: o.name, kind: o.kind, parentId: o.parent_id }]));
  /** Commitments of an organisation and everything below it, counted in SQL. */
  const madeBelow = async (root: number) => {
    const all = await server.ctx.db.selectFrom('organizations').select(['id', 'parent_id']).execute();
    const ids = new Set([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of all) if (o.parent_id !== null && ids.has(o.parent_id) && !ids.has(o.id)) grew = ids.add(o.id) !== null;
    }
    const rows = await server.ctx.db.selectFrom('commitments').select('id').where('org_id', 'in', [...ids]).where('status', '!=', 'withdrawn').where('year', '=', 2011).execute();
    return rows.length;
  };

  /** The report's rules, checked from the outside. */
  const checkLikeWithLike = async (report: Awaited<ReturnType<typeof halfYear>>, rootName: string) => {
    const tree = await orgs();
    const kindOf = (r: Row) => tree.get(r['党组织'] as string)!.kind;
    // The bulletin ranks branches only, 1…n among themselves; the report's organisation and the higher kinds are not ranked there.
    const ranked = report.bulletin.filter((r) => r['排名'] !== null);
    expect(ranked.every((r) => kindOf(r) === 'branch')).toBe(true);
    expect(report.bulletin.find((r) => r['党组织'] === rootName)!['排名']).toBeNull();
    expect(Math.max(...ranked.map((r) => r['排名'] as number))).toBeLessThanOrEqual(ranked.length);
    expect(ranked.some((r) => r['排名'] === 1)).toBe(true);
    // Higher kinds are ranked by their whole subtree, each among its own kind, never the report's organisation.
    expect(report.wholes.map((r) => r['党组织'])).not.toContain(rootName);
    for (const kind of new Set(report.wholes.map(kindOf))) {
      const same = report.wholes.filter((r) => kindOf(r) === kind);
      expect(same.every((r) => (r['排名'] as number) <= same.length), kind).toBe(true);
    }
    for (const r of report.wholes) expect(r['承诺件数'], r['党组织'] as string).toBe(await madeBelow(tree.get(r['党组织'] as string)!.id));
    // 后进: exactly those the stated rule picks, a small minority, never the report's organisation.
    const judged = [...report.bulletin.filter((r) => kindOf(r) === 'branch' && r['党组织'] !== rootName), ...report.wholes];
    const expected = judged.filter((r) => {
      const due = r['期内到期'] as number;
      if (due < 3) return false;
      const group = judged.filter((o) => kindOf(o) === kindOf(r) && (o['期内到期'] as number) >= 3).map((o) => o['兑现率'] as number).sort((a, b) => a - b);
      const median = group.length % 2 ? group[group.length >> 1] : (group[group.length / 2 - 1] + group[group.length / 2]) / 2;
      const rate = r['兑现率'] as number;
      return (rate < 0.6 && rate < median) || (r['逾期超30天'] as number) > 0.1 * (r['承诺件数'] as number);
    });
    expect(report.lagging.map((r) => r['党组织']).sort()).toEqual(expected.map((r) => r['党组织']).sort());
    expect(report.lagging.length).toBeLessThanOrEqual(Math.ceil(0.2 * judged.length));
    for (const r of report.lagging) expect(r['比较范围']).toBe(kindOf(r) === 'branch' ? '党支部' : kindOf(r) === 'general_branch' ? '党总支（含所属党支部）' : '党委（含下级党组织）');
    return judged.length;
  };

  it('a generated county: township committees apart, branches under the county with branches, the weak ones lagging', async () => {
    const { county, weak } = await generateCounty(admin);
    const report = await halfYear(county, '2011-H1');
    const judged = await checkLikeWithLike(report, '清河县委');
    expect(judged).toBe(15 + 3 + 1);
    expect(report.wholes.map((r) => [r['党组织'], r['类型'], r['排名']]).map((r) => r.slice(0, 2))).toEqual([
      ['城关镇党委', '党委'], ['城关镇机关党总支', '党总支'], ['县教育党总支', '党总支'], ['县卫生党总支', '党总支'],
    ]);
    expect(report.wholes.find((r) => r['党组织'] === '城关镇党委')!['排名']).toBe(1); // the only committee below the county
    expect(report.lagging.map((r) => r['党组织'])).toEqual(expect.arrayContaining(weak));
  });

  it('the demo county: both halves', async () => {
    clock = new Date('2012-01-10T02:00:00Z');
    token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const county = (await loadDemoCounty(server.ctx.db, { password: 'demo-county-password' })).countyId;
    for (const period of ['2011-H1', '2011-H2']) {
      const report = await halfYear(county, period);
      expect(await checkLikeWithLike(report, '青山县委'), period).toBe(30 + 5);
      expect(report.wholes, period).toHaveLength(5);
      expect(report.lagging.length, period).toBeLessThanOrEqual(3);
    }
  });
});
