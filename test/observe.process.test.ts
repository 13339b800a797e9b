// Watching the running server as an operator would (issue 17): the real server process on the
// demo county, its JSON access log read from its output, GET /metrics scraped from its own
// port, and /readyz answering 503 once the database breaks. SQLite and PostgreSQL.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, sqlitePath } from '../server/db/open';
import { loadDemoCounty } from '../server/demo';
import { testDatabases, type TestDatabase } from './support/databases';
import { ledgerFixture } from './support/fixtures';
import { startSmtp, type TestSmtp } from './support/smtp';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const dbs = await testDatabases();
const DEMO_PASSWORD = 'county-watch-lantern-7';
const COOKIE = 'ledger_session=cookie-secret-4f1c9a';

interface Access {
  level: string;
  reqId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  userId?: number;
  msg: string;
}

/** The access log lines the server has printed so far. */
function accessLines(server: ServerProcess): Access[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Access)
    .filter((l) => l.route !== undefined);
}

/** One sample of the Prometheus text: `name{a="x",b="y"}` → its value, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** Makes the database unusable under the running server. */
async function breakDatabase(db: TestDatabase): Promise<void> {
  if (db.name === 'postgres') return db.drop(); // DROP DATABASE … WITH (FORCE) ends the server's connections
  // A disk fault: the database file, its write-ahead log and their index overwritten with junk.
  for (const file of ['', '-wal', '-shm'].map((end) => `${sqlitePath(db.url)}${end}`)) {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(statSync(file).size, 0x5a));
    closeSync(fd);
  }
}

