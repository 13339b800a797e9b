// `npm start` on an empty machine: the real server/main.ts in a fresh working directory makes
// its HTTPS certificate and the admin account, prints the URL and the password once, serves
// HTTPS that verifies against that certificate, and shuts down cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../server/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

/** Starts main.ts in `cwd` and resolves with its output once it says it is listening. */
function start(cwd: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { ...process.env, PORT: String(port), SCHEDULER: '0', ADMIN_PASSWORD: '', HTTPS: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        ok({ child, output: () => out });
      }
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${out}`)));
  });
}

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
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('makes the certificate and admin once, serves verified HTTPS, and stops on SIGTERM', async () => {
    const port = await freePort();
    const first = await start(cwd, port);
    child = first.child;
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

    const exit = new Promise<number | null>((ok) => child!.once('exit', ok));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(first.output()).toContain('SIGTERM');

    // Second start: same certificate, same database, no new password.
    const certTime = statSync(certFile).mtimeMs;
    const second = await start(cwd, port);
    child = second.child;
    expect(second.output()).not.toMatch(/password: /);
    expect(statSync(certFile).mtimeMs).toBe(certTime);
    expect((await httpsJson(port, ca, '/api/v1/auth/login', { login: 'admin', password })).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((ok) => child!.once('exit', ok));
    child = null;
  }, 180_000); // two server starts on a shared, busy machine
});
