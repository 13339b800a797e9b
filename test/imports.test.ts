// Converting old ledgers over real HTTP, on SQLite and (when configured) PostgreSQL: every shared
// fixture's expected counts and sample records, our own layouts, commit and re-commit, scope.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { formulasXlsx, gbkCsv, legacyXls, severalSheetsXlsx, twoRowHeaderXlsx, wideFormXlsx } from './fixtures/ledgers';
import { upload } from './fixtures/upload';
import { ledgerFixture } from './support/fixtures';
import { placedKey } from '../server/imports/keys';

const dbs = await testDatabases();

const tally = (items: any[], key: string) => items.reduce((acc, r) => ((acc[r[key]] = (acc[r[key]] ?? 0) + 1), acc), {} as Record<string, number>);

describe.each(dbs)('imports on $name', ({ url }) => {
  let server: TestServer;
  let admin: string;
  const org: Record<string, number> = {};

  const api = () => server.api(admin);
  const records = async (token: string, id: number) => (await server.api(token).get(`/imports/${id}/records?limit=1000`)).body.items as any[];
  /** The stored records of preview keys: each is stored under its key and the organisation it went to. */
  const stored = async (keys: string[]) => {
    const orgIds = (await server.ctx.db.selectFrom('organizations').select('id').execute()).map((o) => o.id);
    const preview = new Map(keys.flatMap((k) => orgIds.map((o) => [placedKey(k, o), k] as const)));
    const rows = await server.ctx.db.selectFrom('commitments').selectAll().where('key', 'in', [...preview.keys()]).execute();
    return rows.map((r) => ({ ...r, key: preview.get(r.key!)! }));
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const make = async (name: string, kind: string, parentId?: number) => {
      const res = await api().post('/orgs', { name, kind, ...(parentId && { parentId }) });
      expect(res.status).toBe(201);
      return (org[name] = res.body.id);
    };
    const county = await make('县委', 'committee');
    await make('胡川学区党支部', 'branch', county);
    await make('县卫生局机关党支部', 'branch', county);
    const town = await make('城关镇党委', 'committee', county);
    await make('城关第一支部', 'branch', town);
    await make('别处党委', 'committee');
  });
  afterAll(() => server?.close());

  describe.each(['p1-clean', 'p2-titled', 'p3-utf8'])('fixture %s', (name) => {
    const expected = JSON.parse(readFileSync(ledgerFixture(`${name}.expected.json`), 'utf8'));
    let preview: any;
    let items: any[];

    beforeAll(async () => {
      const fields = { org: expected.importParams.org ? org[expected.importParams.org] : org['县委'], year: expected.importParams.ledgerYear };
      const res = await upload(server, admin, readFileSync(ledgerFixture(expected.file)), expected.file, fields);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      preview = res.body;
      items = await records(admin, preview.id);
    });

    it('counts what the expected file says', () => {
      expect(preview.counts).toEqual({
        commitments: expected.commitments,
        byCategory: expected.byCategory,
        bySubjectType: expected.bySubjectType,
        byStatus: expected.byStatus,
        byOrg: expected.byOrg,
      });
      expect(items).toHaveLength(expected.commitments);
      expect(tally(items, 'org')).toEqual(expected.byOrg);
      expect(new Set(items.map((r) => r.subject)).size).toBe(expected.distinctSubjects);
      expect(items.filter((r) => r.deadline === 'ongoing')).toHaveLength(expected.ongoingDeadlines);
    });

    it('takes the expected sheets and rejects exactly the expected rows, saying where and why', () => {
      const taken = preview.sheets.filter((s: any) => s.taken).map((s: any) => s.name);
      expect(taken).toEqual(expected.sheetsImported ?? [null]);
      const rejectedRows = [...new Set(preview.rejected.map((r: any) => `${r.sheet}|${r.row}`))];
      expect(rejectedRows).toEqual(expected.rowsRejected.map((r: any) => `${r.sheet}|${r.row}`));
      for (const r of preview.rejected) {
        expect(r.code).toMatch(/\./);
        expect(r.message).toMatch(/[\u4e00-\u9fff]/); // Chinese by default
      }
    });

    it('ignores the rows the expected file lists as not commitments', () => {
      const sheet = preview.sheets.find((s: any) => s.taken);
      const ignored = sheet.ignored.map((i: any) => i.row);
      for (const row of expected.rowsIgnored) {
        if (row.row < sheet.headerRow) continue; // title and 填报单位 rows sit above the header
        expect(ignored).toContain(row.row);
      }
      const headerRow = expected.rowsIgnored.filter((r: any) => r.row < sheet.headerRow).length + 1;
      expect(sheet.headerRow).toBe(headerRow);
    });

    it('converts every sample field by field', () => {
      for (const sample of expected.samples) {
        const record = items.find((r) => r.sheet === sample.source.sheet && r.row === sample.source.row);
        expect(record, `row ${sample.source.row}`).toBeDefined();
        if (sample.source.line) expect(record.line).toBe(sample.source.line);
        for (const [field, value] of Object.entries(sample.record)) {
          expect(record[field], `row ${sample.source.row} ${field}`).toEqual(value);
        }
      }
    });

    it('commits in one go, and the same file again adds nothing', async () => {
      const first = await api().post(`/imports/${preview.id}/commit`, {});
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ created: expected.commitments, updated: 0, unchanged: 0 });
      const rows = await stored(items.map((r) => r.key));
      expect(rows).toHaveLength(expected.commitments);
      // An admin migrates statuses as written.
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const r of items) expect(byKey.get(r.key)!.status).toBe(r.status);

      const again = await upload(server, admin, readFileSync(ledgerFixture(expected.file)), expected.file, {
        org: expected.importParams.org ? org[expected.importParams.org] : org['县委'],
        year: expected.importParams.ledgerYear,
      });
      const second = await api().post(`/imports/${again.body.id}/commit`, {});
      expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: expected.commitments });
      expect(await stored(items.map((r) => r.key))).toHaveLength(expected.commitments);
    });
  });

  it('p1: the organisations the ledger names were created as branches under the import org', async () => {
    const res = await upload(server, admin, readFileSync(ledgerFixture('p1-clean.xlsx')), 'p1.xlsx', { org: org['县委'], year: 2011 });
    const unknown = res.body.warnings.filter((w: any) => w.code === 'import.unknown_org').map((w: any) => w.org);
    // The fixture test above already created them; a fresh look shows none unknown now.
    expect(unknown).toEqual([]);
    const created = await server.ctx.db.selectFrom('organizations').select(['name', 'parent_id', 'kind']).where('name', 'in', ['胡川学区第一党支部', '城关镇卫生院党支部']).execute();
    expect(created).toHaveLength(2);
    for (const o of created) expect(o).toMatchObject({ parent_id: org['县委'], kind: 'branch' });
  });

  it('two-row header with merges: fills merged names down; unknown orgs warned with the closest; kept in the import org when asked', async () => {
    const res = await upload(server, admin, await twoRowHeaderXlsx(), 'two.xlsx', { org: org['城关镇党委'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.mapping[0]).toMatchObject({ headerRow: 2, headerRows: 2 });
    expect(res.body.mapping[0].columns.map((c: any) => c.field)).toEqual(['seq', 'subject', 'org', 'category', 'content', 'measures', 'deadline', 'status']);
    expect(res.body.counts.commitments).toBe(5);
    const items = await records(admin, res.body.id);
    expect(items.map((r) => [r.row, r.subject, r.org, r.year])).toEqual([
      [4, '张三', '城关一支部', 2012],
      [5, '张三', '城关一支部', 2012],
      [6, '李四', '城关一支部', 2012],
      [7, '王五', '城关二支部', 2012],
      [8, '王五', '城关二支部', 2012],
    ]);
    const warning = res.body.warnings.find((w: any) => w.org === '城关一支部');
    expect(warning).toMatchObject({ code: 'import.unknown_org', closest: '城关第一支部' });
    expect(warning.message).toContain('城关第一支部');

    const commit = await api().post(`/imports/${res.body.id}/commit`, { createMissingOrgs: false });
    expect(commit.body).toMatchObject({ created: 5, createdOrgs: [] });
    const rows = await stored(items.map((r) => r.key));
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([org['城关镇党委']]));
  });

  it('wide form: one record per filled category cell; a member row with none is rejected', async () => {
    const res = await upload(server, admin, await wideFormXlsx(), 'wide.xlsx', { org: org['胡川学区党支部'] });
    expect(res.body.counts).toMatchObject({ commitments: 5, byCategory: { common: 2, post: 2, deed: 1, discipline: 0 } });
    expect(res.body.rejected.map((r: any) => [r.row, r.column, r.code])).toEqual([[5, 'C', 'field.required']]);
    const items = await records(admin, res.body.id);
    expect(items.every((r) => r.year === 2011 && r.org === '胡川学区党支部')).toBe(true);
  });

  it('several sheets: ledgers taken, instructions and summary skipped with a note', async () => {
    const res = await upload(server, admin, await severalSheetsXlsx(), 'sheets.xlsx', { org: org['县卫生局机关党支部'], year: 2013 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.sheets.map((s: any) => [s.name, s.taken, s.code ?? null])).toEqual([
      ['填表说明', false, 'sheet.no_header'],
      ['一支部', true, null],
      ['二支部', true, null],
      ['汇总', false, 'sheet.summary'],
    ]);
    expect(res.body.sheets[3].reason).toContain('汇总表');
    expect(res.body.counts.commitments).toBe(3);
  });

  it('old binary .xls and a GBK CSV convert like any other ledger', async () => {
    const xls = await upload(server, admin, legacyXls(), '2010.xls', { org: org['县卫生局机关党支部'] });
    expect(xls.status, JSON.stringify(xls.body)).toBe(201);
    expect(xls.body).toMatchObject({ format: 'xls', counts: { commitments: 3, byStatus: { completed: 1, in_progress: 1, published: 1 } } });
    const xlsItems = await records(admin, xls.body.id);
    expect(xlsItems.map((r) => [r.subject, r.deadline])).toEqual([['孙六', '2010-06-30'], ['孙六', '2010-12-31'], ['周七', '2010-09-30']]);

    const csv = await upload(server, admin, gbkCsv(), 'gbk.csv', { org: org['县卫生局机关党支部'], year: 2014 });
    expect(csv.body).toMatchObject({ format: 'csv', encoding: 'gb18030', counts: { commitments: 3 } });
    const csvItems = await records(admin, csv.body.id);
    expect(csvItems[2].content).toBe('帮助修建\n农家书屋1个');
  });

  it('formulas give cached values, never evaluated; = + - @ text stays text; an over-long cell is rejected with its place', async () => {
    const res = await upload(server, admin, await formulasXlsx(), 'f.xlsx', { org: org['县卫生局机关党支部'], year: 2015 });
    expect(res.body.rejected.map((r: any) => [r.row, r.column, r.code])).toEqual([
      [3, 'C', 'field.required'],
      [8, 'C', 'field.too_long'],
    ]);
    const items = await records(admin, res.body.id);
    expect(items.map((r) => r.content)).toEqual([
      '按时交纳党费（缓存值）',
      '=HYPERLINK("http://example.invalid","点我")',
      '+86 热线随时接听',
      '-5℃以下天气送温暖',
      '@全体党员 每月学习一次',
    ]);
    await api().post(`/imports/${res.body.id}/commit`, {});
    const rows = await stored(items.map((r) => r.key));
    expect(rows.map((r) => r.content).sort()).toEqual(items.map((r) => r.content).sort());
  });

  it('answers in English when asked', async () => {
    const res = await upload(server, admin, await wideFormXlsx(), 'wide.xlsx', { org: org['胡川学区党支部'] }, { 'accept-language': 'en' });
    expect(res.body.rejected[0].message).toBe('The content is required');
  });

  describe('who may import what', () => {
    let clerk: string;
    let otherClerk: string;
    let reviewer: string;
    let viewer: string;
    beforeAll(async () => {
      const user = async (login: string, role: string, orgId: number) => {
        const res = await api().post('/users', { login, password: 'a-long-password-1', name: login, role, orgId });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return server.login(login, 'a-long-password-1');
      };
      clerk = await user('imp-clerk', 'clerk', org['县卫生局机关党支部']);
      otherClerk = await user('imp-clerk2', 'clerk', org['胡川学区党支部']);
      reviewer = await user('imp-reviewer', 'reviewer', org['县委']);
      viewer = await user('imp-viewer', 'viewer', org['县委']);
    });

    it('a viewer may not import; nobody imports into an organisation outside their scope', async () => {
      expect((await upload(server, viewer, gbkCsv(), 'a.csv', { year: 2014 })).status).toBe(403);
      const outside = await upload(server, clerk, gbkCsv(), 'a.csv', { org: org['别处党委'], year: 2014 });
      expect(outside.status).toBe(404);
      expect(outside.type).toContain('application/problem+json');
    });

    it("another user's import answers 404, to read and to commit", async () => {
      const mine = await upload(server, clerk, gbkCsv(), 'a.csv', { year: 2016 });
      expect(mine.status).toBe(201);
      expect(mine.body.org.id).toBe(org['县卫生局机关党支部']); // the clerk's own organisation by default
      expect((await server.api(otherClerk).get(`/imports/${mine.body.id}`)).status).toBe(404);
      expect((await server.api(otherClerk).post(`/imports/${mine.body.id}/commit`, {})).status).toBe(404);
      expect((await server.api(admin).get(`/imports/${mine.body.id}/records`)).status).toBe(404);
    });

    it('a reviewer migrates statuses as written; a clerk gets only the statuses a clerk may set, with warnings', async () => {
      const byReviewer = await upload(server, reviewer, gbkCsv(), 'a.csv', { org: org['城关第一支部'], year: 2014 });
      const items = await records(reviewer, byReviewer.body.id);
      const commit = await server.api(reviewer).post(`/imports/${byReviewer.body.id}/commit`, {});
      expect(commit.body).toMatchObject({ created: 3, warnings: [] });
      expect((await stored(items.map((r) => r.key))).map((r) => r.status).sort()).toEqual(['completed', 'in_progress', 'published']);

      const byClerk = await upload(server, clerk, gbkCsv(), 'a.csv', { year: 2014 });
      const clerkItems = await records(clerk, byClerk.body.id);
      const clerkCommit = await server.api(clerk).post(`/imports/${byClerk.body.id}/commit`, {});
      expect(clerkCommit.status).toBe(200);
      expect(clerkCommit.body.created).toBe(3);
      expect(clerkCommit.body.warnings.length).toBeGreaterThan(0);
      expect(clerkCommit.body.warnings[0]).toMatchObject({ code: 'status.not_allowed', field: 'status' });
      const statuses = (await stored(clerkItems.map((r) => r.key))).map((r) => r.status);
      expect(statuses).not.toContain('completed');
    });

    it('a commit that cannot store every record stores none', async () => {
      await api().post('/orgs', { name: '重名支部', kind: 'branch', parentId: org['县委'] });
      await api().post('/orgs', { name: '重名支部', kind: 'branch', parentId: org['城关镇党委'] });
      const csv = Buffer.from('所在支部,姓名,承诺类别,承诺内容,完成时限\n县卫生局机关党支部,甲,共性承诺,回滚测试一,长期\n重名支部,乙,共性承诺,回滚测试二,长期\n');
      const res = await upload(server, admin, csv, 'dup.csv', { org: org['县委'], year: 2019 });
      const items = await records(admin, res.body.id);
      const before = await server.ctx.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const commit = await api().post(`/imports/${res.body.id}/commit`, {});
      expect(commit.status).toBe(422);
      expect(commit.body).toMatchObject({ code: 'import.commit_rejected' });
      expect(commit.body.errors[0]).toMatchObject({ row: 3, code: 'org.ambiguous' });
      const after = await server.ctx.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      expect(await stored(items.map((r) => r.key))).toEqual([]);
    });
  });
});
