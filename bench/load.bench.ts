// Load: the server process (server/main.ts, HTTP on loopback, scheduler off) under a county's
// working day, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL.
//   1. 50 clerks of the demo county, each posting 200-row batches and listing their branch,
//      while annual reports for the whole county are requested in parallel: requests/s, p50/p99,
//      errors (must be 0), and the record count afterwards (must equal what was acknowledged).
//   2. Plain reads while the annual report of a 100,000-commitment county builds: p50/p99
//      (target p99 < 200 ms).
// The load is driven by plain fetch loops (not a load tool) so that requests in flight when
// time is up still finish and every acknowledged write is counted.
//   npm run bench -- load                       60 s of load per database
//   LOAD_SECONDS=10 npm run bench -- load       shorter
//   LOAD_PARTS=reads npm run bench -- load      only part 2 (or day: only part 1)
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { openDatabase } from '../server/db/open';
import type { Database } from '../server/db/schema';
import { loadDemoCounty } from '../server/demo';
import { createUser } from '../server/users/store';
import { freshPostgres, freshSqlite, type TestDatabase } from '../test/support/freshDatabases';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.LOAD_SECONDS || 60);
const CLERKS = 50;
const ROWS = 200;
const BIG = 100_000;
const WARM_UP_MS = 5000;
const PASSWORD = 'load-bench-password';
/** `day` (part 1), `reads` (part 2); both by default. */
const PARTS = (process.env.LOAD_PARTS || 'day,reads').split(',');

const databases = [freshSqlite(), await freshPostgres()].filter((d): d is TestDatabase => d !== null);
if (databases.length === 1) console.log('(PostgreSQL skipped: set TEST_DATABASE_URL to include it)');
console.log(`${SECONDS} s of load per database (LOAD_SECONDS to change)\n`);

for (const database of databases) {
  try {
    if (PARTS.includes('day')) await workingDay(database);
    if (PARTS.includes('reads')) await readsDuringBigReport(database.name);
  } finally {
    await database.drop();
  }
}

/** Part 1: clerks writing and listing while county reports are built. */
async function workingDay(database: TestDatabase): Promise<void> {
  const opened = await openDatabase(database.url);
  const demo = await loadDemoCounty(opened.db, { password: PASSWORD });
  await createUser(opened.db, { login: 'load-admin', password: PASSWORD, name: '管理员', role: 'admin', orgId: null }, new Date());
  const clerkRows = await opened.db.selectFrom('users').select(['login', 'org_id']).where('role', '=', 'clerk').orderBy('id').execute();
  const before = await countCommitments(opened.db);
  await opened.close();

  const server = await startServer(database.url);
  try {
    const adminToken = await login(server.base, 'load-admin');
    const clerks: Array<{ token: string; orgId: number }> = [];
    for (let i = 0; i < CLERKS; i++) {
      const c = clerkRows[i % clerkRows.length];
      clerks.push({ token: await login(server.base, c.login), orgId: c.org_id! });
    }

    // Each clerk posts a batch, then lists their branch, until the time is up; requests in flight
    // then finish, so every answer is counted and "acknowledged" is exact. A 5 s warm-up first
    // (a cold server met by 50 simultaneous batches): its writes are counted, its latencies not.
    let created = 0;
    let rejected = 0;
    let round = 0;
    const clerkStep = async (n: number) => {
      const seq = round++;
      const clerk = clerks[n];
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        key: `load-${n}-${seq}-${i}`,
        year: demo.year,
        orgId: clerk.orgId,
        subjectName: `党员${i % 20}`,
        subjectType: '党员',
        category: ['共性承诺', '岗位承诺', '实事承诺'][i % 3],
        content: `第 ${seq} 批第 ${i} 条：带头学习，为群众办好一件实事`,
        deadline: `${demo.year}年${(i % 12) + 1}月底`,
      }));
      const posted = await request(`batch of ${ROWS} rows`, server.base, 'POST', '/api/v1/commitments/batch', clerk.token, { rows });
      if (posted.ok) {
        const { counts } = JSON.parse(posted.text);
        created += counts.created;
        rejected += counts.rejected;
      }
      const listed = await request('list own branch', server.base, 'GET', `/api/v1/commitments?org=${clerk.orgId}&limit=100`, clerk.token);
      return [posted, listed];
    };
    const warmUp = await drive(CLERKS, Date.now() + WARM_UP_MS, clerkStep);
    const until = Date.now() + SECONDS * 1000;
    const clerkLoad = drive(CLERKS, until, clerkStep);
    const reportLoad = drive(2, until, async () => [
      await request('annual county report', server.base, 'GET', `/api/v1/reports/annual?org=${demo.countyId}&period=${demo.year}`, adminToken),
    ]);
    const [clerkResult, reportResult] = await Promise.all([clerkLoad, reportLoad]);
    await server.stop();

    const check = await openDatabase(database.url);
    const after = await countCommitments(check.db);
    await check.close();

    console.log(`--- ${database.name}: ${CLERKS} clerks posting ${ROWS}-row batches and listing their branch, annual county reports alongside, ${SECONDS} s`);
    const warmErrors = [...warmUp.values()].reduce((sum, f) => sum + f.errors, 0);
    console.log(`(after a ${WARM_UP_MS / 1000} s warm-up of the same clerks: ${[...warmUp.values()].map((f) => `${f.requests} requests`)[0]}, errors ${warmErrors}; its writes are in the count below)`);
    printFigures(clerkResult);
    printFigures(reportResult);
    console.log(`rows acknowledged as created ${created}, rejected ${rejected}`);
    console.log(`records: ${before} before + ${created} acknowledged = ${before + created}; counted afterwards ${after} ${after === before + created ? '(equal)' : '(MISMATCH)'}`);
  } finally {
    await server.stop();
  }
}

