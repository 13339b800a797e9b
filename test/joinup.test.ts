// Records join up (DESIGN §4), over real HTTP on SQLite and PostgreSQL: members appear from
// batches and imports and stay people (namesakes, transfers); finished legacy rows keep the dates
// of their ledger; organisation names are looked up from the working organisation outwards and
// only admins get organisations created; keys of one county neither block nor reveal another's.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { upload } from './fixtures/upload';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'joinup-test-password';
/** The server's clock: late 2026, fifteen years after the ledgers it is given. */
const NOW = new Date('2026-11-30T02:00:00Z');

/** A ledger sheet as a township clerk keeps it: title, then the header, then the rows. */
async function ledgerXlsx(title: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.getCell('A1').value = title;
  ws.getRow(2).values = header;
  rows.forEach((r, i) => (ws.getRow(3 + i).values = r as ExcelJS.CellValue[]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(dbs)('records join up on $name', ({ url }) => {
  let server: TestServer;
  let admin: string;
  const org: Record<string, number> = {};
  const token: Record<string, string> = {};

  const api = (who = admin) => server.api(who);
  const members = async (orgId: number) => (await api().get(`/members?org=${orgId}&limit=500`)).body.items as any[];
  const commit = (who: string, id: number, body: object = {}) => api(who).post(`/imports/${id}/commit`, body);
  const report = async (kind: string, orgId: number, period: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1/reports/${kind}?org=${orgId}&period=${period}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    return readBook(await res.arrayBuffer());
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => NOW });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const make = async (key: string, name: string, kind: string, parentId?: number) => {
      const res = await api().post('/orgs', { name, kind, ...(parentId && { parentId }) });
      expect(res.status).toBe(201);
      org[key] = res.body.id;
    };
    await make('青山', '青山县委', 'committee');
    await make('城关', '城关镇党委', 'committee', org['青山']);
    await make('东乡', '东乡镇党委', 'committee', org['青山']);
    await make('城关一支', '第一党支部', 'branch', org['城关']);
    await make('城关二支', '第二党支部', 'branch', org['城关']);
    await make('东乡二支', '第二党支部', 'branch', org['东乡']);
    await make('卫生', '县卫生局党支部', 'branch', org['青山']);
    await make('河口', '河口县委', 'committee');
    await make('河口一支', '第一党支部', 'branch', org['河口']);
    const user = async (login: string, role: string, orgId: number) => {
      expect((await api().post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
      token[login] = await server.login(login, PASSWORD);
    };
    await user('clerk-cg1', 'clerk', org['城关一支']);
    await user('clerk-cg2', 'clerk', org['城关二支']);
    await user('clerk-cg', 'clerk', org['城关']);
    await user('admin-hk', 'admin', org['河口']);
  });
  afterAll(() => server?.close());

  describe('members appear', () => {
    const rows = [
      { key: 'cg1-2026-1', subjectName: '李明', category: '共性承诺', content: '按时足额交纳党费，每月参加组织生活', deadline: '长期' },
      { key: 'cg1-2026-2', subjectName: '李明', category: '岗位承诺', content: '全年走访辖区困难群众30户', deadline: '2026年12月底' },
      { key: 'cg1-2026-3', subjectName: '王芳', category: '实事承诺', content: '为城关小学争取图书500册', deadline: '2026年9月30日' },
    ];

    it('a batch makes one member per person of its organisation and links every row; sending it again makes nothing', async () => {
      const first = await api(token['clerk-cg1']).post('/commitments/batch', { rows, ledgerYear: 2026, orgId: org['城关一支'] });
      expect(first.status).toBe(200);
      expect(first.body.counts).toMatchObject({ created: 3, rejected: 0 });
      const people = await members(org['城关一支']);
      expect(people.map((m) => m.name).sort()).toEqual(['李明', '王芳']);
      const liMing = people.find((m) => m.name === '李明');
      const stored = await server.ctx.db.selectFrom('commitments').select(['key', 'member_id']).where('key', 'in', rows.map((r) => r.key)).orderBy('key').execute();
      expect(stored.map((c) => c.member_id)).toEqual([liMing.id, liMing.id, people.find((m) => m.name === '王芳').id]);

      const again = await api(token['clerk-cg1']).post('/commitments/batch', { rows, ledgerYear: 2026, orgId: org['城关一支'] });
      expect(again.body.counts).toMatchObject({ unchanged: 3, created: 0 });
      expect(await members(org['城关一支'])).toHaveLength(2);
    });

    it('two 张伟 of one branch stay two: 单位及职务 tells them apart, and a row that does not is left unlinked with a warning', async () => {
      const make = (unitPost: string) => api().post('/members', { orgId: org['城关二支'], name: '张伟', unitPost, role: 'ordinary' });
      const [finance, school] = [(await make('城关镇财政所 所长')).body, (await make('城关小学 教师')).body];
      const res = await api(token['clerk-cg2']).post('/commitments/batch', {
        ledgerYear: 2026,
        orgId: org['城关二支'],
        rows: [
          { key: 'cg2-zw-1', subjectName: '张伟', unitPost: '城关小学 教师', category: '岗位承诺', content: '每周家访学生2户', deadline: '2026年12月底' },
          { key: 'cg2-zw-2', subjectName: '张伟', category: '共性承诺', content: '带头学习党章党规', deadline: '长期' },
        ],
      });
      expect(res.status).toBe(200);
      const [told, untold] = res.body.rows;
      expect(told.warnings).toEqual([]);
      expect(untold.result).toBe('created');
      expect(untold.warnings).toEqual([expect.objectContaining({ field: 'subject', code: 'member.ambiguous' })]);
      expect(untold.warnings[0].message).toContain('张伟');
      const linked = await server.ctx.db.selectFrom('commitments').select(['key', 'member_id']).where('key', 'in', ['cg2-zw-1', 'cg2-zw-2']).orderBy('key').execute();
      expect(linked.map((c) => c.member_id)).toEqual([school.id, null]);
      expect((await members(org['城关二支'])).map((m) => m.id).sort()).toEqual([finance.id, school.id].sort());
    });

    it('a member who transfers keeps one record; the year\'s commitments stay and are counted where they were made, once', async () => {
      const liMing = (await members(org['城关一支'])).find((m) => m.name === '李明');
      const moved = await api().patch(`/members/${liMing.id}`, { orgId: org['卫生'] });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id: liMing.id, orgId: org['卫生'] });
      expect((await api().get(`/members/${liMing.id}`)).body.transfers).toEqual([{ fromOrgId: org['城关一支'], toOrgId: org['卫生'], at: NOW.toISOString() }]);
      const own = (await api().get(`/commitments?member=${liMing.id}`)).body.items;
      expect(own.map((c: any) => c.orgId)).toEqual([org['城关一支'], org['城关一支']]);

      // The branch's clerk sends its ledger again: the rows keep their member; no second 李明 appears.
      const again = await api(token['clerk-cg1']).post('/commitments/batch', { rows: [{ key: 'cg1-2026-1', subjectName: '李明', category: '共性承诺', content: '按时足额交纳党费，每月参加组织生活', deadline: '长期' }], ledgerYear: 2026, orgId: org['城关一支'] });
      expect(again.body.rows[0].result).toBe('unchanged');
      expect((await members(org['城关一支'])).map((m) => m.name)).toEqual(['王芳']);

      for (const scope of [org['青山'], org['城关一支']]) {
        const people = records(table(await report('annual', scope, '2026'), '党员汇总')).filter((r) => r['姓名'] === '李明');
        expect(people).toEqual([expect.objectContaining({ 所在党组织: '第一党支部', 承诺件数: 2 })]);
      }
      // Still to be commented on as the branch's member this quarter, though they belong elsewhere now.
      const uncommented = records(table(await report('quarterly', org['城关一支'], '2026-Q4'), '未点评对象')).filter((r) => r['对象'] === '李明');
      expect(uncommented).toEqual([expect.objectContaining({ 所属党组织: '第一党支部' })]);
      const sql = await server.ctx.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', liMing.id).where('org_id', '=', org['城关一支']).executeTakeFirstOrThrow();
      expect(Number(sql.n)).toBe(2);
    });

    it('an imported ledger links its rows to members the same way, and to namesakes in other branches not at all', async () => {
      const file = await ledgerXlsx('城关镇党委2026年党员公开承诺台账', ['序号', '所在支部', '姓名', '承诺类别', '承诺内容', '承诺时限', '践诺情况'], [
        [1, '第一党支部', '王芳', '共性承诺', '每月按时参加主题党日', '长期', '进行中'],
        [2, '第一党支部', '赵强', '岗位承诺', '年内办结群众来信来访', '2026年12月底', '进行中'],
        [3, '第二党支部', '王芳', '实事承诺', '组织义诊2次', '2026年10月底', '已完成'],
      ]);
      const preview = await upload(server, admin, file, '城关镇2026台账.xlsx', { org: org['城关'] });
      expect(preview.status).toBe(201);
      expect((await commit(admin, preview.body.id)).status).toBe(200);
      const first = await members(org['城关一支']);
      const second = await members(org['城关二支']);
      expect(first.map((m) => m.name).sort()).toEqual(['王芳', '赵强']);
      expect(second.filter((m) => m.name === '王芳')).toHaveLength(1);
      const wangFang = first.find((m) => m.name === '王芳');
      expect((await api().get(`/commitments?member=${wangFang.id}`)).body.total).toBe(2); // the batch's and the ledger's
    });
  });

  describe('roster', () => {
    const roster = (rows: unknown[][]) =>
      ledgerXlsx('城关镇第一党支部党员花名册', ['序号', '姓名', '性别', '出生年月', '年龄', '入党时间', '单位及职务', '身份'], rows);

    it('a 花名册 fills the members the ledger made and adds the rest, by organisation and name; the pledge form prints them', async () => {
      const file = await roster([
        [1, '王芳', '女', '1982.05', null, '2006.07', '城关小学 副校长', '普通党员'],
        [2, '赵强', '男', null, 44, '2010年6月', '城关镇综治办 干事', '普通党员'],
        [3, '孙建国', '男', new Date(Date.UTC(1948, 2, 1)), null, '1972.10', '城关镇退休干部', '离退休党员'],
      ]);
      const preview = await upload(server, token['clerk-cg1'], file, '花名册.xlsx', { kind: 'roster', org: org['城关一支'] });
      expect(preview.status).toBe(201);
      expect(preview.body).toMatchObject({ kind: 'roster', counts: { members: 3 }, rejected: [] });
      const before = await members(org['城关一支']);
      const res = await commit(token['clerk-cg1'], preview.body.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 1, updated: 2, unchanged: 0 });
      const after = await members(org['城关一支']);
      const wangFang = after.find((m) => m.name === '王芳');
      expect(wangFang).toMatchObject({ id: before.find((m) => m.name === '王芳').id, gender: 'female', birthYear: 1982, joinedOn: '2006-07', unitPost: '城关小学 副校长', role: 'ordinary' });
      expect(after.find((m) => m.name === '赵强')).toMatchObject({ birthYear: 2026 - 44, joinedOn: '2010-06' });
      expect(after.find((m) => m.name === '孙建国')).toMatchObject({ birthYear: 1948, role: 'retired' });

      const again = await upload(server, token['clerk-cg1'], file, '花名册.xlsx', { kind: 'roster', org: org['城关一支'] });
      expect((await commit(token['clerk-cg1'], again.body.id)).body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

      const forms = await report('pledge-forms', org['城关一支'], '2026');
      const cells: string[] = [];
      forms.getWorksheet('党员承诺书')!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      const at = cells.indexOf('王芳');
      expect(cells.slice(at, at + 7)).toEqual(['王芳', '性 别', '女', '年 龄', String(2026 - 1982), '入党年月', '2006-07']);
      expect(cells).toContain('城关小学 副校长');
    });

    it('rejected rows of a roster name the sheet, row and column and quote what was written', async () => {
      const file = await roster([
        [1, '钱学军', '男', '1979.11', null, '2003.06', '城关镇农技站 站长', '普通党员'],
        [2, '冯丽', '女士', '1985年13月', null, '2008', '城关中学 教师', '群众'],
      ]);
      const preview = await upload(server, admin, file, '花名册2.xlsx', { kind: 'roster', org: org['城关一支'] });
      expect(preview.body.rejected.map((r: any) => `${r.sheet}!${r.column}${r.row} ${r.code}`)).toEqual([
        '台账!C4 gender.unknown',
        '台账!D4 birth.invalid',
        '台账!F4 joinedOn.invalid',
        '台账!H4 role.unknown',
      ]);
      expect(preview.body.rejected[0].message).toContain('女士');
      expect(preview.body.counts.members).toBe(1);
    });
  });

  describe('organisations', () => {
    it('names are looked up inside the import\'s organisation first: 河口县委\'s ledger files 第一党支部 under 河口, not 青山', async () => {
      const file = await ledgerXlsx('河口县委2026年党员公开承诺台账', ['序号', '所在支部', '姓名', '承诺类别', '承诺内容', '承诺时限'], [
        [1, '第一党支部', '陈静', '岗位承诺', '全年开展政策宣讲12场', '2026年12月底'],
      ]);
      const preview = await upload(server, admin, file, '河口2026.xlsx', { org: org['河口'] });
      expect(preview.body.warnings.filter((w: any) => w.code.startsWith('import.org'))).toEqual([]);
      expect((await commit(admin, preview.body.id)).body.created).toBe(1);
      expect((await members(org['河口一支'])).map((m) => m.name)).toEqual(['陈静']);
      expect((await members(org['城关一支'])).map((m) => m.name)).not.toContain('陈静');
    });

    it('two organisations of one name inside the import\'s organisation is an error naming both', async () => {
      const file = await ledgerXlsx('青山县委2026年党员公开承诺台账', ['序号', '所在支部', '姓名', '承诺类别', '承诺内容', '承诺时限'], [
        [1, '第二党支部', '孙丽', '共性承诺', '带头遵守村规民约', '长期'],
      ]);
      const preview = await upload(server, admin, file, '青山2026.xlsx', { org: org['青山'] });
      expect(preview.body.warnings).toEqual([expect.objectContaining({ code: 'import.org_ambiguous', row: 3 })]);
      const res = await commit(admin, preview.body.id);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ sheet: '台账', row: 3, code: 'org.ambiguous' })]);
      const message = res.body.errors[0].message as string;
      expect(message).toContain(`编号 ${org['城关二支']}，属城关镇党委`);
      expect(message).toContain(`编号 ${org['东乡二支']}，属东乡镇党委`);
    });

    it('an import\'s organisation given by a name two organisations share is refused, naming both', async () => {
      const file = await ledgerXlsx('第二党支部2026年党员公开承诺台账', ['序号', '姓名', '承诺类别', '承诺内容', '承诺时限'], [[1, '孙丽', '共性承诺', '带头遵守村规民约', '长期']]);
      const res = await upload(server, admin, file, '二支部.xlsx', { org: '第二党支部' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('import.org_ambiguous');
      expect(res.body.detail).toContain(`编号 ${org['城关二支']}，属城关镇党委`);
      expect(res.body.detail).toContain(`编号 ${org['东乡二支']}，属东乡镇党委`);
    });

    it('a clerk\'s import creates no organisation: the rows go to the import\'s organisation, with a warning naming the row', async () => {
      const before = await server.ctx.db.selectFrom('organizations').select('id').execute();
      const file = await ledgerXlsx('城关镇党委2026年党员公开承诺台账', ['序号', '所在支部', '姓名', '承诺类别', '承诺内容', '承诺时限'], [
        [1, '第九党支部', '周平', '共性承诺', '每季度讲一次党课', '长期'],
      ]);
      const preview = await upload(server, token['clerk-cg'], file, '城关2026.xlsx', { org: org['城关'] });
      expect(preview.body.warnings).toEqual([expect.objectContaining({ code: 'import.unknown_org', org: '第九党支部' })]);
      const res = await commit(token['clerk-cg'], preview.body.id, { createMissingOrgs: true });
      expect(res.status).toBe(200);
      expect(res.body.createdOrgs).toEqual([]);
      expect(res.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '台账', row: 3, code: 'import.org_not_created' })]));
      expect(await server.ctx.db.selectFrom('organizations').select('id').execute()).toHaveLength(before.length);
      expect((await members(org['城关'])).filter((m) => m.orgId === org['城关']).map((m) => m.name)).toEqual(['周平']);
    });
  });

  describe('keys', () => {
    it('a key another county used neither blocks nor reveals anything; inside one county it is taken without saying whose', async () => {
      const row = { key: 'ledger-row-0001', subjectName: '刘洋', category: '岗位承诺', content: '办结群众诉求100件', deadline: '2026年12月底' };
      expect((await api(token['clerk-cg1']).post('/commitments/batch', { rows: [row], ledgerYear: 2026, orgId: org['城关一支'] })).body.rows[0].result).toBe('created');
      const other = await api(token['admin-hk']).post('/commitments/batch', { rows: [row], ledgerYear: 2026, orgId: org['河口一支'] });
      expect(other.body.rows[0]).toMatchObject({ result: 'created', errors: [] });
      expect(other.body.rows[0].id).not.toBe(undefined);

      const sibling = await api(token['clerk-cg2']).post('/commitments/batch', { rows: [{ ...row, subjectName: '吴敏' }], ledgerYear: 2026, orgId: org['城关二支'] });
      expect(sibling.body.rows[0].result).toBe('rejected');
      expect(sibling.body.rows[0].errors).toEqual([expect.objectContaining({ code: 'key.taken' })]);
      expect(sibling.body.rows[0].errors[0].message).not.toContain('党组织');
    });

    it('another county pre-creating the content keys of an import does not make it fail', async () => {
      const file = await ledgerXlsx('城关镇党委2026年党员公开承诺台账', ['序号', '所在支部', '姓名', '承诺类别', '承诺内容', '承诺时限'], [
        [1, '第一党支部', '钱进', '共性承诺', '每月上交一篇学习心得', '长期'],
        [2, '第一党支部', '钱进', '实事承诺', '帮助村民销售农产品2万元', '2026年11月底'],
      ]);
      const preview = await upload(server, admin, file, '城关补报.xlsx', { org: org['城关'] });
      const keys = (await api().get(`/imports/${preview.body.id}/records`)).body.items.map((r: any) => r.key);
      const squat = await api(token['admin-hk']).post('/commitments/batch', {
        orgId: org['河口一支'],
        ledgerYear: 2026,
        rows: keys.map((key: string) => ({ key, subjectName: '占位', category: '共性承诺', content: '占位', deadline: '长期' })),
      });
      expect(squat.body.counts.created).toBe(2);
      const res = await commit(admin, preview.body.id);
      expect(res.status).toBe(200);
      expect(res.body.created).toBe(2);
    });
  });

  describe('keys of a moved branch', () => {
    it('a branch moved into another county takes its keys along, and is refused when that county already uses one', async () => {
      const branch = (await api().post('/orgs', { name: '第二党支部', kind: 'branch', parentId: org['河口'] })).body.id;
      const row = { key: 'hk2-2026-1', subjectName: '林涛', category: '实事承诺', content: '修复村道路灯20盏', deadline: '2026年10月底' };
      expect((await api().post('/commitments/batch', { orgId: branch, ledgerYear: 2026, rows: [row] })).body.rows[0].result).toBe('created');

      const clash = await api().patch(`/orgs/${org['河口一支']}`, { parentId: org['城关'] });
      expect(clash.status).toBe(409);
      expect(clash.body.code).toBe('key.taken');
      expect((await api().get(`/orgs/${org['河口一支']}`)).body.parentId).toBe(org['河口']);

      expect((await api().patch(`/orgs/${branch}`, { parentId: org['城关'] })).status).toBe(200);
      const again = await api(token['clerk-cg']).post('/commitments/batch', { orgId: branch, ledgerYear: 2026, rows: [row] });
      expect(again.body.rows[0].result).toBe('unchanged');
    });
  });

  describe('dates of steps', () => {
    it('a 2011 ledger imported in 2026 keeps its completion dates: 完成时间, else the deadline, else the year\'s end', async () => {
      const file = await ledgerXlsx('第一党支部2011年党员公开承诺台账', ['序号', '姓名', '承诺类别', '承诺内容', '承诺时限', '完成时间', '践诺情况'], [
        [1, '郑华', '实事承诺', '修缮村小学围墙80米', '2011年9月底', '2011年8月20日', '已完成'],
        [2, '郑华', '岗位承诺', '全年调解邻里纠纷', '2011年12月底', null, '已完成'],
        [3, '郑华', '共性承诺', '坚持每月读一本书', '长期', null, '已完成'],
        [4, '郑华', '自律承诺', '不参与赌博活动', '长期', null, '进行中'],
      ]);
      const preview = await upload(server, admin, file, '2011台账.xlsx', { org: org['城关一支'] });
      expect(preview.body.mapping[0].columns.map((c: any) => c.field)).toContain('completedOn');
      expect((await commit(admin, preview.body.id)).status).toBe(200);
      const zheng = (await members(org['城关一支'])).find((m) => m.name === '郑华');
      const items = (await api().get(`/commitments?member=${zheng.id}&year=2011`)).body.items.sort((a: any, b: any) => a.id - b.id);
      expect(items.map((c: any) => c.completedAt?.slice(0, 10) ?? null)).toEqual(['2011-08-20', '2011-12-31', '2011-12-31', null]);
      // A day in Beijing time stays that day wherever the report is read.
      expect(items[0].completedAt).toBe('2011-08-20T04:00:00.000Z');
    });

    it('a batch of a past year\'s ledger marks its finished rows finished then, not on the day it was sent', async () => {
      const res = await api().post('/commitments/batch', {
        orgId: org['城关一支'],
        ledgerYear: 2011,
        rows: [{ key: 'cg1-2011-b1', subjectName: '郑华', category: '实事承诺', content: '为敬老院添置棉被20床', deadline: '2011年11月15日', status: '已完成' }],
      });
      expect(res.body.rows[0].result).toBe('created');
      const stored = (await api().get(`/commitments/${res.body.rows[0].id}`)).body;
      expect(stored.completedAt.slice(0, 10)).toBe('2011-11-15');
      expect(stored.submittedAt).toBe(NOW.toISOString()); // steps it went through now are dated now
    });
  });
});
