// The newcomer's path (issue 18): `npm run cli -- demo` on a fresh database, then `cli import`,
// then `npm start` with ADMIN_PASSWORD — each step works, the start says how to get in, and the
// admin signs in with ADMIN_PASSWORD. Real processes, on SQLite and PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { runCli, startServerProcess, type ServerProcess } from './support/serverProcess';
import { ledgerFixture } from './support/fixtures';

const dbs = await testDatabases();

function cli(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli([...args], { env: { DATABASE_URL: url } }).then(({ code, stdout, stderr }) => ({ code, out: stdout, err: stderr }));
}

describe.each(dbs)('demo, import, then npm start on $name', ({ url }) => {
  let server: ServerProcess | null = null;
  afterAll(async () => void (await server?.stop('SIGTERM')));

  it('leaves a way in after the demo and says it', { timeout: 240_000 }, async () => {
    const demo = await cli(url, 'demo', '--password', 'county-demo-lantern-7');
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out).toMatch(/users: admin \(whole tree\)/);
    const countyId = /organisation (\d+)/.exec(demo.out)![1];

    const imported = await cli(url, 'import', ledgerFixture('p2-titled.xlsx'), '--org', countyId, '--year', '2011');
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out).result.created).toBeGreaterThan(0);

    // A weak ADMIN_PASSWORD stops the start, naming the variable.
    await expect(startServerProcess({ env: { DATABASE_URL: url, HTTPS: '0', ADMIN_PASSWORD: '12345678' } })).rejects.toThrow(/ADMIN_PASSWORD: 密码太容易被猜到/);

    const chosen = 'operator-chosen-harbor-31';
    server = await startServerProcess({ env: { DATABASE_URL: url, HTTPS: '0', ADMIN_PASSWORD: chosen } });
    expect(server.output()).toContain('Set the password of "admin" from ADMIN_PASSWORD');
    const login = await fetch(`http://127.0.0.1:${server.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: chosen }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user).toMatchObject({ role: 'admin', orgId: null });
  });
});
