// The audit trail (issue 18) over real HTTP on SQLite and PostgreSQL: every write by any path
// leaves who/when/what/before/after; an auditor reads it (filtered, exported) and nothing else;
// nobody, admin included, can change or delete a row — the database itself refuses.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app';
import { appConfig } from '../server/config';
import { loadDemoCounty } from '../server/demo';
import { ensureAdminAccess } from '../server/users/store';
import { testDatabases } from './support/databases';
import { listRoutes, routeName, upload, ledgerCsv, PUBLIC_ROUTES } from './hostile.world';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';

const dbs = await testDatabases();
const GOOD = 'lotus-pavilion-62-ledger';

describe.each(dbs)('audit trail on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  let adminToken: string;
  let auditor: Api;
  let branch: number;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    adminToken = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    admin = server.api(adminToken);
    branch = (await admin.post('/orgs', { name: '红星村党支部', kind: 'branch' })).body.id;
    expect((await admin.post('/users', { login: 'sun.auditor', password: GOOD, name: '孙审计', role: 'auditor', orgId: null })).status).toBe(201);
    auditor = server.api(await server.login('sun.auditor', GOOD));
  });
  afterAll(() => server?.close());

  const rows = (where: { action?: string; entity?: string; entityId?: number }) => {
    let q = server.ctx.db.selectFrom('audit').selectAll().orderBy('id');
    if (where.action) q = q.where('action', '=', where.action);
    if (where.entity) q = q.where('entity', '=', where.entity);
    if (where.entityId) q = q.where('entity_id', '=', where.entityId);
    return q.execute();
  };

  it('records logout, import previews and commits, and batch-created rows with what they hold', async () => {
    const token = await server.login('sun.auditor', GOOD);
    expect((await server.api(token).post('/auth/logout')).status).toBe(204);
    const logout = await rows({ action: 'logout' });
    expect(logout.at(-1)).toMatchObject({ entity: 'user', user_id: expect.any(Number) });

    const preview = await upload(server.baseUrl, adminToken, '2011年台账.csv', ledgerCsv(), { org: String(branch), year: '2011' });
    expect(preview.status).toBe(201);
    const [previewed] = await rows({ action: 'import:preview', entityId: preview.body.id });
    expect(JSON.parse(previewed.after_json!)).toMatchObject({ fileName: '2011年台账.csv', orgId: branch, counts: { commitments: 1 } });
    expect((await admin.post(`/imports/${preview.body.id}/commit`, {})).status).toBe(200);
    const [committed] = await rows({ action: 'import:commit', entityId: preview.body.id });
    expect(JSON.parse(committed.after_json!)).toMatchObject({ status: 'committed', created: 1 });

    const batch = await admin.post('/commitments/batch', {
      rows: [{ key: 'audit-1', orgId: branch, year: 2011, subjectName: '赵刚', subjectType: '党员', category: '实事承诺', content: '为社区老人义务理发12次', deadline: '2011年12月底' }],
    });
    const id = batch.body.rows[0].id;
    const [created] = await rows({ action: 'batch:create', entityId: id });
    expect(created.user_id).not.toBeNull();
    expect(JSON.parse(created.after_json!)).toMatchObject({ key: 'audit-1', content: '为社区老人义务理发12次', deadline: '2011-12-31', org_id: branch });
  });

  it('lets the auditor read, filter and export the trail, and nothing else', async () => {
    const all = await auditor.get('/audit?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(5);
    expect(all.body.items).toHaveLength(5);
    const orgs = await auditor.get(`/audit?entity=organization&entityId=${branch}&action=create`);
    expect(orgs.body.items).toHaveLength(1);
    expect(orgs.body.items[0]).toMatchObject({ login: 'admin', action: 'create', after: { id: branch } });
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditor.get(`/audit?from=${today}&to=${today}&action=login`)).body.total).toBeGreaterThan(0);
    expect((await auditor.get('/audit?from=2001-01-01&to=2001-12-31')).body.total).toBe(0);
    expect((await auditor.get('/audit?from=yesterday')).status).toBe(400);

    // A login a spreadsheet would read as a formula signs in, so the export's login column holds it.
    expect((await admin.post('/users', { login: '-1-1@sum', password: GOOD, name: '公式', role: 'viewer', orgId: branch })).status).toBe(201);
    await server.login('-1-1@sum', GOOD);
    const csv = await fetch(`${server.baseUrl}/api/v1/audit/export?action=login`, { headers: { authorization: `Bearer ${await server.login('sun.auditor', GOOD)}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('操作 action');
    // It is written as text, never as a formula.
    expect(text).toContain(`"'-1-1@sum"`);
    expect(text).not.toMatch(/(^|,)"-1-1@sum"/m);

    // Everything but /me, the audit trail and the API description is closed to the auditor.
    const probe = await createApp(appConfig({ databaseUrl: url, scheduler: false }));
    const routes = listRoutes(probe.app).filter((r) => r.path.startsWith('/api/v1') && !PUBLIC_ROUTES.has(routeName(r)));
    await probe.close();
    const open = new Set(['GET /api/v1/me', 'GET /api/v1/audit', 'GET /api/v1/audit/export', 'GET /api/v1/openapi.json']);
    for (const route of routes.filter((r) => !open.has(routeName(r)))) {
      const path = route.path.replace('/api/v1', '').replace(/:id/g, '1').replace(':kind', 'annual');
      const res = route.method === 'GET' ? await auditor.get(`${path}?org=${branch}&period=2011`) : route.method === 'PATCH' ? await auditor.patch(path, {}) : route.method === 'DELETE' ? await auditor.delete(path) : await auditor.post(path, {});
      expect(res.status, routeName(route)).toBe(403);
      expect(res.body.code, routeName(route)).toBe('role.auditor');
    }
    // …and the trail is closed to everyone else, admins included.
    expect((await admin.get('/audit')).status).toBe(403);
  });

  it('refuses UPDATE and DELETE of audit rows in the database itself, through the app\'s own connection', async () => {
    const db = server.ctx.db;
    const count = async () => Number((await db.selectFrom('audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const first = await db.selectFrom('audit').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
    await expect(db.updateTable('audit').set({ action: 'nothing' }).where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit').where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit').execute()).rejects.toThrow(/append-only/);
    if (server.ctx.dialect === 'postgres') await expect(sql`truncate audit`.execute(db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
    expect(await db.selectFrom('audit').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow()).toEqual(first);
  });

  it('records the first admin and everything the demo loads', async () => {
    const created = await server.ctx.db.transaction().execute((trx) => ensureAdminAccess(trx, undefined, new Date(), 'startup'));
    expect(created.outcome).toBe('kept'); // the test server's admin is there already
    const county = await loadDemoCounty(server.ctx.db, { password: 'demo-county-password' });
    const counted = async (table: 'organizations' | 'members' | 'commitments' | 'progress_entries' | 'evaluations' | 'users') =>
      Number((await server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>=', 1).executeTakeFirstOrThrow()).n);
    const demoRows = await rows({ action: 'cli:demo' });
    const byEntity = (e: string) => demoRows.filter((r) => r.entity === e).length;
    expect(byEntity('commitment')).toBe(county.counts.commitments);
    expect(byEntity('member')).toBe(county.counts.members);
    expect(byEntity('progress_entry')).toBe(county.counts.progressEntries);
    expect(byEntity('evaluation')).toBe(county.counts.evaluations);
    expect(byEntity('organization')).toBe(county.counts.organizations);
    expect(byEntity('user')).toBe(county.logins.length);
    expect(demoRows.every((r) => r.after_json && !r.after_json.includes('password_hash'))).toBe(true);
    expect(await counted('commitments')).toBeGreaterThanOrEqual(county.counts.commitments);
  });
});
