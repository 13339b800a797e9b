// `npm run cli -- backup <file>` while the server process takes writes: the copy opens, passes
// integrity_check, holds every write acknowledged before the backup started and only whole
// batches (a point in time), and a server started on the restored copy answers the same counts.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServerOnFile, type ServerOnFile } from './support/serverProcess';

const BATCH = 50;

const row = (key: string, i: number) => ({ key, year: 2011, subjectName: `党员${i % 100}`, subjectType: '党员', category: '实事承诺', content: `第 ${i} 条：为群众办实事`, deadline: '2011年12月底' });

describe('backup under write load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  const dbFile = join(dir, 'ledger.db');
  let running: ServerOnFile | null = null;
  afterAll(async () => {
    if (running && running.child.exitCode === null) await running.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a consistent point-in-time copy that restores with the same counts', async () => {
    running = await startServerOnFile(dbFile);
    const s = running;
    const org = (await s.call('POST', '/orgs', { name: '某县委', kind: 'committee' })).body.id;
    // Some volume first, so the copy takes more than an instant.
    const seed = await s.call('POST', '/commitments/batch', { orgId: org, rows: Array.from({ length: 5_000 }, (_, i) => row(`seed-${i}`, i)) });
    expect(seed.body.counts.created).toBe(5_000);

    const acked: Array<{ keys: string[]; at: number }> = [];
    let stop = false;
    let n = 0;
    const clerk = async () => {
      while (!stop) {
        const keys = Array.from({ length: BATCH }, () => `live-${n++}`);
        const res = await s.call('POST', '/commitments/batch', { orgId: org, rows: keys.map(row) });
        expect(res.status).toBe(200);
        acked.push({ keys, at: Date.now() });
      }
    };
    const clerks = [clerk(), clerk(), clerk(), clerk()];
    await new Promise((ok) => setTimeout(ok, 500));

    const copy = join(dir, 'backup', 'copy.db');
    const backupStarted = Date.now();
    const ackedBefore = acked.filter((a) => a.at < backupStarted).flatMap((a) => a.keys);
    const { stdout, stderr, code } = await runCli(['backup', copy], { env: { DATABASE_URL: `file:${dbFile}` }, timeoutMs: 60_000 });
    expect(code, stderr).toBe(0);
    const backupTook = Date.now() - backupStarted;
    await new Promise((ok) => setTimeout(ok, 300)); // writes go on after the copy
    stop = true;
    await Promise.all(clerks);
    expect(stdout).toMatch(/Backed up/);

    const backup = new SQLite(copy, { readonly: true });
    const keys = new Set((backup.prepare('SELECT key FROM commitments').all() as { key: string }[]).map((r) => r.key));
    const integrity = backup.pragma('integrity_check', { simple: true });
    const orgs = (backup.prepare('SELECT count(*) AS n FROM organizations').get() as { n: number }).n;
    backup.close();
    expect(integrity).toBe('ok');
    expect(orgs).toBe(1);
    expect(ackedBefore.filter((k) => !keys.has(k))).toEqual([]);
    const live = [...keys].filter((k) => k.startsWith('live-'));
    expect(live.length % BATCH).toBe(0); // whole batches only: one moment of the database
    const total = acked.length * BATCH + 5_000;
    expect(keys.size).toBeLessThan(total); // and not the writes made after it
    console.log(`backup under load took ${backupTook} ms: ${keys.size} of ${total} records (all ${ackedBefore.length} acknowledged before it began)`);

    expect(await s.stop('SIGTERM')).toBe(0);

    // Restore: the copy becomes the database file of a new server process.
    const restored = join(dir, 'restored.db');
    copyFileSync(copy, restored);
    running = await startServerOnFile(restored);
    const list = await running.call('GET', `/commitments?org=${org}&limit=1`);
    expect(list.body.total).toBe(keys.size);
    expect(await running.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
