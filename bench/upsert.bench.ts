// Batch upsert throughput (rows/s) through our path — validation, scope, status rules, audit
// rows, one transaction — next to the bare driver inserting the same rows, in the same run.
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, sqlitePath } from '../server/db/open';
import { upsertCommitments, type UpsertRow } from '../server/commitments/upsert';
import type { TestDatabase } from '../test/support/freshDatabases';
import { memberPledge } from '../test/support/pledges';
import { databaseKinds } from './databases';

const SIZES = [10_000, 100_000];
const ADMIN = { id: 1, role: 'admin' as const, orgId: null };

/** The batch route's rows as it hands them to the upsert. */
function ledgerRows(n: number): UpsertRow[] {
  return Array.from({ length: n }, (_, i) => {
    const { key, subjectName, ...cells } = memberPledge(`bench-${i}`, i, 2000);
    return { key, input: { ...cells, subject: subjectName } };
  });
}

/** The same rows as the stored columns, for the bare driver. */
function columnRows(n: number, orgId: number, at: string) {
  return ledgerRows(n).map((r, i) => [
    r.key, 2011, orgId, 'member', null, r.input.subject, ['common', 'post', 'deed'][i % 3], r.input.content,
    r.input.measures, null, `2011-${String((i % 12) + 1).padStart(2, '0')}-28`, null, 'in_progress', null, null, 1, 1, at, at,
  ]);
}
const COLUMNS = 'key, year, org_id, subject_type, member_id, subject_name, category, content, measures, expected, deadline, responsible, status, progress, remarks, version, created_by, created_at, updated_at';

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
    results = await opened.db.transaction().execute((trx) => upsertCommitments(trx, ADMIN, rows, { now: new Date(), defaultOrgId: 1 }));
  });
  await opened.close();
  if (results.some((r) => r.result !== 'created')) throw new Error('bench rows were not all created');
  return time;
}

async function bare(db: TestDatabase, n: number): Promise<Timing> {
  const rows = columnRows(n, 1, new Date().toISOString());
  if (db.name === 'sqlite') {
    const conn = new SQLite(sqlitePath(db.url));
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    const insert = conn.prepare(`INSERT INTO commitments (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
    const time = await timed(() => conn.transaction(() => rows.forEach((r) => insert.run(r)))());
    conn.close();
    return time;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const width = rows[0].length;
  const time = await timed(async () => {
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
      await client.query(`INSERT INTO commitments (${COLUMNS}) VALUES ${values}`, chunk.flat());
    }
    await client.query('COMMIT');
  });
  await client.end();
  return time;
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

for (const make of databaseKinds) {
  for (const n of SIZES) {
    const a = await make();
    const b = await make();
    if (!a || !b) break;
    try {
      await prepared(a);
      await prepared(b);
      const raw = await bare(b, n);
      const path = await ours(a, n);
      // On PostgreSQL the database's work is in its own process, so only wall-clock compares.
      const cpu = a.name === 'sqlite' ? `  (cpu: ours ${(path.cpu / 1000).toFixed(2)} s, bare ${(raw.cpu / 1000).toFixed(2)} s, ratio ${(raw.cpu / path.cpu).toFixed(2)})` : '';
      console.log(
        `${a.name.padEnd(8)} ${String(n).padStart(7)} rows  upsert ${rate(n, path.wall).padStart(8)} rows/s (${(path.wall / 1000).toFixed(2)} s)` +
          `  bare driver ${rate(n, raw.wall).padStart(9)} rows/s  ratio ${(raw.wall / path.wall).toFixed(2)}${cpu}`,
      );
    } finally {
      await a.drop();
      await b.drop();
    }
  }
}
