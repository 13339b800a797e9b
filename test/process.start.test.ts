// `npm start` on an empty machine: the real compiled server in a fresh working directory makes
// its HTTPS certificate and the admin account, prints the URL and the password once, serves
// HTTPS that verifies against that certificate, and shuts down cleanly on SIGTERM.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/serverProcess';

/** The server as `npm start` runs it in `cwd`: nothing configured but the port. */
const start = (cwd: string, port?: number) =>
  startServerProcess({ cwd, port, env: { ADMIN_PASSWORD: '', HTTPS: '', DATABASE_URL: '' } });

function httpsJson(port: number, ca: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: 'localhost', port, path, method: body ? 'POST' : 'GET', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => ok({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

describe('first start', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  let server: ServerProcess | null = null;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('makes the certificate and admin once, serves verified HTTPS, and stops on SIGTERM', async () => {
    const first = await start(cwd);
    server = first;
    const port = first.port;
    expect(first.output()).toContain(`https://localhost:${port}`);
    const password = /password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();

    const certFile = join(cwd, 'data', 'tls', 'localhost-cert.pem');
    const ca = readFileSync(certFile, 'utf8');
    expect(statSync(join(cwd, 'data', 'ledger.db')).size).toBeGreaterThan(0);
    expect((await httpsJson(port, ca, '/api/v1/healthz')).body.ok).toBe(true);
    const login = await httpsJson(port, ca, '/api/v1/auth/login', { login: 'admin', password });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('SIGTERM');

    // Second start: same certificate, same database, no new password.
    const certTime = statSync(certFile).mtimeMs;
    const second = await start(cwd, port);
    server = second;
    expect(second.output()).not.toMatch(/password: /);
    expect(statSync(certFile).mtimeMs).toBe(certTime);
    expect((await httpsJson(port, ca, '/api/v1/auth/login', { login: 'admin', password })).status).toBe(200);
    await second.stop('SIGTERM');
    server = null;
  }, 180_000); // two server starts on a shared, busy machine
});
