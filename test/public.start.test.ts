// At start the server says when residents' phones could not open its QR codes: PUBLIC_URL left
// at the server's own self-signed localhost, and refuses a PUBLIC_URL that is not an address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/serverProcess';

describe('PUBLIC_URL at start', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-public-start-'));
  let server: ServerProcess | null = null;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('warns that the default address is private and its certificate self-signed', async () => {
    server = await startServerProcess({ cwd, env: { HTTPS: '', DATABASE_URL: '', PUBLIC_URL: '' } });
    await expect.poll(() => server!.output(), { timeout: 20_000 }).toMatch(/warning: .*self-signed/);
    expect(server.output()).toMatch(new RegExp(`warning: PUBLIC_URL https://localhost:${server.port} is a private address`));
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('refuses an address that is not http(s), naming the variable', async () => {
    await expect(startServerProcess({ cwd, env: { PUBLIC_URL: 'gk.qingshan.gov.cn/p' } })).rejects.toThrow(/PUBLIC_URL must be an http\(s\) address/);
  });
});
