// Converting an old binary .xls from the workspace: the preview with a column the user set aside,
// the commit, the list of past imports (who, when, file, counts), and previews deleted once they
// are older than PREVIEW_HOURS.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { upload } from './fixtures/upload';
import { PREVIEW_HOURS } from '../server/imports/history';

const XLS = readFileSync(new URL('./fixtures/workspace/legacy-2011.xls', import.meta.url));
const dbs = await testDatabases();

describe.each(dbs)('imports from the workspace on $name', ({ url }) => {
  let server: TestServer;
  let admin: string;
  let clerk: string;
  let county: number;
  let now = new Date('2011-07-06T09:00:00+08:00');

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => now });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    county = (await server.api(admin).post('/orgs', { name: '东关社区党总支', kind: 'general_branch' })).body.id;
    await server.api(admin).post('/users', { login: 'dongguan', password: 'clerk-pass-2011', name: '东关干事', role: 'clerk', orgId: county });
    clerk = await server.login('dongguan', 'clerk-pass-2011');
  });
  afterAll(() => server?.close());

  it('previews the .xls: the summary sheet skipped with its reason, the impossible date rejected with its cell', async () => {
    const res = await upload(server, admin, XLS, 'legacy-2011.xls', { org: county, year: 2011 });
    expect(res.status).toBe(201);
    expect(res.body.sheets.map((s: any) => [s.name, s.taken, s.code ?? null])).toEqual([['承诺台账', true, null], ['汇总', false, 'sheet.no_header']]);
    expect(res.body.counts.commitments).toBe(4);
    expect(res.body.counts.byOrg).toEqual({ 东关社区第一党支部: 2, 东关社区第二党支部: 2 });
    expect(res.body.rejected).toEqual([expect.objectContaining({ sheet: '承诺台账', row: 6, column: 'G', code: expect.any(String) })]);
    expect(res.body.rejected[0].message).toContain('2011年2月30日');
    expect(res.body.warnings.filter((w: any) => w.code === 'import.unknown_org').map((w: any) => w.org)).toEqual(['东关社区第一党支部', '东关社区第二党支部']);
    expect(Date.parse(res.body.expiresAt) - now.getTime()).toBe(PREVIEW_HOURS * 3600_000);
  });

  it('takes the columns the user changed: 保障措施 set aside, 承诺人 read as 责任人 too', async () => {
    const res = await upload(server, admin, XLS, 'legacy-2011.xls', { org: county, year: 2011, mapping: JSON.stringify({ 承诺台账: { F: null } }) });
    expect(res.status).toBe(201);
    const columns = res.body.mapping[0].columns.map((c: any) => c.column);
    expect(columns).not.toContain('F');
    expect(res.body.mapping[0].unmapped).toContainEqual({ column: 'F', header: '保障措施' });
    expect(res.body.samples[0].measures).toBeNull();

    const bad = await upload(server, admin, XLS, 'legacy-2011.xls', { org: county, mapping: JSON.stringify({ 承诺台账: { F: 'salary' } }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('mapping');
  });

  it('commits, creating the missing branches, and lists the import with who, when, file and counts', async () => {
    const preview = await upload(server, admin, XLS, 'legacy-2011.xls', { org: county, year: 2011 });
    const done = await server.api(admin).post(`/imports/${preview.body.id}/commit`, { createMissingOrgs: true });
    expect(done.status).toBe(200);
    expect([done.body.created, done.body.updated, done.body.unchanged]).toEqual([4, 0, 0]);

    await upload(server, clerk, XLS, 'legacy-2011.xls', { year: 2011 });
    const list = await server.api(admin).get('/imports');
    expect(list.body.total).toBe(4);
    const committed = list.body.items.find((i: any) => i.id === preview.body.id);
    expect(committed).toMatchObject({
      kind: 'ledger', fileName: 'legacy-2011.xls', format: 'xls', status: 'committed', year: 2011, org: { id: county, name: '东关社区党总支' },
      by: { login: 'admin' }, counts: { records: 4, rejected: 1 }, result: { created: 4, updated: 0, unchanged: 0 }, expiresAt: null,
    });
    const mine = await server.api(clerk).get('/imports');
    expect(mine.body.items.map((i: any) => i.by.login)).toEqual(['dongguan']);

    // a reviewer of another organisation sees nothing of this one's imports
    const other = (await server.api(admin).post('/orgs', { name: '西关社区党总支', kind: 'general_branch' })).body.id;
    await server.api(admin).post('/users', { login: 'xiguan', password: 'review-pass-2011', name: '西关书记', role: 'reviewer', orgId: other });
    const outsider = await server.api(await server.login('xiguan', 'review-pass-2011')).get('/imports');
    expect(outsider.body).toEqual({ items: [], total: 0 });
  });

  it('deletes previews left uncommitted past their time; committing one then answers 404', async () => {
    const preview = await upload(server, admin, XLS, 'legacy-2011.xls', { org: county, year: 2011 });
    now = new Date(now.getTime() + (PREVIEW_HOURS + 1) * 3600_000);
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD); // a day later the old session is gone too
    const list = await server.api(admin).get('/imports');
    expect(list.body.items.map((i: any) => i.status)).toEqual(['committed']);
    const late = await server.api(admin).post(`/imports/${preview.body.id}/commit`, {});
    expect(late.status).toBe(404);
  });
});
