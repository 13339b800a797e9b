// Housekeeping (server/housekeeping.ts) on SQLite and PostgreSQL: stale import previews, expired
// sessions and lapsed rate-limit counters are deleted — by the sweep at start of a process whose
// scheduler is on, and by two processes sweeping at once, each row once — while committed
// imports, live sessions and live counters stay.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../server/app';
import { appConfig } from '../server/config';
import { sweep } from '../server/housekeeping';
import { PREVIEW_HOURS } from '../server/imports/history';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { upload } from './fixtures/upload';

const LEDGER = readFileSync(new URL('./fixtures/sample-ledgers/p1-clean.xlsx', import.meta.url));
const dbs = await testDatabases();
const HOUR = 3600_000;

describe.each(dbs)('housekeeping on $name', ({ url }) => {
  let server: TestServer;
  let now = new Date('2011-07-06T09:00:00+08:00');
  const clock = () => now;
  let admin: string;
  let org: number;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    org = (await server.api(admin).post('/orgs', { name: '城关镇党委', kind: 'committee' })).body.id;
    await server.api(admin).post('/users', { login: 'chengguan', password: 'clerk-pass-2011', name: '城关干事', role: 'clerk', orgId: org });
  });
  afterAll(() => server?.close());

  const rows = async () => ({
    previews: (await server.ctx.db.selectFrom('imports').select('id').where('status', '=', 'previewed').execute()).map((r) => r.id),
    committed: (await server.ctx.db.selectFrom('imports').select('id').where('status', '=', 'committed').execute()).map((r) => r.id),
    sessions: (await server.ctx.db.selectFrom('sessions').select('id').execute()).length,
  });

  it('keeps what is live, then deletes previews left uncommitted past their hours and sessions past their expiry', async () => {
    const clerk = await server.login('chengguan', 'clerk-pass-2011');
    const kept = await upload(server, clerk, LEDGER, 'p1-clean.xlsx', { org, year: 2011 });
    const stale = await upload(server, admin, LEDGER, 'p1-clean.xlsx', { org, year: 2011 });
    expect([kept.status, stale.status]).toEqual([201, 201]);
    expect((await server.api(clerk).post(`/imports/${kept.body.id}/commit`, {})).status).toBe(200);

    expect(await sweep(server.ctx)).toMatchObject({ previews: 0, sessions: 0 });
    expect((await rows()).previews).toEqual([stale.body.id]);

    now = new Date(now.getTime() + (server.ctx.config.sessionTtlHours + 1) * HOUR);
    const fresh = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD); // signing in tidies only the admin's own
    const before = await rows();
    expect(await sweep(server.ctx)).toMatchObject({ previews: 0, sessions: before.sessions - 1 });
    expect((await rows()).sessions).toBe(1);
    expect((await server.api(fresh).get('/me')).status).toBe(200);

    now = new Date(now.getTime() + PREVIEW_HOURS * HOUR);
    expect(await sweep(server.ctx)).toMatchObject({ previews: 1 });
    const after = await rows();
    expect(after.previews).toEqual([]);
    expect(after.committed).toEqual([kept.body.id]); // the record of who imported what stays
    expect((await server.api(admin).post(`/imports/${stale.body.id}/commit`, {})).status).toBe(401); // the admin's session lapsed too
    const again = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    expect((await server.api(again).post(`/imports/${stale.body.id}/commit`, {})).status).toBe(404);
  });

  it('deletes rate-limit counters whose window ended over an hour ago, not a live one', async () => {
    for (let i = 0; i < 2; i++) expect((await server.api().post('/auth/login', { login: 'chengguan', password: 'wrong' })).status).toBe(401);
    const live = await server.ctx.db.selectFrom('rate_limits').select(['key', 'points']).where('key', 'like', 'login_failures:chengguan|%').execute();
    expect(live).toEqual([expect.objectContaining({ points: 2 })]);
    // What a guesser's counter looks like a day after its window ended (the library writes wall-clock ms).
    await server.ctx.db.insertInto('rate_limits').values({ key: 'login_failures:wang|10.1.1.1', points: 7, expire: Date.now() - 24 * HOUR }).execute();
    expect((await sweep(server.ctx)).rateLimits).toBe(1);
    const left = await server.ctx.db.selectFrom('rate_limits').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(live.map((r) => r.key));
  });

  it('lets two processes sweep at once: every stale row is deleted once, nothing fails', async () => {
    const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const previews = [];
    for (let i = 0; i < 6; i++) previews.push((await upload(server, token, LEDGER, 'p1-clean.xlsx', { org, year: 2011 })).body.id);
    for (let i = 0; i < 5; i++) await server.login('chengguan', 'clerk-pass-2011');
    now = new Date(now.getTime() + (PREVIEW_HOURS + 1) * HOUR);
    const sessions = (await rows()).sessions;
    const other: App = await createApp(appConfig({ databaseUrl: url, clock, scheduler: false }));
    try {
      const [a, b] = await Promise.all([sweep(server.ctx), sweep(other.ctx)]);
      expect(a.previews + b.previews).toBe(previews.length);
      expect(a.sessions + b.sessions).toBe(sessions);
      expect(await rows()).toMatchObject({ previews: [], sessions: 0 });
    } finally {
      await other.close();
    }
  });

  it('sweeps when a process with its scheduler on starts', async () => {
    await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    await upload(server, await server.login('chengguan', 'clerk-pass-2011'), LEDGER, 'p1-clean.xlsx', { org, year: 2011 });
    const later = new Date(now.getTime() + (PREVIEW_HOURS + 1) * HOUR);
    const started: App = await createApp(appConfig({ databaseUrl: url, clock: () => later, scheduler: true }));
    try {
      await expect.poll(async () => rows(), { timeout: 10_000 }).toMatchObject({ previews: [], sessions: 0 });
    } finally {
      await started.close();
    }
  });
});
