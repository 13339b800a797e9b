// The certificate check at start: the server's own self-signed certificate is made again when it
// has 30 days or less to run; a certificate someone else issued is left in place with a warning.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { localCertificate } from './tls';

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T08:00:00Z');

/** A tls directory holding `pems` as the server's certificate files. */
function tlsDir(pems: { private: string; cert: string }): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ledger-tls-')), 'tls');
  mkdirSync(dir);
  writeFileSync(join(dir, 'localhost-key.pem'), pems.private);
  writeFileSync(join(dir, 'localhost-cert.pem'), pems.cert);
  return dir;
}

const localhost = [{ name: 'commonName', value: 'localhost' }];
const daysLeft = (cert: string) => Math.floor((new Date(new X509Certificate(cert).validTo).getTime() - NOW.getTime()) / DAY);

describe('the HTTPS certificate at start', () => {
  it('renews its own self-signed certificate 10 days before it runs out', async () => {
    const old = await generate(localhost, { keySize: 2048, notBeforeDate: new Date(NOW.getTime() - 800 * DAY), notAfterDate: new Date(NOW.getTime() + 10 * DAY) });
    const dir = tlsDir(old);
    const tls = await localCertificate(dir, NOW);
    expect(tls.made).toBe('renewed');
    expect(tls.notices.join('\n')).toMatch(/expires on 2026-12-1\d \(10 days\); made a new one/);
    expect(tls.cert).not.toBe(old.cert);
    expect(readFileSync(join(dir, 'localhost-cert.pem'), 'utf8')).toBe(tls.cert); // kept on disk for the next start
    expect(daysLeft(tls.cert)).toBeGreaterThan(800);
    expect(new X509Certificate(tls.cert).checkPrivateKey(createPrivateKey(tls.key))).toBe(true);
    // The next start keeps the new one.
    const again = await localCertificate(dir, NOW);
    expect(again).toMatchObject({ made: null, cert: tls.cert, notices: [] });
  });

  it('renews an expired one too', async () => {
    const old = await generate(localhost, { keySize: 2048, notBeforeDate: new Date(NOW.getTime() - 900 * DAY), notAfterDate: new Date(NOW.getTime() - 2 * DAY) });
    const tls = await localCertificate(tlsDir(old), NOW);
    expect(tls.made).toBe('renewed');
    expect(tls.notices[0]).toMatch(/expired on 2026-11-28/);
  });

  it('keeps a certificate with more than 30 days left as it is', async () => {
    const old = await generate(localhost, { keySize: 2048, notBeforeDate: NOW, notAfterDate: new Date(NOW.getTime() + 31 * DAY + 3_600_000) });
    const tls = await localCertificate(tlsDir(old), NOW);
    expect(tls).toMatchObject({ made: null, cert: old.cert, notices: [] });
  });

  it('only warns about an expiring certificate a CA issued', async () => {
    const ca = await generate([{ name: 'commonName', value: '青山县 Test CA' }], {
      keySize: 2048,
      notAfterDate: new Date(NOW.getTime() + 3650 * DAY),
      extensions: [{ name: 'basicConstraints', cA: true }],
    });
    const issued = await generate(localhost, {
      keySize: 2048,
      notBeforeDate: new Date(NOW.getTime() - 300 * DAY),
      notAfterDate: new Date(NOW.getTime() + 20 * DAY),
      ca: { key: ca.private, cert: ca.cert },
    });
    const dir = tlsDir(issued);
    const tls = await localCertificate(dir, NOW);
    expect(tls.made).toBeNull();
    expect(tls.cert).toBe(issued.cert);
    expect(readFileSync(join(dir, 'localhost-cert.pem'), 'utf8')).toBe(issued.cert);
    expect(tls.notices).toEqual([expect.stringMatching(/^warning: the HTTPS certificate .*localhost-cert\.pem expires on 2026-12-\d\d \(20 days\); it is not one this server made/)]);
  });
});
