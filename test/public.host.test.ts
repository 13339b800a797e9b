// The public pages served from a separate public host: PUBLIC_ONLY=1 with the database role of
// scripts/public-role.sql (PostgreSQL). The page and a ballot work through that role; the API
// does not exist there; the role cannot read a draft, a private note or a member's birth year.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../server/app';
import { appConfig } from '../server/config';
import { freshPostgres, type TestDatabase } from './support/freshDatabases';
import { startTestServer, type TestServer } from './support/server';
import { startServerProcess } from './support/serverProcess';
import { publicWorld, type PublicWorld } from './support/publicWorld';

const ROLE_SQL = readFileSync(fileURLToPath(new URL('../scripts/public-role.sql', import.meta.url)), 'utf8');
const database = await freshPostgres();

describe.skipIf(!database)('public-only host on PostgreSQL', () => {
  const db = database as TestDatabase;
  const role = `ledger_public_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let internal: TestServer;
  let world: PublicWorld;
  let publicApp: App;
  let publicBase: string;
  let closeListener: () => void;
  const owner = () => new pg.Client({ connectionString: db.url });

  beforeAll(async () => {
    internal = await startTestServer({ databaseUrl: db.url, clock: () => new Date('2011-07-15T04:00:00Z') });
    world = await publicWorld(internal);
    const client = owner();
    await client.connect();
    await client.query(ROLE_SQL.replace(/ledger_public/g, role).replace(":'password'", `'${password}'`));
    await client.end();
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    publicApp = await createApp(appConfig({ databaseUrl: url.toString(), publicOnly: true, scheduler: false, clock: () => new Date('2011-07-15T04:00:00Z') }));
    const listener = publicApp.app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => listener.once('listening', ok));
    publicBase = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    closeListener = () => listener.close();
  });
  afterAll(async () => {
    closeListener?.();
    await publicApp?.close();
    await internal?.close();
    const client = owner();
    await client.connect();
    await client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    await client.end();
    await db.drop();
  });

  it('serves the public page and takes a ballot through the restricted role, and nothing else', async () => {
    const link = (await world.clerk.post('/public-links', { orgId: world.org.chengguan, year: 2011 })).body;
    const page = await fetch(`${publicBase}/p/${link.token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('为社区60岁以上老人建立健康档案');
    expect(html).not.toContain('走访低保户');

    const survey = (await world.reviewer.post('/surveys', { orgId: world.org.chengguan, period: '2011-H2', ballots: 2, closesOn: '2011-12-31', members: true })).body;
    const answered = await fetch(`${publicBase}/s/${survey.codes[0]}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=satisfied' });
    expect(answered.status).toBe(200);
    expect((await world.reviewer.get(`/surveys/${survey.id}`)).body.counts).toEqual({ satisfied: 1, basicallySatisfied: 0, unsatisfied: 0 });

    for (const path of ['/api/v1/healthz', '/api/v1/orgs', '/taskpane.html']) expect((await fetch(`${publicBase}${path}`)).status, path).toBe(404);
    expect((await fetch(`${publicBase}/healthz`)).status).toBe(200);
  });

  it('starts as a process through the role: it makes no account, and /readyz reads the migrations', async () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    const users = async () => {
      const client = owner();
      await client.connect();
      try {
        return Number((await client.query('SELECT COUNT(*) AS n FROM users')).rows[0].n);
      } finally {
        await client.end();
      }
    };
    const before = await users();
    const host = await startServerProcess({ env: { DATABASE_URL: url.toString(), PUBLIC_ONLY: '1', HTTPS: '0', ADMIN_PASSWORD: 'Zq8#public-host-password' } });
    try {
      const base = `http://127.0.0.1:${host.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      expect(host.output()).not.toMatch(/permission denied|Created user/);
    } finally {
      await host.stop('SIGTERM');
    }
    expect(await users()).toBe(before);
  });

  it('the role reads neither drafts, private notes, private comments nor members’ private fields', async () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const statuses = (await client.query('SELECT DISTINCT status FROM commitments')).rows.map((r) => r.status).sort();
      expect(statuses).toEqual(['completed', 'in_progress', 'published']);
      expect((await client.query(`SELECT note FROM progress_entries`)).rows.map((r) => r.note)).toEqual(['已为126名老人建立健康档案']);
      expect((await client.query(`SELECT text FROM evaluations WHERE kind = 'leader_comment'`)).rows.map((r) => r.text)).toEqual(['为民服务意识强，健康档案工作扎实']);
      await expect(client.query('SELECT birth_year FROM members')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT review_note FROM commitments')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT password_hash FROM users')).rejects.toThrow(/permission denied/);
      await expect(client.query(`UPDATE commitments SET status = 'completed'`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
