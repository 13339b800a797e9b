// `npm run cli -- import` gives what the API gives for the same file: two fresh databases, one
// fed over HTTP, one by the CLI in its own process.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { upload } from './fixtures/upload';
import { ledgerFixture } from './support/fixtures';
import { runCli } from './support/serverProcess';

const FILE = ledgerFixture('p2-titled.xlsx');
const viaApi = freshSqlite();
const viaCli = freshSqlite();

// Asynchronous on purpose: a synchronous spawn would freeze this process's test servers, whose
// overdue keep-alive timers then close the very sockets the next request reuses (ECONNRESET).
function cli(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(['import', ...args], { env: { DATABASE_URL: url } }).then(({ code, stdout, stderr }) => ({ code, out: stdout, err: stderr }));
}

describe('CLI import', () => {
  let api: TestServer;
  let cliServer: TestServer;
  let orgId: number;

  beforeAll(async () => {
    api = await startTestServer({ databaseUrl: viaApi.url });
    cliServer = await startTestServer({ databaseUrl: viaCli.url }); // the same admin and organisations
    for (const s of [api, cliServer]) {
      const token = await s.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      orgId = (await s.api(token).post('/orgs', { name: '胡川学区党支部', kind: 'branch' })).body.id;
    }
  });
  afterAll(async () => {
    await api?.close();
    await cliServer?.close();
    await viaApi.drop();
    await viaCli.drop();
  });

  const keys = (s: TestServer) => s.ctx.db.selectFrom('commitments').select(['key', 'status', 'org_id']).orderBy('key').execute();

  it('--dry-run shows the preview and stores nothing', async () => {
    const run = await cli(viaCli.url, FILE, '--org', String(orgId), '--year', '2011', '--dry-run');
    expect(run.code, run.err).toBe(0);
    const { preview, result } = JSON.parse(run.out);
    expect(preview).toMatchObject({ id: null, counts: { commitments: 40 } });
    expect(result).toBeNull();
    expect(await cliServer.ctx.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await keys(cliServer)).toEqual([]);
  });

  it('previews and commits as POST /imports and /imports/:id/commit do', async () => {
    const token = await api.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    const preview = await upload(api, token, readFileSync(FILE), 'p2-titled.xlsx', { org: orgId, year: 2011 });
    const committed = await api.api(token).post(`/imports/${preview.body.id}/commit`, {});

    const run = await cli(viaCli.url, FILE, '--org', String(orgId), '--year', '2011');
    expect(run.code, run.err).toBe(0);
    const fromCli = JSON.parse(run.out);
    for (const part of ['counts', 'sheets', 'mapping', 'rejected', 'warnings', 'samples'] as const) {
      expect(fromCli.preview[part], part).toEqual(preview.body[part]);
    }
    expect(fromCli.result).toEqual(committed.body);
    expect(fromCli.result).toMatchObject({ created: 40, updated: 0, unchanged: 0 });
    expect(await keys(cliServer)).toEqual(await keys(api));

    const again = await cli(viaCli.url, FILE, '--org', String(orgId), '--year', '2011');
    expect(JSON.parse(again.out).result).toMatchObject({ created: 0, updated: 0, unchanged: 40 });
  });

  it('prints the problem and fails for a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const run = await cli(viaCli.url, junk, '--org', String(orgId));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.err)).toMatchObject({ status: 422, code: 'import.unsupported_format' });
  });
});
