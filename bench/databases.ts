// The databases every benchmark runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
import { freshPostgres, freshSqlite, type TestDatabase } from '../test/support/freshDatabases';

/** Makers of a new empty database of each kind; null when PostgreSQL is not configured. */
export const databaseKinds: Array<() => Promise<TestDatabase | null>> = [async () => freshSqlite(), freshPostgres];

/** Runs `measure` on a new database of each kind in turn, dropping each afterwards. */
export async function forEachDatabase(measure: (db: TestDatabase) => Promise<void>): Promise<void> {
  for (const make of databaseKinds) {
    const db = await make();
    if (!db) continue;
    try {
      await measure(db);
    } finally {
      await db.drop();
    }
  }
}
