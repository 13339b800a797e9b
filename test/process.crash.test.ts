// The real server process, killed with SIGKILL in the middle of a large batch: after a restart
// the batch is wholly there or wholly absent, the SQLite file passes its integrity check, and
// retrying the batch never duplicates a record.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { memberPledge } from './support/pledges';
import { startServerOnFile, type ServerOnFile } from './support/serverProcess';

const BATCH = 40_000;

describe('server process killed mid-batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const dbFile = join(dir, 'ledger.db');
  let server: ServerOnFile | null = null;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  function storedBatchRows(): number {
    const db = new SQLite(dbFile, { readonly: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM commitments WHERE key LIKE 'big-%'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  function integrity(): string {
    const db = new SQLite(dbFile);
    try {
      return db.pragma('integrity_check', { simple: true }) as string;
    } finally {
      db.close();
    }
  }

  it('keeps a batch whole or absent across kill -9, and a retry completes it without duplicates', async () => {
    server = await startServerOnFile(dbFile);
    const org = (await server.call('POST', '/orgs', { name: '某县委', kind: 'committee' })).body.id;
    const small = await server.call('POST', '/commitments/batch', { orgId: org, rows: [{ key: 'small-1', year: 2011, subjectName: '某县委', content: '先行的一批', category: '共性承诺', deadline: '年底前' }] });
    expect(small.body.counts.created).toBe(1);

    const rows = Array.from({ length: BATCH }, (_, i) => memberPledge(`big-${i}`, i, 500));

    // Kill as soon as the transaction is visibly writing (the WAL grows), or when the answer comes.
    const wal = `${dbFile}-wal`;
    const walSize = () => { try { return statSync(wal).size; } catch { return 0; } };
    const walBefore = walSize();
    let answered = false;
    const request = server.call('POST', '/commitments/batch', { orgId: org, rows }).then(
      () => { answered = true; },
      () => undefined, // the connection dies with the process
    );
    while (!answered && walSize() < walBefore + 2 * 1024 * 1024) await new Promise((ok) => setTimeout(ok, 2));
    await server.stop('SIGKILL');
    await request;
    server = null;

    const afterKill = storedBatchRows();
    expect([0, BATCH]).toContain(afterKill);
    if (!answered) console.log(`killed mid-batch; after restart ${afterKill === 0 ? 'nothing' : 'all'} of the batch is there`);
    expect(integrity()).toBe('ok');

    // Restart, and retry the same batch: whatever happened, it ends complete and without duplicates.
    server = await startServerOnFile(dbFile);
    const retry = await server.call('POST', '/commitments/batch', { orgId: org, rows });
    expect(retry.status).toBe(200);
    expect(retry.body.counts.rejected).toBe(0);
    expect(retry.body.counts.created + retry.body.counts.unchanged).toBe(BATCH);
    expect(retry.body.counts.created).toBe(afterKill === 0 ? BATCH : 0);
    await server.stop('SIGTERM');
    server = null;
    expect(storedBatchRows()).toBe(BATCH);
    expect(integrity()).toBe('ok');
  }, 180_000); // two server starts and a large batch on a shared, busy machine
});
