// Several app processes on one database, as a province runs them behind a proxy: two real
// server processes (server/main.ts, as `npm start` runs it) on one PostgreSQL database, both with
// their scheduler on and a real SMTP server, must behave as one server. And on SQLite, where
// processes share a file one after another (a restart) or beside each other (the CLI).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, freshSqlite, type TestDatabase } from './support/freshDatabases';
import { startServerProcess, type ServerProcess } from './support/serverProcess';
import { startSmtp, type TestSmtp } from './support/smtp';

const LEDGER = readFileSync(new URL('./fixtures/sample-ledgers/p1-clean.xlsx', import.meta.url));
const LEDGER_ROWS = 60; // p1-clean.expected.json
const PASSWORD = 'multi-process-password';
const postgres = await freshPostgres();

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** One app process seen from outside: requests as the proxy would pass them. */
function clientOf(server: ServerProcess) {
  const base = `http://127.0.0.1:${server.port}`;
  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text };
  };
  return {
    base,
    call,
    login: (login: string, password: string) => call('POST', '/auth/login', undefined, { login, password }),
    async upload(token: string, fields: Record<string, string | number>): Promise<Answer> {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(LEDGER)]), 'p1-clean.xlsx');
      for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
      const res = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return { status: res.status, headers: res.headers, body: await res.json() };
    },
    page: (path: string, form?: Record<string, string>) =>
      fetch(`${base}${path}`, form ? { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' } : { redirect: 'manual' }),
  };
}

