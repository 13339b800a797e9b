// The edges of the API against abuse (issue 18), over real HTTP on SQLite and PostgreSQL:
// bodies before authentication are small, nesting is bounded everywhere, malformed input is a
// 400 and never a 500, no API answer may be kept by a cache, and a report is re-sent by hand only
// a few times a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';

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

  const post = (path: string, body: string | Blob, auth = true) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('refuses a login body of more than a few kilobytes before reading it, and /healthz keeps answering', async () => {
    const big = new Blob([JSON.stringify({ login: 'admin', password: 'p'.repeat(4 * 1024 * 1024) })]);
    const healthMs = async () => {
      const started = performance.now();
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      return performance.now() - started;
    };
    await healthMs(); // warm
    const floods = Array.from({ length: 3 }, () => post('/auth/login', big, false).then(async (r) => ({ status: r.status, body: await r.json() })));
    // The middle of five looks while the floods are under way: one slow look on a busy machine is not the server.
    const looks = [];
    for (let i = 0; i < 5; i++) looks.push(await healthMs());
    expect(looks.sort((a, b) => a - b)[2]).toBeLessThan(200);
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

const resendDbs = await testDatabases();
describe.each(resendDbs)('re-sending a report by hand on $name', ({ url }) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let clock = new Date('2026-07-02T02:00:00Z');
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ databaseUrl: url, smtpUrl: smtp.url, clock: () => clock });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('allows a few resends per schedule a day, audits each, and refuses more with 429 and Retry-After', async () => {
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const org = (await admin.post('/orgs', { name: '城关镇党委', kind: 'committee' })).body.id;
    const recipients = Array.from({ length: 12 }, (_, i) => `shuji${i + 1}@town.example`);
    const schedule = (await admin.post('/schedules', { kind: 'monthly', orgId: org, cron: '0 8 1 * *', recipients })).body.id;
    const other = (await admin.post('/schedules', { kind: 'monthly', orgId: org, cron: '0 9 1 * *', recipients: ['zuzhi@town.example'] })).body.id;
    expect((await admin.post(`/schedules/${schedule}/run`)).body.sentTo).toHaveLength(12);

    for (let i = 0; i < 3; i++) {
      const res = await admin.post(`/schedules/${schedule}/run?resend=true`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.sentTo).toHaveLength(12);
    }
    const sent = smtp.messages.length;
    const refused = await admin.post(`/schedules/${schedule}/run?resend=true`);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('schedule.resend_limit');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(smtp.messages.length).toBe(sent); // nothing went out
    // The limit is per schedule: another one still re-sends.
    expect((await admin.post(`/schedules/${other}/run?resend=true`)).status).toBe(200);

    const audited = await server.ctx.db.selectFrom('audit').select(['user_id', 'after_json']).where('action', '=', 'resend').where('entity_id', '=', schedule).execute();
    expect(audited).toHaveLength(3);
    expect(audited.every((a) => a.user_id !== null)).toBe(true);

    // A day later the schedule may be re-sent again.
    clock = new Date(clock.getTime() + 24 * 3600_000 + 1000);
    const nextDay = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    expect((await nextDay.post(`/schedules/${schedule}/run?resend=true`)).status).toBe(200);
  });
});
