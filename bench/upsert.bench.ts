// Batch upsert throughput (rows/s) through our path — validation, scope, status rules, audit
// rows, one transaction — next to the bare driver writing the same rows, in the same run.
// Like with like: the bare driver writes exactly the rows our path stored (every column,
// read back from its database), in one transaction, on a connection set up as the app's is.
// SQLite: one prepared INSERT a row (better-sqlite3's fastest way). PostgreSQL: its real limit,
// `COPY … FROM STDIN` (pg-copy-streams), not INSERT statements.
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, sqlitePath } from '../server/db/open';
import { upsertCommitments, type UpsertRow } from '../server/commitments/upsert';
import type { TestDatabase } from '../test/support/freshDatabases';
import { memberPledge } from '../test/support/pledges';
import { databaseKinds } from './databases';
import { quick, reportAim, times } from './aims';

const SIZES = quick ? [10_000] : [10_000, 100_000];
const ADMIN = { id: 1, role: 'admin' as const, orgId: null };

/** The batch route's rows as it hands them to the upsert. */
function ledgerRows(n: number): UpsertRow[] {
  return Array.from({ length: n }, (_, i) => {
    const { key, subjectName, ...cells } = memberPledge(`bench-${i}`, i, 2000);
    return { key, input: { ...cells, subject: subjectName } };
  });
}

/** Every stored column but the id the database assigns. */
const COLUMNS =
  'key, year, org_id, subject_type, member_id, subject_name, category, content, measures, expected, deadline, responsible, ' +
  'status, progress, remarks, reviewer_id, review_note, submitted_at, reviewed_at, published_at, completed_at, version, ' +
  'created_by, created_at, updated_at';

/** The rows our path stored in `table`, as the bare driver will write them again. */
async function storedRows(db: TestDatabase, table: string, columns: string): Promise<unknown[][]> {
  const text = `SELECT ${columns} FROM ${table} ORDER BY id`;
  if (db.name === 'sqlite') {
    const conn = new SQLite(sqlitePath(db.url), { readonly: true });
    const rows = conn.prepare(text).raw().all() as unknown[][];
    conn.close();
    return rows;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<unknown[]>({ text, rowMode: 'array' });
  await client.end();
  return rows;
}

/** The members our path joined the rows up to (the records point at them), with their ids. */
const MEMBER_COLUMNS = 'id, org_id, name, gender, birth_year, joined_on, unit_post, role, created_at, updated_at';

/** A migrated database with one organisation and one admin user (ids 1). */
async function prepared(db: TestDatabase): Promise<void> {
  const opened = await openDatabase(db.url);
  const at = new Date().toISOString();
  await opened.db.insertInto('organizations').values({ name: '某县委', kind: 'committee', parent_id: null, sector: null, created_at: at }).execute();
  await opened.db.insertInto('users').values({ login: 'admin', password_hash: 'x', name: 'admin', role: 'admin', org_id: null, disabled: 0, created_at: at, updated_at: at }).execute();
  await opened.close();
}

/** Wall-clock and this process's CPU milliseconds of `fn` (CPU shows through a busy machine). */
async function timed(fn: () => Promise<void> | void): Promise<Timing> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}
interface Timing {
  wall: number;
  cpu: number;
}

async function ours(db: TestDatabase, n: number): Promise<Timing> {
  const opened = await openDatabase(db.url);
  const rows = ledgerRows(n);
  let results: Awaited<ReturnType<typeof upsertCommitments>> = [];
  const time = await timed(async () => {
    results = await opened.db.transaction().execute((trx) => upsertCommitments(trx, ADMIN, rows, { now: new Date(), timeZone: 'Asia/Shanghai', defaultOrgId: 1 }));
  });
  await opened.close();
  if (results.some((r) => r.result !== 'created')) throw new Error('bench rows were not all created');
  return time;
}

async function bare(db: TestDatabase, table: string, columns: string, rows: unknown[][]): Promise<Timing> {
  if (db.name === 'sqlite') {
    // As server/db/open.ts sets up the app's connection (foreign keys checked too).
    const conn = new SQLite(sqlitePath(db.url));
    conn.pragma('journal_mode = WAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('synchronous = NORMAL');
    const insert = conn.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.split(',').map(() => '?').join(', ')})`);
    const time = await timed(() => conn.transaction(() => rows.forEach((r) => insert.run(r)))());
    conn.close();
    return time;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const time = await timed(async () => {
    await client.query('BEGIN');
    await pipeline(Readable.from(copyLines(rows)), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
    await client.query('COMMIT');
  });
  await client.end();
  return time;
}

/** The rows in COPY's text format, 500 rows a chunk: tab-separated, \N for null, backslash escapes. */
function* copyLines(rows: unknown[][]): Generator<string> {
  const field = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]));
  for (let i = 0; i < rows.length; i += 500) {
    yield rows.slice(i, i + 500).map((r) => r.map(field).join('\t') + '\n').join('');
  }
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

/** Both paths over `n` rows: our path, then the bare driver over the rows ours stored; null without the database. */
async function compare(make: () => Promise<TestDatabase | null>, n: number) {
  const a = await make();
  const b = await make();
  try {
    if (!a || !b) return null;
    await prepared(a);
    await prepared(b);
    const path = await ours(a, n);
    // The members first, untimed: our path made them, the bare write only needs them there.
    await bare(b, 'members', MEMBER_COLUMNS, await storedRows(a, 'members', MEMBER_COLUMNS));
    const raw = await bare(b, 'commitments', COLUMNS, await storedRows(a, 'commitments', COLUMNS));
    return { name: a.name, path, raw };
  } finally {
    await a?.drop();
    await b?.drop();
  }
}

// A server validates its thousandth batch with compiled code, not its first: one small round per
// database, not printed, so the figures are not the JIT's warm-up.
const WARM_UP_ROWS = 2_000;

for (const make of databaseKinds) {
  if (!(await compare(make, WARM_UP_ROWS))) continue;
  for (const n of SIZES) {
    const { name, path, raw } = (await compare(make, n))!;
    const ratio = raw.wall / path.wall; // our rate / the bare rate
    // On PostgreSQL the database's work is in its own process, so only wall-clock compares.
    const cpu = name === 'sqlite' ? `  (cpu: ours ${(path.cpu / 1000).toFixed(2)} s, bare ${(raw.cpu / 1000).toFixed(2)} s, ratio ${(raw.cpu / path.cpu).toFixed(2)})` : '';
    const bareName = name === 'sqlite' ? 'bare INSERT' : 'bare COPY';
    console.log(
      `${name.padEnd(8)} ${String(n).padStart(7)} rows  upsert ${rate(n, path.wall).padStart(8)} rows/s (${(path.wall / 1000).toFixed(2)} s)` +
        `  ${bareName} ${rate(n, raw.wall).padStart(9)} rows/s  ratio ${ratio.toFixed(2)}${cpu}`,
    );
    if (n !== SIZES[SIZES.length - 1]) continue;
    const measure = `batch upsert, ${n.toLocaleString('en')} rows, ${name === 'sqlite' ? 'SQLite (vs INSERT)' : 'PostgreSQL (vs COPY)'}`;
    const aimed = name === 'sqlite' && !quick;
    reportAim({ measure, ours: `${rate(n, path.wall)}/s`, bare: `${rate(n, raw.wall)}/s`, ratio: times(ratio), aim: name === 'sqlite' ? '≥ 0.5×' : 'shown', met: aimed ? ratio >= 0.5 : null });
  }
}
