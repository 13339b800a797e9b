// The real server process, killed with SIGKILL in the middle of a large batch: after a restart
// the batch is wholly there or wholly absent, the SQLite file passes its integrity check, and
// retrying the batch never duplicates a record.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BATCH = 40_000;
const PASSWORD = 'process-test-password';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

describe('server process killed mid-batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const dbFile = join(dir, 'ledger.db');
  let child: ChildProcess | null = null;
  let base = '';
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/v1`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${dbFile}`, HTTPS: '0', SCHEDULER: '0', PORT: String(port), ADMIN_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<never>((_, fail) => child!.once('exit', (code) => fail(new Error(`server exited with ${code}`))));
    for (let i = 0; i < 300; i++) {
      const up = await Promise.race([fetch(`${base}/healthz`).then((r) => r.ok, () => false), exited]);
      if (up) return;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    throw new Error('server did not come up');
  }

  async function call(path: string, token: string | null, body: unknown): Promise<any> {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

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
    await start();
    const token = (await call('/auth/login', null, { login: 'admin', password: PASSWORD })).body.token;
    const org = (await call('/orgs', token, { name: '某县委', kind: 'committee' })).body.id;
    const small = await call('/commitments/batch', token, { orgId: org, rows: [{ key: 'small-1', year: 2011, subjectName: '某县委', content: '先行的一批', category: '共性承诺', deadline: '年底前' }] });
    expect(small.body.counts.created).toBe(1);

    const rows = Array.from({ length: BATCH }, (_, i) => ({
      key: `big-${i}`,
      year: 2011,
      subjectName: `党员${i % 500}`,
      subjectType: '党员',
      category: ['共性承诺', '岗位承诺', '实事承诺'][i % 3],
      content: `第 ${i} 条承诺：带头学习党章党规，按时参加组织生活，为群众办好一件实事`,
      measures: '每月自查，按季度向支部汇报',
      deadline: `2011年${(i % 12) + 1}月底`,
      status: '进行中',
    }));

    // Kill as soon as the transaction is visibly writing (the WAL grows), or when the answer comes.
    const wal = `${dbFile}-wal`;
    const walSize = () => { try { return statSync(wal).size; } catch { return 0; } };
    const walBefore = walSize();
    let answered = false;
    const request = call('/commitments/batch', token, { orgId: org, rows }).then(
      () => { answered = true; },
      () => undefined, // the connection dies with the process
    );
    while (!answered && walSize() < walBefore + 2 * 1024 * 1024) await new Promise((ok) => setTimeout(ok, 2));
    child!.kill('SIGKILL');
    await new Promise((ok) => child!.once('exit', ok));
    await request;
    child = null;

    const afterKill = storedBatchRows();
    expect([0, BATCH]).toContain(afterKill);
    if (!answered) console.log(`killed mid-batch; after restart ${afterKill === 0 ? 'nothing' : 'all'} of the batch is there`);
    expect(integrity()).toBe('ok');

    // Restart, and retry the same batch: whatever happened, it ends complete and without duplicates.
    await start();
    const token2 = (await call('/auth/login', null, { login: 'admin', password: PASSWORD })).body.token;
    const retry = await call('/commitments/batch', token2, { orgId: org, rows });
    expect(retry.status).toBe(200);
    expect(retry.body.counts.rejected).toBe(0);
    expect(retry.body.counts.created + retry.body.counts.unchanged).toBe(BATCH);
    expect(retry.body.counts.created).toBe(afterKill === 0 ? BATCH : 0);
    child!.kill('SIGTERM');
    await new Promise((ok) => child!.once('exit', ok));
    child = null;
    expect(storedBatchRows()).toBe(BATCH);
    expect(integrity()).toBe('ok');
  }, 180_000); // two server starts and a large batch on a shared, busy machine
});
