import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCertificate } from '../tls';
import { isPrivateAddress, publicUrlWarnings } from './reachable';

describe('PUBLIC_URL reachability', () => {
  it('knows private, loopback, shared and link-local addresses from public ones', () => {
    for (const a of ['10.3.2.1', '172.20.0.5', '192.168.1.10', '127.0.0.1', '100.64.1.1', '169.254.9.9', '::1', 'fd12::1', 'fe80::1', '::ffff:192.168.0.2']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['58.217.200.1', '172.32.0.1', '2408:8000::1', '::ffff:58.217.200.1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('warns of a private address and of a self-signed certificate, as the server makes for itself', async () => {
    const tls = await localCertificate(join(mkdtempSync(join(tmpdir(), 'ledger-tls-')), 'tls'));
    const server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const warnings = await publicUrlWarnings(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/private address \(127\.0\.0\.1\)/);
      expect(warnings[1]).toMatch(/self-signed.*WeChat/);
    } finally {
      server.close();
    }
  });

  it('warns of plain HTTP', async () => {
    expect(await publicUrlWarnings('http://10.0.0.8:3000')).toEqual([expect.stringMatching(/private address/), expect.stringMatching(/plain HTTP/)]);
  });
});
