// A start with HTTPS on and the server's own certificate 5 days from running out: the start says
// it made a new one, and serves that one.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/serverProcess';

const DAY = 86_400_000;

/** The certificate a TLS client is shown on `port`, PEM. */
function servedCertificate(port: number): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.end();
      ok(new X509Certificate(der).toString());
    });
    socket.on('error', fail);
  });
}

describe('the certificate check at start', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-tls-start-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('renews its own expiring self-signed certificate and serves the new one', { timeout: 120_000 }, async () => {
    const now = Date.now(); // certificates live in real time, as browsers judge them
    const old = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, notBeforeDate: new Date(now - 820 * DAY), notAfterDate: new Date(now + 5 * DAY) });
    const dir = join(cwd, 'data', 'tls');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'localhost-key.pem'), old.private);
    writeFileSync(join(dir, 'localhost-cert.pem'), old.cert);

    server = await startServerProcess({ cwd, env: { HTTPS: '', DATABASE_URL: '', ADMIN_PASSWORD: '', NOW: '2011-06-30T10:00+08:00' } }); // NOW does not move certificates' time
    expect(server.output()).toMatch(/The local HTTPS certificate .*expires on \d{4}-\d\d-\d\d \([45] days\); made a new one in .*valid until/);
    const onDisk = readFileSync(join(dir, 'localhost-cert.pem'), 'utf8');
    expect(onDisk).not.toBe(old.cert);
    expect(new Date(new X509Certificate(onDisk).validTo).getTime()).toBeGreaterThan(now + 800 * DAY);
    expect(new X509Certificate(await servedCertificate(server.port)).fingerprint256).toBe(new X509Certificate(onDisk).fingerprint256);
  });
});
