// The edges of the API against abuse (issue 18), over real HTTP on SQLite and PostgreSQL:
// bodies before authentication are small, nesting is bounded everywhere, malformed input is a
// 400 and never a 500, and no API answer may be kept by a cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';

const dbs = await testDatabases();

/** `[[[…]]]` of the given depth, as JSON text. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe.each(dbs)('edges of the API on $name', ({ url }) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  });
  afterAll(() => server?.close());

  const post = (path: string, body: string, auth = true) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('refuses a login body of more than a few kilobytes before reading it, and /healthz keeps answering', async () => {
    const big = JSON.stringify({ login: "admin", password: "p".repeat(8 * 1024 * 1024) });
    const floods = Array.from({ length: 3 }, () => post('/auth/login', big, false).then(async (r) => ({ status: r.status, body: await r.json() })));
    const started = Date.now();
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(200);
    for (const res of await Promise.all(floods)) {
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('body_too_large');
      expect(res.body.detail).toContain(String(server.ctx.config.publicJsonLimitBytes));
    }
    // A real login (a few hundred bytes) still goes through.
    expect((await server.api().post('/auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('refuses a body to a guarded route before authentication with 401, whatever its size', async () => {
    const res = await post('/commitments/batch', " ".repeat(2 * 1024 * 1024), false);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('unauthenticated');
  });

  it('answers a megabyte of nested arrays with 400 json.too_deep, before and after signing in', async () => {
    for (const [path, auth, body] of [
      ['/commitments/batch', true, `{"rows":${nested(500_000)}}`],
      ['/auth/login', false, `{"login":${nested(1000)}}`],
    ] as const) {
      const res = await post(path, body, auth);
      const answer = await res.json();
      expect(res.status, `${path}: ${JSON.stringify(answer)}`).toBe(400);
      expect(answer.code).toBe('json.too_deep');
    }
    // Nesting as deep as real requests go is fine: a batch row with a phased plan.
    const row = { key: 'edge-1', orgName: '无此支部', year: 2011, subjectName: '李明', subjectType: '党员', category: '实事承诺', content: '修缮村道', deadline: '2011年9月底', plan: [{ by: '2011-06-30', target: '选址' }] };
    const ok = await post('/commitments/batch', JSON.stringify({ rows: [row] }));
    expect(ok.status).toBeLessThan(500);
    expect((await ok.json()).code).not.toBe('json.too_deep');
  });

  it('marks every API answer Cache-Control: no-store, the login token first', async () => {
    const login = await server.api().post('/auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD });
    const answers = [
      login,
      await server.api(token).get('/me'),
      await server.api(token).get('/orgs'),
      await server.api().get('/me'), // a 401 problem
      await server.api().get('/healthz'),
    ];
    for (const res of answers) expect(res.headers.get('cache-control'), `${res.status} ${JSON.stringify(res.body).slice(0, 80)}`).toBe('no-store');
    expect((await fetch(`${server.baseUrl}/healthz`)).headers.get('cache-control')).toBe('no-store');
  });
});
