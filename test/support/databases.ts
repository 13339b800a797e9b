// Fresh databases for tests: always a temporary SQLite file, and a new PostgreSQL database when
// TEST_DATABASE_URL is set (created through that connection, dropped after the file's tests).
// Call at the top level of a test file: `const dbs = await testDatabases();` then
// `describe.each(dbs)('API on $name', ({ url }) => …)`.
import { afterAll } from 'vitest';
import { freshPostgres, freshSqlite, type TestDatabase } from './freshDatabases';

export { freshPostgres, freshSqlite, type TestDatabase };

export async function testDatabases(): Promise<TestDatabase[]> {
  const dbs = [freshSqlite()];
  const pgDb = await freshPostgres();
  if (pgDb) dbs.push(pgDb);
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  return dbs;
}
