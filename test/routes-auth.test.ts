// Every route the app actually mounts (read from the Express router stack, not from a list kept
// by hand) refuses missing, forged, expired and ended tokens, and refuses users of another branch
// — on SQLite and (when configured) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app';
import { appConfig } from '../server/config';
import { createSession } from '../server/auth/sessions';
import { testDatabases } from './support/databases';
import { startTestServer, type Api, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import {
  expectNoInternals,
  expectProblem,
  listRoutes,
  MARK,
  PASSWORD,
  PUBLIC_ROUTES,
  routeName,
  seedWorld,
  send,
  WRITE_BODIES,
  type Route,
  type World,
} from './hostile.world';

const dbs = await testDatabases();

describe.each(dbs)('routes and tokens on $name', ({ url }) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let world: World;
  let routes: Route[];
  let guarded: Route[];

  beforeAll(async () => {
    smtp = await startSmtp(); // so the owner's "run a schedule now" really sends
    server = await startTestServer({ databaseUrl: url, smtpUrl: smtp.url });
    world = await seedWorld(server);
    // A second app from the same factory, only to read its router stack.
    const probe = await createApp(appConfig({ databaseUrl: url, scheduler: false }));
    routes = listRoutes(probe.app);
    await probe.close();
    guarded = routes.filter((r) => !PUBLIC_ROUTES.has(routeName(r)));
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** Every table but sessions, as text: what a refused request must leave as it was. */
  const snapshot = async () => {
    const tables = ['organizations', 'members', 'users', 'commitments', 'progress_entries', 'evaluations', 'rectifications', 'audit', 'schedules', 'deliveries', 'imports', 'attachments'] as const;
    const out: Record<string, unknown> = {};
    for (const t of tables) out[t] = await server.ctx.db.selectFrom(t).selectAll().orderBy('id').execute();
    return JSON.stringify(out);
  };

  it('reads the routes of DESIGN §7 from the router stack', () => {
    const names = routes.map(routeName);
    for (const expected of [
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'GET /api/v1/orgs',
      'PATCH /api/v1/users/:id',
      'POST /api/v1/commitments/batch',
      'PATCH /api/v1/commitments/:id',
      'POST /api/v1/commitments/:id/transitions',
      'POST /api/v1/evaluations',
      'GET /api/v1/reports/:kind',
      'GET /api/v1/deliveries',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('has an owner request for every write route, so the scope and hostile-input tests reach it', () => {
    const missing = routes.filter((r) => r.method !== 'GET' && !WRITE_BODIES[routeName(r)]).map(routeName);
    expect(missing, 'add these to WRITE_BODIES in test/hostile.world.ts').toEqual([]);
  });

  it('answers the public routes without a token', async () => {
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await server.api().get('/healthz')).status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ ok: true, database: server.ctx.dialect });
  });

  it('refuses every other route without a live token: 401 problem, nothing changed', async () => {
    const expired = await createSession({ ...server.ctx, now: () => new Date(Date.now() - 13 * 3600_000) }, world.user.clerkA);
    const loggedOut = await server.login('clerk-a', PASSWORD);
    expect((await server.api(loggedOut).post('/auth/logout')).status).toBe(204);
    const disabledUser = await world.admin.post('/users', { login: 'leaver', password: PASSWORD, name: '调离', role: 'clerk', orgId: world.org.a });
    const disabledToken = await server.login('leaver', PASSWORD);
    expect((await world.admin.patch(`/users/${disabledUser.body.id}`, { disabled: true })).status).toBe(200);
    const flipped = world.clerkAToken.slice(0, -1) + (world.clerkAToken.endsWith('A') ? 'B' : 'A');

    const before = await snapshot();
    const bad: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['empty bearer', { authorization: 'Bearer ' }],
      ['basic auth', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ['forged token', { authorization: 'Bearer dGhpcy1pcy1ub3QtYS1yZWFsLXRva2VuLWF0LWFsbC4u' }],
      ['one character changed', { authorization: `Bearer ${flipped}` }],
      ['SQL in the token', { authorization: "Bearer x' OR '1'='1" }],
      ['expired token', { authorization: `Bearer ${expired.token}` }],
      ['logged-out token', { authorization: `Bearer ${loggedOut}` }],
      ['disabled user', { authorization: `Bearer ${disabledToken}` }],
    ];
    const anonymous = server.api();
    for (const route of guarded) {
      for (const [what, headers] of bad) {
        const res = await send(anonymous, route, world, undefined, headers);
        expect(res.status, `${routeName(route)} with ${what}`).toBe(401);
        expectProblem(res);
        expect(res.body.code).toBe('unauthenticated');
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses a sibling branch's admin, clerk and viewer on every route aimed at branch A, and changes nothing", async () => {
    const before = await snapshot();
    const others: Array<[string, Api]> = [
      ['admin of branch B', world.adminB],
      ['clerk of branch B', world.clerkB],
      ['viewer of branch B', world.viewerB],
    ];
    for (const route of guarded) {
      for (const [who, api] of others) {
        const res = await send(api, route, world);
        const where = `${routeName(route)} as ${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        if (res.status < 300) {
          // Only reads of one's own scope may answer, and they must hold nothing of branch A;
          // a batch answers row by row, and then every row must be rejected; a bulk transition
          // item by item, and then every item must be refused.
          if (route.method === 'GET') expect(JSON.stringify(res.body), where).not.toContain(MARK);
          else {
            const items: Array<{ result?: string; ok?: boolean }> | undefined = res.body.rows ?? res.body.results;
            expect(items?.every((r) => r.result === 'rejected' || r.ok === false), where).toBe(true);
          }
        } else {
          expect([403, 404], where).toContain(res.status);
          expectProblem(res);
        }
        expectNoInternals(res);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("lets the owner make each of those requests, so the refusals above are scope, not bad requests", async () => {
    for (const route of guarded) {
      // The audit trail is the auditor's alone; everything else the root admin's.
      const owner = route.path.startsWith('/api/v1/audit') ? world.auditor : world.admin;
      const res = await send(owner, route, world);
      expect(res.status, `${routeName(route)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(300);
    }
  });
});
