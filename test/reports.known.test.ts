// Each report kind from a small hand-made ledger whose right answers are worked out by hand
// (in the comments), on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { startTestServer, type TestServer } from './support/server';
import { buildReport, reportHeadline } from '../server/reports/build';
import { allCells, noticeItems, readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
// Today is 15 July 2011: June and the first half are over, the year is running.
const TODAY = new Date('2011-07-15T04:00:00Z');

describe.each(dbs)('reports from a known ledger on $name', ({ url }) => {
  let server: TestServer;
  const ids = { county: 0, one: 0, two: 0, zhang: 0, li: 0, wang: 0 };
  const build = async (kind: string, period: string, orgId = ids.county) => readBook((await buildReport(server.ctx, { kind, orgId, period, generatedBy: '测试' })).buffer);

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => TODAY });
    const db = server.ctx.db;
    const admin = (await db.selectFrom('users').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow()).id;
    const at = (d: string) => `${d}T02:00:00.000Z`;
    const org = async (name: string, kind: string, parent: number | null) =>
      (await db.insertInto('organizations').values({ name, kind, parent_id: parent, sector: null, created_at: at('2011-01-01') }).returning('id').executeTakeFirstOrThrow()).id;
    ids.county = await org('测试县委', 'committee', null);
    ids.one = await org('一支部', 'branch', ids.county);
    ids.two = await org('二支部', 'branch', ids.county);
    const member = async (name: string, orgId: number, role: string) =>
      (await db.insertInto('members').values({ org_id: orgId, name, gender: 'male', birth_year: 1970, joined_on: '1995-07', unit_post: '单位 职务', role, created_at: at('2011-01-01'), updated_at: at('2011-01-01') }).returning('id').executeTakeFirstOrThrow()).id;
    ids.zhang = await member('张三', ids.one, 'leader_cadre');
    ids.li = await member('李四', ids.one, 'ordinary');
    ids.wang = await member('王五', ids.two, 'ordinary');
    let n = 0;
    const item = async (orgId: number, memberId: number | null, subject: string, category: string, deadline: string, status: string, completed: string | null, content = `事项${n + 1}`, extra = {}) =>
      (await db.insertInto('commitments').values({
        key: `known-${++n}`, year: 2011, org_id: orgId, subject_type: memberId ? 'member' : 'organization', member_id: memberId, subject_name: subject,
        category, content, measures: null, expected: null, deadline, responsible: null, status, progress: null, remarks: null,
        reviewer_id: null, review_note: null, submitted_at: null, reviewed_at: null, published_at: at('2011-02-01'),
        completed_at: completed && at(completed), version: 1, created_by: admin, created_at: at('2011-01-10'), updated_at: at('2011-01-10'), ...extra,
      }).returning('id').executeTakeFirstOrThrow()).id;
    const c1 = await item(ids.one, ids.zhang, '张三', 'post', '2011-06-30', 'completed', '2011-06-20'); // due June, marked off June
    await item(ids.one, ids.zhang, '张三', 'deed', '2011-05-15', 'in_progress', null); // 46 days overdue on 30 June
    await item(ids.one, ids.li, '李四', 'common', 'ongoing', 'in_progress', null); // open, never due
    await item(ids.one, ids.li, '李四', 'deed', '2011-06-15', 'completed', '2011-07-02'); // due June, done only in July
    await item(ids.two, ids.wang, '王五', 'post', '2011-06-30', 'withdrawn', null); // never counted
    await item(ids.two, ids.wang, '王五', 'deed', '2011-03-31', 'completed', '2011-03-20');
    await item(ids.one, null, '一支部', 'deed', '2011-12-31', 'published', null);
    await item(ids.two, ids.wang, '王五', 'discipline', '2011-06-30', 'unfulfilled', null, '=SUM(A1:A2)', { measures: '-减少浪费', responsible: '@王五' });
    await db.insertInto('progress_entries').values({ commitment_id: c1, month: '2011-06', note: '已完成', percent: 100, user_id: admin, created_at: at('2011-06-25') }).execute();
    const ev = (kind: string, targetType: string, targetId: number, orgId: number, period: string, extra = {}) =>
      db.insertInto('evaluations').values({ kind, target_type: targetType, target_id: targetId, org_id: orgId, period, text: null, rating: null, satisfied: null, basically_satisfied: null, unsatisfied: null, user_id: admin, created_at: at('2011-06-28'), ...extra }).execute();
    await ev('leader_comment', 'organization', ids.one, ids.one, '2011-Q2', { text: '落实较好' });
    await ev('leader_comment', 'member', ids.zhang, ids.one, '2011-Q2', { text: '继续努力' });
    await ev('leader_comment', 'organization', ids.two, ids.two, '2011-Q1', { text: '上季度的点评' });
    await ev('survey', 'organization', ids.one, ids.one, '2011-H1', { satisfied: 8, basically_satisfied: 1, unsatisfied: 1 });
    await ev('survey', 'organization', ids.two, ids.two, '2011-H1', { satisfied: 5, basically_satisfied: 2, unsatisfied: 3 });
    await ev('survey', 'member', ids.li, ids.one, '2011-H1', { satisfied: 9, basically_satisfied: 1, unsatisfied: 0 });
    await ev('annual', 'member', ids.li, ids.one, '2011', { rating: 'excellent' });
    await db.insertInto('rectifications').values([
      { target_type: 'organization', target_id: ids.one, org_id: ids.one, issue: '逾期事项限期整改', due_on: '2011-09-30', status: 'open', created_at: at('2011-07-05') },
      { target_type: 'organization', target_id: ids.two, org_id: ids.two, issue: '上年度的整改', due_on: '2010-12-31', status: 'done', created_at: at('2010-11-05') },
    ]).execute();
  });
  afterAll(async () => server?.close());

  it('monthly: open items, due, overdue, marked off, silent members, counts', async () => {
    const wb = await build('monthly', '2011-06');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '在办事项', '本月到期', '逾期事项', '本月到期的阶段和逾期阶段', '本月销号', '未记实党员', '审核超期', '整改事项', '分类统计', '记实销号', '未记实事项', '未提诺']);
    const cover = new Map<unknown, unknown>();
    wb.getWorksheet('封面')!.eachRow((row) => cover.set(row.getCell(1).value, row.getCell(2).value));
    expect(wb.getWorksheet('封面')!.getCell('A1').value).toBe('测试县委2011年6月每月自查');
    expect(Object.fromEntries([...cover].filter(([k]) => ['党组织', '统计期间', '数据截至', '生成时间', '生成人'].includes(k as string)))).toEqual({
      党组织: '测试县委（含下级党组织 2 个）',
      统计期间: '2011年6月（2011-06-01 至 2011-06-30）',
      数据截至: '2011-06-30',
      生成时间: '2011-07-15 12:00（Asia/Shanghai）',
      生成人: '测试',
    });
    // Open on 30 June: 张三's deed, 李四's two (the deed was done only in July), 一支部's deed.
    const open = records(table(wb, '在办事项'));
    expect(open.map((r) => [r['承诺主体'], r['完成时限'], r['状态'], r['本月进展']])).toEqual([
      ['张三', '2011-05-15', '进行中', ''],
      ['李四', '长期', '进行中', ''],
      ['李四', '2011-06-15', '进行中', ''],
      ['一支部', '2011-12-31', '已公示', ''],
    ]);
    expect(records(table(wb, '本月到期')).map((r) => r['承诺内容'])).toEqual(['事项1', '事项4', '=SUM(A1:A2)']);
    expect(records(table(wb, '逾期事项')).map((r) => [r['承诺主体'], r['逾期天数']])).toEqual([['张三', 46], ['李四', 15]]);
    expect(records(table(wb, '本月销号')).map((r) => [r['承诺主体'], r['完成日期']])).toEqual([['张三', '2011-06-20']]);
    const silent = table(wb, '未记实党员');
    expect(silent.rows.map((r) => r.slice(1))).toEqual([['一支部', '李四', '普通党员', 2]]);
    expect(silent.totals?.[4]).toBe(2);

    const counts = table(wb, '分类统计');
    const byCat = Object.fromEntries(records(counts).map((r) => [r['承诺类别'], r]));
    expect(byCat['岗位承诺']).toMatchObject({ 已完成: 1, 已撤销: 1, 合计: 2 });
    expect(byCat['实事承诺']).toMatchObject({ 进行中: 2, 已完成: 1, 已公示: 1, 合计: 4 });
    expect(byCat['共性承诺']).toMatchObject({ 进行中: 1, 合计: 1 });
    expect(byCat['自律承诺']).toMatchObject({ 未完成: 1, 合计: 1 });
    expect(counts.totals?.[counts.header.indexOf('合计')]).toBe(8);
    // Totals are live formulas carrying their values.
    const ws = wb.getWorksheet('分类统计')!;
    const total = ws.getRow(counts.totalsRow!).getCell(counts.header.indexOf('合计') + 1).value as { formula: string; result: number };
    expect(total.formula).toMatch(/^SUM\(K4:K7\)$/);
    const rowSum = ws.getRow(4).getCell(counts.header.indexOf('合计') + 1).value as { formula: string };
    expect(rowSum.formula).toBe('SUM(B4:J4)');
  });

  it('text that looks like a formula stays text', async () => {
    const wb = await build('notice', '2011');
    const ws = wb.getWorksheet('公示表')!;
    const cells: unknown[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain('=SUM(A1:A2)');
    expect(cells).toContain('-减少浪费');
    expect(cells).toContain('@王五');
    ws.eachRow((row, n) => {
      if (n > 3) row.eachCell((c) => expect(c.formula, `row ${n}`).toBeFalsy());
    });
    // Everything that passed review is posted; the withdrawn item is not.
    expect(noticeItems(wb)).toHaveLength(7);
  });

  it('quarterly: this quarter’s comments, who was not commented on, coverage', async () => {
    const wb = await build('quarterly', '2011-Q2');
    expect(records(table(wb, '点评记录')).map((r) => [r['点评对象'], r['点评意见'], r['点评人']])).toEqual([['一支部', '落实较好', '管理员'], ['张三', '继续努力', '管理员']]);
    // Nobody recorded a 党员互评 this quarter: every member who committed lacks one.
    expect(records(table(wb, '未互评党员')).map((r) => r['姓名'])).toEqual(['张三', '李四', '王五']);
    expect(records(table(wb, '未点评对象')).map((r) => r['对象'])).toEqual(['二支部', '李四', '王五']);
    const reach = table(wb, '点评覆盖');
    expect(reach.rows).toEqual([
      ['一支部', 3, 2, 1, 2 / 3],
      ['二支部', 2, 0, 2, 0],
    ]);
    expect(reach.totals).toEqual(['合计', 5, 2, 3, 0.4]);
  });

  it('half-year: rates, ranking, lagging, satisfaction', async () => {
    const wb = await build('half-year', '2011-H1');
    const bulletin = table(wb, '半年通报');
    const rows = records(bulletin);
    expect(rows.map((r) => r['党组织'])).toEqual(['一支部', '二支部']);
    expect(rows[0]).toMatchObject({ 承诺件数: 5, 期内到期: 3, 到期已完成: 1, 逾期件数: 2, 逾期超30天: 1, 满意: 8, 基本满意: 1, 不满意: 1, 排名: 2, 后进: '是' });
    expect(rows[0]['兑现率']).toBeCloseTo(1 / 3);
    expect(rows[0]['满意率']).toBeCloseTo(0.9);
    expect(rows[1]).toMatchObject({ 承诺件数: 2, 期内到期: 2, 到期已完成: 1, 兑现率: 0.5, 逾期件数: 0, 满意率: 0.7, 排名: 1, 后进: '' });
    const totals = Object.fromEntries(bulletin.header.map((h, i) => [h, bulletin.totals![i]]));
    expect(totals).toMatchObject({ 承诺件数: 7, 期内到期: 5, 到期已完成: 2, 兑现率: 0.4, 逾期件数: 2, 满意率: 0.8 });
    const ws = wb.getWorksheet('半年通报')!;
    expect((ws.getRow(bulletin.totalsRow!).getCell(6).value as { formula: string }).formula).toBe(`IF(D${bulletin.totalsRow}=0,"—",E${bulletin.totalsRow}/D${bulletin.totalsRow})`);
    expect((ws.getRow(4).getCell(12).value as { formula: string }).formula).toBe('IF((I4+J4+K4)=0,"—",(I4+J4)/(I4+J4+K4))');
    expect(records(table(wb, '后进名单')).map((r) => [r['党组织'], r['比较范围'], r['原因']])).toEqual([['一支部', '党支部', '逾期超过30天的事项超过本年承诺的10%']]);
    expect(records(table(wb, '逾期超30天')).map((r) => [r['承诺主体'], r['逾期天数']])).toEqual([['张三', 46]]);
  });

  it('annual: per organisation and member, candidates, rectifications, trend with a native chart', async () => {
    const result = await buildReport(server.ctx, { kind: 'annual', orgId: ids.county, period: '2011' });
    const wb = await readBook(result.buffer);
    expect(result.fileName).toBe('测试县委_2011_年终总结.xlsx');
    const orgs = records(table(wb, '组织汇总'));
    expect(orgs[0]).toMatchObject({ 党组织: '一支部', 承诺件数: 5, 到期件数: 4, 到期已兑现: 2, '已兑现(全部)': 2, 未兑现: 0, 逾期未完成: 1, 长期事项: 1, 兑现率: 0.5, 满意率: 0.9 });
    expect(orgs[1]).toMatchObject({ 党组织: '二支部', 承诺件数: 2, 到期件数: 2, 到期已兑现: 1, 未兑现: 1, 逾期未完成: 0, 兑现率: 0.5, 满意率: 0.7 });
    const people = records(table(wb, '党员汇总'));
    expect(people.map((p) => [p['姓名'], p['承诺件数'], p['到期件数'], p['到期已兑现'], p['兑现率'], p['满意率'], p['年度评定']])).toEqual([
      ['张三', 2, 2, 1, 0.5, '—', ''],
      ['李四', 2, 1, 1, 1, 1, '优秀'],
      ['王五', 2, 2, 1, 0.5, '—', ''],
    ]);
    expect(records(table(wb, '表彰候选')).map((r) => [r['类型'], r['名称']])).toEqual([['党员', '李四']]);
    expect(records(table(wb, '整改清单')).map((r) => [r['整改对象'], r['整改时限'], r['整改状态']])).toEqual([['一支部', '2011-09-30', '整改中']]);
    const trend = table(wb, '月度趋势');
    expect(trend.rows[2]).toEqual(['3月', 1, 1, 0]);
    expect(trend.rows[5]).toEqual(['6月', 3, 1, 2]);
    expect(trend.rows[6]).toEqual(['7月', 0, 1, 1]);
    expect(trend.rows[7]).toEqual(['8月', 0, 0, 0]);
    expect(trend.totals?.slice(0, 3)).toEqual(['全年', 5, 3]);

    // The chart is a real chart part on its own sheet, drawn from the trend's cells.
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(result.buffer);
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain("<c:f>'月度趋势'!$B$4:$B$15</c:f>");
    expect(chart).toContain('<c:pt idx="5"><c:v>3</c:v></c:pt>');
    const chartSheetNo = wb.worksheets.findIndex((w) => w.name === '趋势图') + 1;
    const drawingRel = (await zip.file(`xl/worksheets/sheet${chartSheetNo}.xml`)!.async('string')).match(/<drawing r:id="(rId\d+)"\/>/)?.[1];
    expect(await zip.file(`xl/worksheets/_rels/sheet${chartSheetNo}.xml.rels`)!.async('string')).toMatch(new RegExp(`Id="${drawingRel}"[^>]*Target="../drawings/drawing1.xml"`));
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('<Override PartName="/xl/charts/chart1.xml"');
    expect(Object.keys(zip.files).some((f) => /comments/i.test(f))).toBe(false);

    // Printable: frozen header, A4 fitted to the width, header rows repeated on every page.
    const orgSheetNo = wb.worksheets.findIndex((w) => w.name === '组织汇总') + 1;
    const orgSheet = await zip.file(`xl/worksheets/sheet${orgSheetNo}.xml`)!.async('string');
    expect(orgSheet).toMatch(/<pane [^>]*ySplit="3"[^>]*state="frozen"/);
    expect(orgSheet).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1"/);
    expect(orgSheet).toContain('<pageSetUpPr fitToPage="1"/>');
    const book = await zip.file('xl/workbook.xml')!.async('string');
    expect(book).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${orgSheetNo - 1}">&apos;组织汇总&apos;!$3:$3</definedName>`);
  });

  it('pledge forms: one form per organisation and member with their commitments', async () => {
    const wb = await build('pledge-forms', '2011');
    // Merged cells read back as their master's value in every cell, so look at distinct cells by address.
    const texts = (name: string) => {
      const out: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => c.isMerged && c.master !== c ? undefined : out.push(String(c.value))));
      return out;
    };
    const orgForms = texts('党组织承诺书');
    expect(orgForms.filter((t) => t === '2011年基层党组织公开承诺书')).toHaveLength(1);
    expect(orgForms).toContain('一支部');
    const memberForms = texts('党员承诺书');
    expect(memberForms.filter((t) => t === '2011年党员公开承诺书')).toHaveLength(3);
    expect(memberForms).toContain('1. 事项4（完成时限：2011-06-15）');
    expect(memberForms.join('\n')).not.toContain('事项5'); // withdrawn
  });

  it('holds only the asked organisation’s part of the tree', async () => {
    const wb = await build('annual', '2011', ids.two);
    expect(records(table(wb, '组织汇总')).map((r) => r['党组织'])).toEqual(['二支部']);
    expect(records(table(wb, '党员汇总')).map((r) => r['姓名'])).toEqual(['王五']);
    expect(table(wb, '整改清单').rows[0][0]).toBe('本年度没有限期整改事项');
  });

  it('an empty period gives a valid workbook that says so', async () => {
    for (const [kind, period, sheet, says] of [
      ['monthly', '2009-06', '在办事项', '本月没有在办的承诺事项'],
      ['quarterly', '2009-Q1', '点评记录', '本季度还没有领导点评'],
      ['half-year', '2009-H1', '半年通报', '本期没有承诺事项和评议结果'],
      ['annual', '2009', '组织汇总', '本年度没有承诺事项'],
    ]) {
      const wb = await build(kind, period);
      expect(table(wb, sheet).rows, kind).toEqual([[says, ...Array(table(wb, sheet).header.length - 1).fill(says)]]);
    }
    const notice = await build('notice', '2009');
    expect(noticeItems(notice)).toEqual([]);
    expect(notice.getWorksheet('公示表')!.getRow(2).getCell(1).value).toBe('本年度没有需要公示的承诺');
    const forms = await build('pledge-forms', '2009');
    expect(forms.getWorksheet('党员承诺书')!.getRow(1).getCell(1).value).toBe('本年度没有可生成党员承诺书的承诺');
  });

  it('the email headline counts the period as the reports do', async () => {
    const june = await reportHeadline(server.ctx, { orgId: ids.county, period: '2011-06' });
    expect(june).toMatchObject({ items: 7, completed: 2, overdue: 2 });
    expect(june.mostOverdue.map((m) => [m.subjectName, m.orgName, m.deadline, m.daysOverdue])).toEqual([
      ['张三', '一支部', '2011-05-15', 46],
      ['李四', '一支部', '2011-06-15', 15],
    ]);
    const branchTwo = await reportHeadline(server.ctx, { orgId: ids.two, period: '2011' });
    expect(branchTwo).toMatchObject({ items: 2, completed: 1, overdue: 0, mostOverdue: [] });
  });

  it('same data, same cells', async () => {
    const first = allCells(await build('annual', '2011'));
    const again = allCells(await build('annual', '2011'));
    expect(again).toEqual(first);
    expect(first.length).toBeGreaterThan(100);
  });
});