describe.each(dbs)('observing the server on $name', (db) => {
  let server: ServerProcess;
  let metricsPort: number;
  const base = () => `http://127.0.0.1:${server.port}`;
  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  let smtp: TestSmtp;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await smtp?.close();
  });

  let token = '';
  let countyId = 0;
  let branchId = 0;
  let publicToken = '';
  let ballotCode = '';

  it('starts on the demo county with metrics on their own local port', { timeout: 240_000 }, async () => {
    const opened = await openDatabase(db.url);
    const demo = await loadDemoCounty(opened.db, { password: DEMO_PASSWORD });
    countyId = demo.countyId;
    branchId = (await opened.db.selectFrom('organizations').select('id').where('parent_id', '=', countyId).orderBy('id').executeTakeFirstOrThrow()).id;
    await opened.close();

    metricsPort = await freePort();
    smtp = await startSmtp();
    server = await startServerProcess({ env: { DATABASE_URL: db.url, HTTPS: '0', METRICS_PORT: String(metricsPort), SCHEDULER: '1', SMTP_URL: smtp.url, LOG_LEVEL: '' } });
    expect(server.output()).toContain(`Metrics for Prometheus: http://127.0.0.1:${metricsPort}/metrics`);
    // Not on the API's port, which the proxy exposes.
    expect((await fetch(`${base()}/metrics`)).status).toBe(404);
  });

  it('logs one JSON line per request with its id, route pattern and user, and nothing secret', { timeout: 120_000 }, async () => {
    const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base()}${path}`, {
        method,
        headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const login = await api('POST', '/api/v1/auth/login', { login: 'admin', password: DEMO_PASSWORD }, { 'X-Request-Id': 'login-0001-from-nginx' });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-request-id')).toBe('login-0001-from-nginx');
    token = ((await login.json()) as { token: string }).token;

    const me = await api('GET', '/api/v1/me', undefined, { cookie: COOKIE });
    expect(me.status).toBe(200);
    const meId = me.headers.get('x-request-id')!;
    expect(meId).toMatch(/^[0-9a-f-]{36}$/);

    // An id that could forge log lines or headers is replaced by one of the server's own.
    const forged = await api('GET', `/api/v1/orgs/${countyId}`, undefined, { 'X-Request-Id': 'x"} {"level":60' });
    expect(forged.status).toBe(200);
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // A problem document carries the id its response header gives.
    const missing = await api('GET', '/api/v1/commitments/987654321');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { requestId: string }).requestId).toBe(missing.headers.get('x-request-id'));

    const link = await api('POST', '/api/v1/public-links', { orgId: branchId, year: 2011 });
    expect(link.status).toBe(200);
    publicToken = ((await link.json()) as { token: string }).token;
    const survey = await api('POST', '/api/v1/surveys', { orgId: branchId, period: '2011', ballots: 2, closesOn: '2099-12-31' });
    expect(survey.status).toBe(201);
    ballotCode = ((await survey.json()) as { codes: string[] }).codes[0];
    token = '';
    expect((await api('GET', `/p/${publicToken}`)).status).toBe(200);
    expect((await api('GET', `/s/${ballotCode}`)).status).toBe(200);
    const answered = await fetch(`${base()}/s/${ballotCode}`, { method: 'POST', body: new URLSearchParams({ answer: 'satisfied' }) });
    expect(answered.status).toBe(200);
    expect((await api('POST', '/api/v1/auth/login', { login: 'admin', password: 'not-the-password-9' })).status).toBe(401);

    // Each line is written once its answer has gone out: wait for the last.
    await expect.poll(() => accessLines(server).filter((l) => l.route === '/api/v1/auth/login').length).toBe(2);
    const lines = accessLines(server);
    const byId = (id: string) => lines.find((l) => l.reqId === id);
    expect(byId('login-0001-from-nginx')).toMatchObject({ level: 'info', method: 'POST', route: '/api/v1/auth/login', status: 200, msg: 'POST /api/v1/auth/login 200' });
    expect(byId(meId)).toMatchObject({ method: 'GET', route: '/api/v1/me', status: 200, userId: expect.any(Number) });
    expect(byId(missing.headers.get('x-request-id')!)).toMatchObject({ level: 'warn', route: '/api/v1/commitments/:id', status: 404 });
    expect(lines.find((l) => l.route === '/p/:token')).toMatchObject({ status: 200, ms: expect.any(Number) });
    expect(lines.filter((l) => l.route === '/s/:code').map((l) => `${l.method} ${l.status}`)).toEqual(['GET 200', 'POST 200']);
    expect(lines.filter((l) => l.route === '/api/v1/auth/login').map((l) => l.status)).toEqual([200, 401]);
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(lines.length);

    const out = server.output();
    for (const secret of [DEMO_PASSWORD, 'not-the-password-9', token || 'unset', 'cookie-secret-4f1c9a', publicToken, ballotCode, `${countyId}"} {"level`]) {
      expect(out).not.toContain(secret);
    }
  });

  it('answers GET /metrics with requests, latency, builds, previews, deliveries, the heartbeat and the process', { timeout: 180_000 }, async () => {
    const login = await fetch(`${base()}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    expect((await fetch(`${base()}/api/v1/reports/monthly?org=${countyId}&period=2011-06`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base()}/api/v1/reports/annual?org=${countyId}&period=2011`, { headers: auth })).status).toBe(200);
    const form = new FormData();
    form.set('file', new Blob([readFileSync(ledgerFixture('p2-titled.xlsx'))]), 'p2-titled.xlsx');
    form.set('org', String(countyId));
    form.set('year', '2011');
    expect((await fetch(`${base()}/api/v1/imports`, { method: 'POST', headers: auth, body: form })).status).toBe(201);
    // A scheduled report mailed now: one more monthly build, one delivery sent.
    const schedule = await fetch(`${base()}/api/v1/schedules`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'monthly', orgId: countyId, cron: '0 8 1 * *', recipients: ['zuzhibu@qingshan.gov.cn'] }),
    });
    expect(schedule.status).toBe(201);
    const scheduleId = ((await schedule.json()) as { id: number }).id;
    expect((await fetch(`${base()}/api/v1/schedules/${scheduleId}/run?period=2011-05`, { method: 'POST', headers: auth })).status).toBe(200);
    expect(smtp.messages).toHaveLength(1);
    const opened = await openDatabase(db.url, { migrate: false });
    const stored = await opened.db.selectFrom('deliveries').select(['status']).execute();
    await opened.close();

    const text = await scrape();
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/p/:token', status: '200' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/api/v1/auth/login', status: '401' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/v1/reports/:kind', status: '200' })).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/reports/:kind' })).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v1/reports/:kind', le: '+Inf' })).toBe(2);
    expect(sample(text, 'ledger_report_builds_total', { kind: 'monthly', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'ledger_report_builds_total', { kind: 'annual', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'ledger_report_build_duration_seconds_sum', { kind: 'annual' })).toBeGreaterThan(0);
    expect(sample(text, 'ledger_import_previews_total', { kind: 'ledger', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'ledger_import_previews_waiting')).toBe(1);
    expect(sample(text, 'ledger_deliveries', { status: 'sent' })).toBeGreaterThanOrEqual(1);
    for (const status of ['pending', 'sent', 'failed']) expect(sample(text, 'ledger_deliveries', { status })).toBe(stored.filter((d) => d.status === status).length);
    expect(sample(text, 'ledger_scheduler_enabled')).toBe(1);
    expect(sample(text, 'ledger_scheduler_heartbeat_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'ledger_scheduler_heartbeat_age_seconds')).toBeLessThan(120);
    expect(sample(text, 'ledger_database_ready')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10e6);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // No raw path, token or code becomes a label.
    expect(text).not.toContain(publicToken);
    expect(text).not.toContain(ballotCode);
  });

  it('logs only failed requests with LOG_LEVEL=warn', { timeout: 120_000 }, async () => {
    const quiet = await startServerProcess({ env: { DATABASE_URL: db.url, HTTPS: '0', LOG_LEVEL: 'warn' } });
    try {
      const ok = await fetch(`http://127.0.0.1:${quiet.port}/readyz`);
      const refused = await fetch(`http://127.0.0.1:${quiet.port}/api/v1/me`);
      expect([ok.status, refused.status]).toEqual([200, 401]);
      await expect.poll(() => accessLines(quiet).map((l) => `${l.level} ${l.route} ${l.status}`)).toEqual(['warn /api/v1/* 401']);
    } finally {
      await quiet.stop('SIGTERM');
    }
  });

  it('is ready while the database answers with its schema, and says 503 when it does not', { timeout: 60_000 }, async () => {
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: db.name });

    // Newer code migrated the database: this process must leave the pool until it is upgraded.
    const opened = await openDatabase(db.url, { migrate: false });
    await opened.db.insertInto('kysely_migration' as never).values({ name: '099_from_newer_code', timestamp: new Date().toISOString() } as never).execute();
    const schema = await fetch(`${base()}/readyz`, { headers: { 'accept-language': 'en' } });
    expect(schema.status).toBe(503);
    expect(await schema.json()).toMatchObject({ code: 'not_ready.schema', status: 503, requestId: schema.headers.get('x-request-id') });
    await opened.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '099_from_newer_code' as never).execute();
    await opened.close();
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);

    await breakDatabase(db);
    const broken = await fetch(`${base()}/readyz`);
    expect(broken.status).toBe(503);
    expect(broken.headers.get('retry-after')).toBe('30');
    expect(await broken.json()).toMatchObject({ code: 'not_ready.database', title: '数据库无法访问，本服务暂不可用' });
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    expect(sample(await scrape(), 'ledger_database_ready')).toBe(0);
    // The cause is in the log beside the 503, for the operator.
    await expect.poll(() => accessLines(server).find((l) => l.route === '/readyz' && l.status === 503 && (l as { err?: unknown }).err)).toBeTruthy();
  });
});
