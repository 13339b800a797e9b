// deploy/nginx.conf tried for real (issue 17): Debian's nginx in the foreground under a temporary
// prefix, terminating HTTPS with a certificate made here, round robin over TWO server processes on
// one PostgreSQL database. Only the file's ports, certificate paths and log path are replaced.
// Skipped, with a note, without nginx or without TEST_DATABASE_URL.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgres, type TestDatabase } from './support/databases';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const NGINX = '/usr/sbin/nginx';
const SITE = fileURLToPath(new URL('../deploy/nginx.conf', import.meta.url));
const PASSWORD = 'nginx-two-process-pass-8';

const db: TestDatabase | null = existsSync(NGINX) ? await freshPostgres() : null;
if (!existsSync(NGINX)) console.warn(`NOTE: ${NGINX} is absent — the nginx test (deploy/nginx.conf) is SKIPPED.`);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Replaces `from` in the site file, insisting it is there: a changed file must change this test. */
function replaced(text: string, from: string, to: string): string {
  expect(text, `deploy/nginx.conf should contain ${from}`).toContain(from);
  return text.split(from).join(to);
}

describe.skipIf(!db)('deploy/nginx.conf in front of two server processes on one PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-nginx-'));
  const servers: ServerProcess[] = [];
  let nginx: ChildProcess | null = null;
  let httpsPort = 0;
  let httpPort = 0;
  let cert = '';

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    for (const s of servers) await s.stop('SIGTERM');
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A request through nginx over HTTPS, trusting the certificate made here. */
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<Reply>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: httpsPort, servername: 'localhost', ca: cert, method, path, headers: { host: 'ledger.example.gov.cn', ...headers } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.on('error', fail);
      req.end(body);
    });
  const json = (method: string, path: string, body: unknown, token?: string) =>
    call(method, path, { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, JSON.stringify(body));

  it('starts both processes (one after the other, as an upgrade does) and nginx with the file', { timeout: 180_000 }, async () => {
    // One migrates; the second finds the schema current.
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ env: { DATABASE_URL: db!.url, HTTPS: '0', ADMIN_PASSWORD: PASSWORD } }));

    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    httpsPort = await freePort();
    httpPort = await freePort();
    let site = readFileSync(SITE, 'utf8');
    site = replaced(site, 'server 127.0.0.1:3001 ', `server 127.0.0.1:${servers[0].port} `);
    site = replaced(site, 'server 127.0.0.1:3002 ', `server 127.0.0.1:${servers[1].port} `);
    site = replaced(site, 'listen 443 ssl', `listen 127.0.0.1:${httpsPort} ssl`);
    site = replaced(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
    site = replaced(site, '/etc/ssl/commitment-ledger/fullchain.pem', join(dir, 'cert.pem'));
    site = replaced(site, '/etc/ssl/commitment-ledger/privkey.pem', join(dir, 'key.pem'));
    site = replaced(site, '/var/log/nginx/commitment-ledger.access.log', join(dir, 'access.log'));
    writeFileSync(join(dir, 'commitment-ledger.conf'), site);
    // What Debian's /etc/nginx/nginx.conf gives a conf.d file, with every path under this prefix.
    for (const temp of ['body', 'proxy']) mkdirSync(join(dir, temp));
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'error.log')};`,
        'worker_processes 1;',
        'events {}',
        'http {',
        `  client_body_temp_path ${join(dir, 'body')};`,
        `  proxy_temp_path ${join(dir, 'proxy')};`,
        `  include ${join(dir, 'commitment-ledger.conf')};`,
        '}',
      ].join('\n'),
    );
    const args = ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')];
    execFileSync(NGINX, ['-t', ...args], { stdio: 'pipe' });
    nginx = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
    await expect.poll(() => call('GET', '/healthz').then((r) => r.status, () => 0), { timeout: 10_000 }).toBe(200);
  });

  it('sends requests round robin to both, with the client address nginx saw and its request id', { timeout: 60_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      // A client's own X-Forwarded-For is replaced, not believed.
      const res = await call('GET', '/readyz', { 'x-forwarded-for': '203.0.113.9' });
      expect(res.status).toBe(200);
      ids.push(res.headers['x-request-id'] as string);
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the app
    await expect.poll(() => ids.filter((id) => servers.some((s) => s.output().includes(id))).length).toBe(10);
    const reached = servers.map((s) => ids.filter((id) => s.output().includes(id)).length);
    expect(reached).toEqual([5, 5]);
    for (const s of servers) expect(s.output()).not.toContain('203.0.113.9');
    const line = servers[0].output().split('\n').find((l) => l.includes(ids[0]) || l.includes(ids[1]))!;
    expect(JSON.parse(line)).toMatchObject({ route: '/readyz', status: 200, ip: '127.0.0.1' });
  });

  it('keeps a session across both processes, and keeps public tokens out of its own log', { timeout: 60_000 }, async () => {
    const login = await json('POST', '/api/v1/auth/login', { login: 'admin', password: PASSWORD });
    expect(login.status).toBe(200);
    const token = JSON.parse(login.body).token as string;
    const county = JSON.parse((await json('POST', '/api/v1/orgs', { name: '青山县委', kind: 'committee' }, token)).body).id as number;
    const branch = await json('POST', '/api/v1/orgs', { name: '城关社区党支部', kind: 'branch', parentId: county }, token);
    expect(branch.status).toBe(201);
    const link = await json('POST', '/api/v1/public-links', { orgId: JSON.parse(branch.body).id, year: 2011 }, token);
    expect(link.status).toBe(200);
    const publicToken = JSON.parse(link.body).token as string;
    // Whichever process answers, the token signed in on one works on the other.
    for (let i = 0; i < 4; i++) expect((await call('GET', '/api/v1/me', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await call('GET', `/p/${publicToken}`)).status).toBe(200);

    await expect.poll(() => readFileSync(join(dir, 'access.log'), 'utf8')).toContain('"GET /p/<token>" 200');
    const access = readFileSync(join(dir, 'access.log'), 'utf8');
    expect(access).not.toContain(publicToken);
    expect(access).toMatch(new RegExp(`upstream=127\\.0\\.0\\.1:${servers[0].port}`));
    expect(access).toMatch(new RegExp(`upstream=127\\.0\\.0\\.1:${servers[1].port}`));
  });

  it('redirects plain HTTP to HTTPS, and goes on serving when one process stops', { timeout: 60_000 }, async () => {
    const plain = await new Promise<IncomingMessage>((ok, fail) =>
      httpGet({ host: '127.0.0.1', port: httpPort, path: '/api/v1/me', headers: { host: 'ledger.example.gov.cn' } }, (res) => ok(res.resume())).on('error', fail),
    );
    expect(plain.statusCode).toBe(301);
    expect(plain.headers.location).toBe('https://ledger.example.gov.cn/api/v1/me');

    expect(await servers[1].stop('SIGTERM')).toBe(0);
    for (let i = 0; i < 6; i++) expect((await call('GET', '/healthz')).status).toBe(200);
  });
});
