// deploy/commitment-ledger@.service as far as this sandbox can try it (systemd does not run here):
// `systemd-analyze verify` reads an instance of it without a complaint, and the environment it
// gives the server passes the server's own start-up checks. Skipped, with a note, without
// systemd-analyze.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEnv, listenFromEnv } from '../server/config';

const ANALYZE = '/usr/bin/systemd-analyze';
const UNIT = fileURLToPath(new URL('../deploy/commitment-ledger@.service', import.meta.url));
if (!existsSync(ANALYZE)) console.warn(`NOTE: ${ANALYZE} is absent — the systemd unit is not verified.`);

/** The unit's `Environment=` settings for one instance (%i is the instance name). */
function environmentOf(unit: string, instance: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of unit.matchAll(/^Environment=(\w+)=(.*)$/gm)) env[m[1]] = m[2].replaceAll('%i', instance);
  return env;
}

describe('the systemd unit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!existsSync(ANALYZE))('is verified by systemd-analyze without a warning', () => {
    copyFileSync(UNIT, join(dir, 'commitment-ledger@.service'));
    symlinkSync('commitment-ledger@.service', join(dir, 'commitment-ledger@3001.service'));
    // It prints what it ignores (unknown keys, bad values) on stderr but exits 0: read both.
    const run = spawnSync(ANALYZE, ['verify', '--man=no', join(dir, 'commitment-ledger@3001.service')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  it('gives each instance a valid environment: plain HTTP on its port, metrics on 1<port> locally', () => {
    const env = environmentOf(readFileSync(UNIT, 'utf8'), '3001');
    expect(() => checkEnv(env)).not.toThrow();
    expect(listenFromEnv(env)).toEqual({ port: 3001, https: false, metrics: { host: '127.0.0.1', port: 13001 } });
  });
});
