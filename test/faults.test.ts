// Storage faults under a running app: a read-only database, a full disk, PostgreSQL connections
// cut under load. Writes answer 503 with a clear Chinese message and a stable code, reads keep
// working, nothing is half-written, and the service recovers without a restart.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { expectProblem } from './hostile.world';

const row = (key: string) => ({ key, year: 2011, subjectName: '张三', subjectType: '党员', category: '实事承诺', content: `为群众办实事 ${key}`, deadline: '2011年6月底' });

async function seed(server: TestServer): Promise<{ admin: Api; org: number }> {
  const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const org = (await admin.post('/orgs', { name: '某县委', kind: 'committee' })).body.id as number;
  const first = await admin.post('/commitments/batch', { orgId: org, rows: [row('before-1'), row('before-2')] });
  expect(first.body.counts.created).toBe(2);
  return { admin, org };
}

/** The writes a clerk makes and the reads everyone makes, for checking a fault from both sides. */
async function expectWritesRefused(admin: Api, org: number, code: string) {
  const writes = [
    await admin.post('/commitments/batch', { orgId: org, rows: [row('during-1'), row('during-2')] }),
    await admin.post('/orgs', { name: '新支部', kind: 'branch', parentId: org }),
    await admin.post('/members', { orgId: org, name: '李四', role: 'ordinary' }),
  ];
  for (const res of writes) {
    expectProblem(res, 503);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toMatch(/未保存/);
    expect(res.headers.get('retry-after')).toBe('30');
  }
  const en = await admin.post('/orgs', { name: '新支部', kind: 'branch', parentId: org }, { 'accept-language': 'en' });
  expect(en.body.detail).toMatch(/not saved/);
}

async function expectReadsWork(admin: Api, org: number, records: number) {
  const list = await admin.get(`/commitments?org=${org}`);
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(records);
  expect((await admin.get(`/orgs/${org}`)).status).toBe(200);
  const report = await admin.get(`/reports/annual?org=${org}&period=2011`);
  expect(report.status).toBe(200);
}

describe('a read-only SQLite database', () => {
  const db = freshSqlite();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await server?.close();
    await db.drop();
  });

  // Emulated with PRAGMA query_only on the server's own connection: SQLite then refuses every
  // write with SQLITE_READONLY, the code a read-only file or mount gives. (A live mount cannot be
  // remounted read-only while the file is open, and root ignores file modes.)
  it('answers writes with 503 storage.read_only, keeps reads working, and writes again once writable', async () => {
    const { admin, org } = await seed(server);
    await sql`PRAGMA query_only = 1`.execute(server.ctx.db);
    await expectWritesRefused(admin, org, 'storage.read_only');
    await expectReadsWork(admin, org, 2);

    await sql`PRAGMA query_only = 0`.execute(server.ctx.db);
    const after = await admin.post('/commitments/batch', { orgId: org, rows: [row('during-1')] });
    expect(after.body.counts.created).toBe(1);
  });
});

/** A small tmpfs of our own (we run as root in CI); null where mounting is not allowed. */
function mountTmpfs(megabytes: number): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

describe('a full disk under SQLite', () => {
  const dir = mountTmpfs(16);
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
    if (dir) {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!dir)('answers writes with 503 storage.full, keeps reads working, and writes again once space is freed', async () => {
    mkdirSync(join(dir!, 'data'));
    server = await startTestServer({ databaseUrl: `file:${join(dir!, 'data', 'ledger.db')}` });
    const { admin, org } = await seed(server);
    // Fill the disk to the last byte with a file of our own.
    const filler = join(dir!, 'filler');
    writeFileSync(filler, '');
    try {
      for (let chunk = 1 << 20; chunk >= 512; ) {
        try {
          writeFileSync(filler, Buffer.alloc(chunk), { flag: 'a' });
        } catch {
          chunk >>= 1;
        }
      }
    } catch {
      // full
    }
    // A batch big enough to need new pages.
    const big = await admin.post('/commitments/batch', { orgId: org, rows: Array.from({ length: 2000 }, (_, i) => row(`big-${i}`)) });
    expectProblem(big, 503);
    expect(big.body.code).toBe('storage.full');
    await expectWritesRefused(admin, org, 'storage.full');
    await expectReadsWork(admin, org, 2);

    rmSync(filler);
    const after = await admin.post('/commitments/batch', { orgId: org, rows: Array.from({ length: 2000 }, (_, i) => row(`big-${i}`)) });
    expect(after.status).toBe(200);
    expect(after.body.counts.created).toBe(2000);
    expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(server.ctx.db)).rows[0].integrity_check).toBe('ok');
  });
});

const postgres = await freshPostgres();

describe.skipIf(!postgres)('PostgreSQL connections cut under load', () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
    await postgres?.drop();
  });

  // The machine's PostgreSQL cluster is shared, so instead of restarting it every connection to
  // this test's database is terminated with pg_terminate_backend — what clients see when the
  // server restarts or a proxy drops them — twice, while clerks keep writing and reading.
  it('answers 503 (never 500) while connections drop, reconnects by itself, and loses no acknowledged write', async () => {
    server = await startTestServer({ databaseUrl: postgres!.url });
    const { admin, org } = await seed(server);
    const killer = new pg.Client({ connectionString: postgres!.url });
    await killer.connect();
    const cut = () => killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');

    const statuses: number[] = [];
    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const clerk = async () => {
      while (!stop) {
        const keys = [`load-${n++}`, `load-${n++}`];
        const w = await admin.post('/commitments/batch', { orgId: org, rows: keys.map(row) });
        statuses.push(w.status);
        if (w.status === 200) acknowledged.push(...keys);
        else expectProblem(w, 503);
        const r = await admin.get(`/commitments?org=${org}&limit=5`);
        statuses.push(r.status);
        if (r.status !== 200) expectProblem(r, 503);
      }
    };
    const clerks = Array.from({ length: 6 }, clerk);
    await new Promise((ok) => setTimeout(ok, 400));
    await cut();
    await new Promise((ok) => setTimeout(ok, 400));
    await cut();
    await new Promise((ok) => setTimeout(ok, 400));
    stop = true;
    await Promise.all(clerks);
    await killer.end();

    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // Reconnected: every request after the cuts succeeds.
    for (let i = 0; i < 5; i++) expect((await admin.get(`/commitments?org=${org}&limit=1`)).status).toBe(200);
    const stored = await server.ctx.db.selectFrom('commitments').select('key').where('key', 'in', acknowledged).execute();
    expect(stored.length).toBe(acknowledged.length);
    console.log(`PostgreSQL cut twice: ${statuses.length} requests, ${statuses.filter((s) => s === 503).length} answered 503, ${acknowledged.length} writes acknowledged and stored`);
  });
});
