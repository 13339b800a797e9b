// The README's PostgreSQL backup, tried: pg_dump --format=custom of the demo county while the
// server runs and takes writes, pg_restore into a new database, and a server started on the
// restored copy answers the same records, is ready, and keeps the audit trail append-only.
// Skipped, with a note, without TEST_DATABASE_URL or pg_dump.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/open';
import { loadDemoCounty } from '../server/demo';
import { freshPostgres, type TestDatabase } from './support/databases';
import { startServerProcess, type ServerProcess } from './support/serverProcess';

const run = promisify(execFile);
const PG_DUMP = '/usr/bin/pg_dump';
const PASSWORD = 'backup-restore-lantern-4';
if (!existsSync(PG_DUMP)) console.warn(`NOTE: ${PG_DUMP} is absent — the PostgreSQL backup test is SKIPPED.`);
const source: TestDatabase | null = existsSync(PG_DUMP) ? await freshPostgres() : null;
const restored: TestDatabase | null = source && (await freshPostgres());

describe.skipIf(!source)('pg_dump and pg_restore of a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pgdump-'));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGTERM');
    await source?.drop();
    await restored?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = async (server: ServerProcess) => {
    const base = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    return async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}/api/v1${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...init.headers } });
      return { status: res.status, body: (await res.json()) as any };
    };
  };

  it('restores a consistent copy that a server starts on with the same records', { timeout: 240_000 }, async () => {
    const opened = await openDatabase(source!.url);
    const demo = await loadDemoCounty(opened.db, { password: PASSWORD });
    await opened.close();
    const live = await startServerProcess({ env: { DATABASE_URL: source!.url, HTTPS: '0' } });
    servers.push(live);
    const api = await as(live);

    // Writes go on while the dump runs; the dump is one snapshot, so whole batches or none.
    const dump = join(dir, 'ledger.dump');
    let writing = true;
    let batches = 0;
    const writer = (async () => {
      while (writing) {
        const rows = Array.from({ length: 20 }, (_, i) => ({ key: `bk-${batches}-${i}`, year: 2011, subjectName: `党员${i}`, subjectType: '党员', category: '实事承诺', content: `备份期间写入的第 ${batches}-${i} 条`, deadline: '2011年12月底' }));
        const res = await api('/commitments/batch', { method: 'POST', body: JSON.stringify({ orgId: demo.countyId, rows }) });
        expect(res.status).toBe(200);
        batches += 1;
      }
    })();
    await run(PG_DUMP, ['--format=custom', `--file=${dump}`, source!.url]);
    writing = false;
    await writer;
    await run('/usr/bin/pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restored!.url, dump]);

    const copy = await startServerProcess({ env: { DATABASE_URL: restored!.url, HTTPS: '0' } });
    servers.push(copy);
    expect((await fetch(`http://127.0.0.1:${copy.port}/readyz`)).status).toBe(200);
    const copyApi = await as(copy);
    const total = async (call: typeof api, q: string) => (await call(`/commitments?org=${demo.countyId}&limit=1${q}`)).body.total as number;
    const before = await total(copyApi, '');
    expect(before).toBeGreaterThanOrEqual(demo.counts.commitments);
    expect(before).toBeLessThanOrEqual(await total(api, ''));
    // Only whole batches of 20 were caught by the snapshot.
    expect((before - demo.counts.commitments) % 20).toBe(0);

    // The copy is a working database: it takes writes and its audit trail refuses deletion.
    const more = await copyApi('/commitments/batch', { method: 'POST', body: JSON.stringify({ orgId: demo.countyId, rows: [{ key: 'after-restore', year: 2011, subjectName: '党员1', subjectType: '党员', category: '实事承诺', content: '恢复后写入', deadline: '2011年12月底' }] }) });
    expect(more.body.rows[0].result).toBe('created');
    expect(await total(copyApi, '')).toBe(before + 1);
    const db = await openDatabase(restored!.url, { migrate: false });
    await expect(db.db.deleteFrom('audit').execute()).rejects.toThrow();
    await db.close();
  });
});
