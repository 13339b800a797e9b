// Fresh empty databases for tests and benchmarks (no test-runner imports here): a temporary
// SQLite file, or a new PostgreSQL database created through TEST_DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

let skipNoted = false;

export function freshSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  return {
    name: 'sqlite',
    url: `file:${join(dir, 'ledger.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A new empty PostgreSQL database, or null (with a visible note) when TEST_DATABASE_URL is unset. */
export async function freshPostgres(): Promise<TestDatabase | null> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    if (!skipNoted) console.warn('NOTE: TEST_DATABASE_URL is unset — PostgreSQL variants of these tests are SKIPPED.');
    skipNoted = true;
    return null;
  }
  const name = `ledger_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    url: url.toString(),
    drop: () => withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