/** Part 2: how plain reads fare while one big annual report builds. */
async function readsDuringBigReport(name: TestDatabase['name']): Promise<void> {
  const database = name === 'sqlite' ? freshSqlite() : (await freshPostgres())!;
  try {
    const opened = await openDatabase(database.url);
    const county = await bigCounty(opened.db);
    await createUser(opened.db, { login: 'load-admin', password: PASSWORD, name: '管理员', role: 'admin', orgId: null }, new Date());
    await opened.close();

    const server = await startServer(database.url);
    try {
      const token = await login(server.base, 'load-admin');
      const read = (path: string) => fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const alone = await timed(() => read(`/api/v1/reports/annual?org=${county.id}&period=2011`));
      // Ten readers list a branch: for 5 s alone (the baseline on this machine), then for as long
      // as the next build takes.
      const readBranch = async () => [await request('plain read', server.base, 'GET', `/api/v1/commitments?org=${county.branch}&limit=20`, token)];
      const baseline = await drive(10, Date.now() + 5000, readBranch);
      let building = true;
      const report = timed(() => read(`/api/v1/reports/annual?org=${county.id}&period=2011`)).then((r) => {
        building = false;
        return r;
      });
      const reads = drive(10, () => !building, readBranch);
      const [readResult, during] = await Promise.all([reads, report]);
      console.log(`--- ${name}: plain reads (10 connections) while the annual report of ${BIG.toLocaleString('en')} commitments builds`);
      console.log(`report alone ${(alone.ms / 1000).toFixed(1)} s (${alone.status}), under reads ${(during.ms / 1000).toFixed(1)} s (${during.status})`);
      console.log('alone:');
      printFigures(baseline);
      console.log('while the report builds:');
      printFigures(readResult);
      const p99 = readResult.get('plain read')?.p99 ?? NaN;
      console.log(`p99 of plain reads ${p99.toFixed(0)} ms: ${p99 < 200 ? 'under' : 'OVER'} the 200 ms target\n`);
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

/** A county of 300 branches under 10 general branches holding BIG commitments of 2011, inserted directly. */
async function bigCounty(db: Kysely<Database>): Promise<{ id: number; branch: number }> {
  const at = '2011-01-05T02:00:00.000Z';
  const org = async (name: string, kind: string, parent: number | null) =>
    (await db.insertInto('organizations').values({ name, kind, parent_id: parent, sector: null, created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
  const county = await org('基准县委', 'committee', null);
  const branches: number[] = [];
  for (let g = 0; g < 10; g++) {
    const general = await org(`第${g + 1}党总支`, 'general_branch', county);
    for (let b = 0; b < 30; b++) branches.push(await org(`第${g + 1}-${b + 1}党支部`, 'branch', general));
  }
  const statuses = ['completed', 'completed', 'in_progress', 'unfulfilled', 'published'];
  const categories = ['common', 'post', 'deed', 'discipline'];
  for (let start = 0; start < BIG; start += 1000) {
    await db
      .insertInto('commitments')
      .values(
        Array.from({ length: 1000 }, (_, k) => {
          const i = start + k;
          const status = statuses[i % statuses.length];
          const month = String((i % 12) + 1).padStart(2, '0');
          return {
            key: `big-${i}`,
            year: 2011,
            org_id: branches[i % branches.length],
            subject_type: 'organization',
            member_id: null,
            subject_name: `党支部${i % 300}`,
            category: categories[i % 4],
            content: `第${i}项承诺：为群众办实事`,
            measures: '每月对照检查',
            deadline: `2011-${month}-28`,
            status,
            completed_at: status === 'completed' ? `2011-${month}-20T02:00:00.000Z` : null,
            version: 1,
            created_at: at,
            updated_at: at,
          };
        }) as any,
      )
      .execute();
  }
  return { id: county, branch: branches[0] };
}

async function countCommitments(db: Kysely<Database>): Promise<number> {
  return Number((await db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

interface Answer {
  what: string;
  ok: boolean;
  status: number;
  ms: number;
  text: string;
}

async function request(what: string, base: string, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const t = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = (res.headers.get('content-type') ?? '').includes('json') ? await res.text() : (await res.arrayBuffer(), '');
    return { what, ok: res.ok, status: res.status, ms: performance.now() - t, text };
  } catch (err) {
    return { what, ok: false, status: 0, ms: performance.now() - t, text: String(err) };
  }
}

interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  firstError: string;
}

/** `workers` loops calling `step(worker, round)` until `until` (a time, or a test); in-flight steps finish. Figures per kind of request. */
async function drive(workers: number, until: number | (() => boolean), step: (worker: number, round: number) => Promise<Answer[]>): Promise<Map<string, Figures>> {
  const done = typeof until === 'number' ? () => Date.now() >= until : until;
  const answers: Answer[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let round = 0; !done(); round++) answers.push(...(await step(worker, round)));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const figures = new Map<string, Figures>();
  for (const what of new Set(answers.map((a) => a.what))) {
    const mine = answers.filter((a) => a.what === what);
    const ms = mine.map((a) => a.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
    const failed = mine.filter((a) => !a.ok);
    figures.set(what, {
      requests: mine.length,
      perSecond: mine.length / seconds,
      p50: at(0.5),
      p99: at(0.99),
      max: ms[ms.length - 1],
      errors: failed.length,
      firstError: failed[0] ? `${failed[0].status} ${failed[0].text.slice(0, 200)}` : '',
    });
  }
  return figures;
}

function printFigures(figures: Map<string, Figures>): void {
  for (const [what, r] of figures) {
    console.log(
      `${what.padEnd(22)} ${String(r.requests).padStart(6)} requests ${r.perSecond.toFixed(1).padStart(7)} req/s   p50 ${r.p50.toFixed(0).padStart(6)} ms   p99 ${r.p99.toFixed(0).padStart(6)} ms   max ${r.max.toFixed(0).padStart(6)} ms   errors ${r.errors}${r.errors ? ` (first: ${r.firstError})` : ''}`,
    );
  }
}

async function timed(fn: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
}

async function login(base: string, user: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function startServer(databaseUrl: string): Promise<{ base: string; stop(): Promise<void> }> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, HTTPS: '0', SCHEDULER: '0', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) {
      return {
        base,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not come up');
}
