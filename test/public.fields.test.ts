// The fields public supervision adds, through the API as a clerk and a reviewer use them:
// 监督电话/邮箱 of an organisation, 创建目标 per year (printed on the 承诺书), the public flag of a
// progress note (off by default) and of a leader comment (leader comments only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testDatabases } from './support/databases';
import { startTestServer, type TestServer } from './support/server';
import { publicWorld, type PublicWorld } from './support/publicWorld';

const dbs = await testDatabases();

describe.each(dbs)('public supervision fields on $name', ({ url }) => {
  let server: TestServer;
  let world: PublicWorld;
  let pageUrl: string;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-07-15T04:00:00Z'), publicLimits: { pageReuseMs: 0 } });
    world = await publicWorld(server);
    pageUrl = (await world.clerk.post('/public-links', { orgId: world.org.chengguan, year: 2011 })).body.url;
  });
  afterAll(() => server?.close());

  it('keeps the supervision phone and e-mail of an organisation, and refuses what is neither', async () => {
    expect((await world.admin.get(`/orgs/${world.org.chengguan}`)).body).toMatchObject({ supervisionPhone: '0551-6812345', supervisionEmail: 'cgsq@qingshan.gov.cn' });
    const bad = await world.admin.patch(`/orgs/${world.org.dongfeng}`, { supervisionPhone: '请打电话', supervisionEmail: 'dongfeng at qq' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['supervisionEmail', 'supervisionPhone']);
    expect((await world.admin.get(`/orgs/${world.org.dongfeng}`)).body).toMatchObject({ supervisionPhone: null, supervisionEmail: null });
  });

  it('keeps the 创建目标 per year for those who keep the ledger, and prints it on the organisation’s 承诺书', async () => {
    expect((await world.clerk.put(`/orgs/${world.org.dongfeng}/goals/2011`, { goal: '别的村的目标' })).status).toBe(404);
    expect((await world.clerk.put(`/orgs/${world.org.chengguan}/goals/2011`, { goal: '   ' })).status).toBe(400);
    expect((await world.clerk.get(`/orgs/${world.org.chengguan}/goals`)).body.items).toEqual([
      expect.objectContaining({ year: 2011, goal: '创建“五好”服务型党支部，群众满意率达到95%以上' }),
    ]);
    const res = await fetch(`${server.baseUrl}/api/v1/reports/pledge-forms?org=${world.org.chengguan}&period=2011`, {
      headers: { authorization: `Bearer ${await server.login('cg-clerk', 'Qingshan-2011!')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const form = wb.getWorksheet('党组织承诺书')!;
    const goalRow = [...Array(form.rowCount).keys()].map((i) => form.getRow(i + 1)).find((r) => r.getCell(1).value === '创建目标')!;
    expect(goalRow.getCell(2).value).toBe('创建“五好”服务型党支部，群众满意率达到95%以上');
  });

  it('keeps a progress note off the public page until the clerk marks it public', async () => {
    const entries = await world.clerk.get(`/commitments/${world.item.clinic}/progress`);
    const privateNote = entries.body.items.find((e: { note: string }) => e.note.startsWith('走访低保户'));
    expect(privateNote.public).toBe(false);
    expect(await (await fetch(pageUrl)).text()).not.toContain('走访低保户');
    const marked = await world.clerk.patch(`/commitments/${world.item.clinic}/progress/${privateNote.id}`, { public: true });
    expect(marked.body.public).toBe(true);
    expect(await (await fetch(pageUrl)).text()).toContain('走访低保户王某某');
    const audit = await server.ctx.db.selectFrom('audit').select(['action', 'after_json']).where('entity', '=', 'progress_entry').where('entity_id', '=', privateNote.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('lets only leader comments be public', async () => {
    const res = await world.reviewer.post('/evaluations', { kind: 'survey', targetType: 'organization', targetId: world.org.dongfeng, period: '2011-H1', satisfied: 3, basicallySatisfied: 1, unsatisfied: 0, public: true });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'public', code: 'evaluation.public_not_comment' })]);
  });
});
