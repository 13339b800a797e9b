// Bad configuration stops the start (issue 10): the real server/main.ts, started with one wrong
// variable at a time, exits at once with a message naming it, before it opens or makes anything.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './support/serverProcess';

describe('configuration checked at start', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const wrong: Array<[variable: string, value: string, says: RegExp]> = [
    ['REPORT_TZ', 'Asia/Shangai', /REPORT_TZ "Asia\/Shangai" is not a time zone/],
    ['DATABASE_URL', 'mysql://root@localhost/ledger', /DATABASE_URL must start with file: or postgres:\/\//],
    ['DATABASE_URL', 'postgres://', /DATABASE_URL is not a postgres:\/\/user:password@host/],
    ['PORT', 'abc', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be a port number/],
    ['SMTP_URL', 'mail.example.org:25', /SMTP_URL must be smtp:\/\/host:port/],
    ['SMTP_URL', 'http://mail.example.org', /SMTP_URL must be smtp:\/\/host:port/],
    ['HTTPS', 'false', /HTTPS must be 0 or 1, not "false"/],
    ['SCHEDULER', 'off', /SCHEDULER must be 0 or 1/],
    ['MAIL_FROM', 'ledger at county', /MAIL_FROM must be an e-mail address/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose"/],
    ['METRICS_PORT', '9o90', /METRICS_PORT must be a port number/],
    ['METRICS_HOST', '0.0.0.0/0', /METRICS_HOST must be an address to listen on/],
  ];

  it('refuses each wrong variable by name, exits non-zero, and creates nothing', { timeout: 180_000 }, async () => {
    await Promise.all(
      wrong.map(async ([variable, value, says]) => {
        const cwd = mkdtempSync(join(tmpdir(), 'ledger-config-'));
        dirs.push(cwd);
        // Everything else as a first `npm start` in an empty directory would have it.
        const env = { DATABASE_URL: '', HTTPS: '', ADMIN_PASSWORD: '', [variable]: value };
        const started = startServerProcess({ cwd, env });
        void started.then((s) => s.child.kill('SIGKILL'), () => {}); // a server that did start is stopped
        await expect(started, `${variable}=${value}`).rejects.toThrow(says);
        await expect(started).rejects.toThrow(/server exited with 1/);
        expect(existsSync(join(cwd, 'data')), `${variable}=${value} made ./data`).toBe(false);
      }),
    );
  });

  it('names every wrong variable of one start together', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ledger-config-'));
    dirs.push(cwd);
    const started = startServerProcess({ cwd, env: { DATABASE_URL: 'sqlite:ledger.db', REPORT_TZ: 'Asia/Shangai', HTTPS: '' } });
    void started.then((s) => s.child.kill('SIGKILL'), () => {});
    await expect(started).rejects.toThrow(/DATABASE_URL[^]*REPORT_TZ/);
  });
});
