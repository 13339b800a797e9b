// Login, sessions and problem documents over real HTTP, on SQLite and (when configured) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSqlite, testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';

const dbs = await testDatabases();

describe.each(dbs)('auth on $name', ({ url }) => {
  let server: TestServer;
  let clock = new Date('2026-03-02T08:00:00Z');
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => clock });
  });
  afterAll(() => server?.close());

  it('answers healthz without a token', async () => {
    const res = await server.api().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });

  it('logs in, answers /me, and logs out', async () => {
    const login = await server.api().post('/auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ login: 'admin', role: 'admin', orgId: null });
    const token = login.body.token as string;
    expect(token.length).toBeGreaterThan(30);

    const me = await server.api(token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user.login).toBe('admin');
    expect(me.body.scope.wholeTree).toBe(true);

    // The token is stored only as its hash.
    const stored = await server.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);

    expect((await server.api(token).post('/auth/logout')).status).toBe(204);
    expect((await server.api(token).get('/me')).status).toBe(401);
  });

  it('rejects missing, unknown and expired tokens with a problem document', async () => {
    const none = await server.api().get('/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body).toMatchObject({ status: 401, code: 'unauthenticated', title: '请先登录' });
    expect(none.body).not.toHaveProperty('stack');

    const en = await server.api('nonsense').get('/me', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.status).toBe(401);
    expect(en.body.title).toBe('Please log in');

    const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    clock = new Date(clock.getTime() + (server.ctx.config.sessionTtlHours + 1) * 3600_000);
    expect((await server.api(token).get('/me')).status).toBe(401);
  });

  it('refuses a wrong password and slows down repeated guessing', async () => {
    const wrong = () => server.api().post('/auth/login', { login: 'admin', password: 'guess' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await wrong()).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    // Even the right password waits out the delay…
    const early = await server.api().post('/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
    expect(early.status).toBe(429);
    // …and works once it has passed: real seconds, whatever the server's clock says.
    clock = new Date(clock.getTime() + 3600_000);
    expect((await server.api().post('/auth/login', { login: 'admin', password: ADMIN_PASSWORD })).status).toBe(429);
    await new Promise((ok) => setTimeout(ok, Number(early.headers.get('retry-after')) * 1000 + 50));
    expect((await server.api().post('/auth/login', { login: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('names the fields of a malformed login', async () => {
    const res = await server.api().post('/auth/login', { login: '', password: 5 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['login', 'password']);
  });

  it('answers 404 problem for unknown API paths and 400 for broken JSON', async () => {
    const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    expect((await server.api(token).get('/no-such-thing')).body.code).toBe('no_route');
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('malformed_json');
  });
});

describe('OpenAPI document', () => {
  it('is served to a logged-in user and lists only routes the app answers', async () => {
    const db = freshSqlite();
    const server = await startTestServer({ databaseUrl: db.url });
    try {
      expect((await server.api().get('/openapi.json')).status).toBe(401);
      const token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      const res = await server.api(token).get('/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      // Every documented GET without path parameters answers something other than "no such endpoint".
      for (const [path, item] of Object.entries(res.body.paths as Record<string, { get?: unknown }>)) {
        if (!item.get || path.includes('{')) continue;
        const answer = await server.api(token).get(path);
        expect(answer.body?.code, path).not.toBe('no_route');
      }
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