describe.skipIf(!postgres)('two server processes on one PostgreSQL database', () => {
  const db = postgres as TestDatabase;
  let smtp: TestSmtp;
  let a: ServerProcess;
  let b: ServerProcess;
  let A: ReturnType<typeof clientOf>;
  let B: ReturnType<typeof clientOf>;
  let token: string;
  let org: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    const env = { DATABASE_URL: db.url, HTTPS: '0', ADMIN_PASSWORD: PASSWORD, SCHEDULER: '1', SMTP_URL: smtp.url, PUBLIC_PAGE_LIMIT: '6' };
    a = await startServerProcess({ env }); // migrates the new database and makes `admin`
    b = await startServerProcess({ env });
    A = clientOf(a);
    B = clientOf(b);
    token = (await A.login('admin', PASSWORD)).body.token;
    org = (await A.call('POST', '/orgs', token, { name: '城关镇党委', kind: 'committee' })).body.id;
  });
  afterAll(async () => {
    await Promise.all([a?.stop('SIGTERM'), b?.stop('SIGTERM')]);
    await smtp?.close();
    await db.drop();
  });

  it('takes a session made on A on B, and a logout on B ends it on A', async () => {
    const made = await A.login('admin', PASSWORD);
    expect(made.status).toBe(200);
    expect((await B.call('GET', '/me', made.body.token)).body.user.login).toBe('admin');
    expect((await B.call('POST', '/auth/logout', made.body.token)).status).toBe(204);
    expect((await A.call('GET', '/me', made.body.token)).status).toBe(401);
  });

  it('throttles failed logins on A and then B together', async () => {
    expect((await A.call('POST', '/users', token, { login: 'wangfang', password: 'clerk-pass-2026', name: '王芳', role: 'clerk', orgId: org })).status).toBe(201);
    const statuses = [];
    for (const server of [A, B, A, B]) statuses.push((await server.login('wangfang', 'guess')).status);
    expect(statuses).toEqual([401, 401, 401, 401]); // three free, the fourth sets a wait…
    for (const server of [A, B]) {
      const res = await server.login('wangfang', 'clerk-pass-2026'); // …that both processes keep, even for the right password
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('commits on B an import previewed on A', async () => {
    const preview = await A.upload(token, { org, year: 2011 });
    expect(preview.status).toBe(201);
    expect(preview.body.counts.commitments).toBe(LEDGER_ROWS);
    const committed = await B.call('POST', `/imports/${preview.body.id}/commit`, token, { createMissingOrgs: true });
    expect(committed.status).toBe(200);
    expect(committed.body.created).toBe(LEDGER_ROWS);
    expect((await A.call('GET', `/imports/${preview.body.id}`, token)).body.status).toBe('committed');
    expect((await A.call('GET', `/commitments?org=${org}&limit=1`, token)).body.total).toBe(LEDGER_ROWS);
  });

  it('refuses on B a ballot answered on A, and counts a public page over both', async () => {
    const year = new Date().getFullYear(); // the processes run on the wall clock
    const survey = await A.call('POST', '/surveys', token, { orgId: org, period: `${year}-H2`, ballots: 3, closesOn: `${year}-12-31` });
    expect(survey.status).toBe(201);
    const [code] = survey.body.codes as string[];
    expect((await A.page(`/s/${code}`, { answer: 'satisfied' })).status).toBe(200);
    const again = await B.page(`/s/${code}`, { answer: 'unsatisfied' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('已经使用过');
    expect((await B.call('GET', `/surveys/${survey.body.id}`, token)).body.counts).toEqual({ satisfied: 1, basicallySatisfied: 0, unsatisfied: 0 });

    const link = await A.call('POST', '/public-links', token, { orgId: org, year: 2011 });
    expect(link.status).toBe(200);
    const views = [];
    for (const server of [A, B, A, B, A, B, A, B]) views.push((await server.page(`/p/${link.body.token}`)).status);
    expect(views).toEqual([200, 200, 200, 200, 200, 200, 429, 429]); // PUBLIC_PAGE_LIMIT=6 a minute, for both
  });

  it('sends a schedule due on both schedulers once, and lets both processes re-send it three times in all', async () => {
    smtp.reset();
    const recipients = ['zuzhi@chengguan.example'];
    const schedule = await A.call('POST', '/schedules', token, { kind: 'monthly', orgId: org, cron: '* * * * *', recipients });
    expect(schedule.status).toBe(201);
    // Both schedulers tick at the top of every minute and see the same run come due.
    await expect.poll(() => smtp.messages.length, { timeout: 150_000, interval: 500 }).toBe(1);
    const sentAt = Date.now();
    // Let each process make at least one more pass after the send: nothing more goes out.
    const ticked = async (server: ReturnType<typeof clientOf>) => Date.parse((await (await fetch(`${server.base}/healthz`)).json()).scheduler.lastTick) > sentAt + 1000;
    await expect.poll(async () => (await ticked(A)) && (await ticked(B)), { timeout: 90_000, interval: 1000 }).toBe(true);
    expect(smtp.messages.length).toBe(1);
    const deliveries = (await B.call('GET', `/deliveries?schedule=${schedule.body.id}`, token)).body.items;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'sent', attempts: 1 });

    // Six resends at once, three on each: three take the day's three places (a run that finds
    // another under way answers 409 but has used its place), three are refused.
    const resends = await Promise.all([A, B, A, B, A, B].map((server) => server.call('POST', `/schedules/${schedule.body.id}/run?resend=true`, token)));
    const statuses = resends.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(smtp.messages.length).toBe(1 + statuses.filter((s) => s === 200).length);
    expect((await A.call('POST', `/schedules/${schedule.body.id}/run?resend=true`, token)).status).toBe(429);
  }, 300_000);
});

describe('processes sharing one SQLite file', () => {
  const db = freshSqlite();
  const env = { DATABASE_URL: db.url, HTTPS: '0', ADMIN_PASSWORD: PASSWORD };
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await db.drop();
  });

  it('keeps the login throttle and sessions across a restart, and sees an account the CLI adds beside it', async () => {
    server = await startServerProcess({ env });
    let S = clientOf(server);
    const session = (await S.login('admin', PASSWORD)).body.token;
    for (let i = 0; i < 4; i++) expect((await S.login('admin', 'guess')).status).toBe(401);
    expect(await server.stop('SIGTERM')).toBe(0);

    // The fourth failure's second of waiting is long over by now, but the count is kept: the
    // fifth failure makes the next attempt wait again, even with the right password.
    server = await startServerProcess({ env });
    S = clientOf(server);
    expect((await S.login('admin', 'guess')).status).toBe(401);
    expect((await S.login('admin', PASSWORD)).status).toBe(429);
    expect((await S.call('GET', '/me', session)).status).toBe(200);

    const cli = await promisify(execFile)('npm', ['run', '--silent', 'cli', '--', 'user', 'add', 'lixia', '--role', 'auditor', '--password', 'auditor-pass-2026'], {
      env: { ...process.env, ...env },
    });
    expect(cli.stdout + cli.stderr).toContain('lixia');
    expect((await S.login('lixia', 'auditor-pass-2026')).status).toBe(200);
  });
});
