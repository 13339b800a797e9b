// Opens the database named by a URL and brings its schema up to date.
//   file:<path>      SQLite via better-sqlite3 (WAL, busy timeout, foreign keys on)
//   postgres://…     PostgreSQL via a pg Pool
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import type { Database } from './schema';
import type { SqlDialect } from './dialect';
import { MIGRATIONS } from './migrations/index';
import { holdableTextPlugin } from './holdableText';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  close(): Promise<void>;
}

/** The driver's own handle behind a Kysely instance, for a library that takes one (rate-limiter-flexible). */
export type DriverClient = { dialect: 'sqlite'; database: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };
const driverClients = new WeakMap<Kysely<Database>, DriverClient>();

export function driverClientOf(db: Kysely<Database>): DriverClient {
  const client = driverClients.get(db);
  if (!client) throw new Error('this Kysely instance was not opened by openDatabase');
  return client;
}

/** `migrate: false` for a second connection of a process that has migrated already (a worker thread). */
export async function openDatabase(url: string, opts: { migrate?: boolean } = {}): Promise<OpenDatabase> {
  const opened = url.startsWith('file:') ? openSqlite(sqlitePath(url)) : openPostgres(url);
  if (opts.migrate === false) return opened;
  try {
    await migrate(opened.db, opened.dialect);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

/** `file:./data/ledger.db` → absolute path (relative to the working directory). */
export function sqlitePath(url: string): string {
  const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (!path) throw new Error(`DATABASE_URL ${url} names no file`);
  return resolve(path);
}

function openSqlite(path: string): OpenDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // WAL makes NORMAL durable against process crashes; only an OS crash may lose the last commits.
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new LedgerSqliteDialect({ database: keptStatements(database) }, database), plugins: [holdableTextPlugin()] });
  driverClients.set(db, { dialect: 'sqlite', database });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Statements kept compiled, per connection; the least recently used goes first. A batch cycles
 * through a handful; a 10,000-parameter INSERT holds nearly 1 MB compiled, so few are kept.
 */
const KEPT_STATEMENTS = 32;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles on every prepare. A batch
 * repeats the same few statements hundreds of times (a 10,000-parameter INSERT, an IN list of
 * 1,000 keys), and compiling those cost more than running them: keep them compiled.
 */
function keptStatements(database: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = kept.get(text);
      if (statement) kept.delete(text);
      // A statement still iterating its rows cannot run again; a new one can.
      if (!statement || statement.busy) statement = database.prepare(text);
      kept.set(text, statement);
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

/**
 * On SQLITE_FULL, SQLITE_IOERR and the like SQLite has already rolled the transaction back
 * itself; Kysely's ROLLBACK would then fail ("no transaction is active") and hide the real
 * error, which decides the answer (503 disk full, not 500). Roll back only what is still open.
 */
class LedgerSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly database: SQLite.Database,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    const database = this.database;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (database.inTransaction) await super.rollbackTransaction(connection);
      }
    })(this.config);
  }
}

function openPostgres(url: string): OpenDatabase {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`DATABASE_URL must start with file: or postgres://, got ${url}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // count(*) and sums come back as int8; our numbers stay far below 2^53.
    types: {
      getTypeParser: (oid: number, format?: any) =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    },
  });
  // A connection the server drops (restart, pg_terminate_backend, a proxy timing out) emits
  // 'error' — on the pool while idle, on the client while a request holds it — and an 'error'
  // without a listener crashes the process. Listened to, the request in flight fails (503) and
  // the pool replaces the client on the next query.
  const dropped = (err: Error) => console.warn(`PostgreSQL dropped a connection: ${err.message}`);
  pool.on('error', dropped);
  pool.on('connect', (client) => client.on('error', dropped));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [holdableTextPlugin()] });
  driverClients.set(db, { dialect: 'postgres', pool });
  // Kysely ends the pool only if it ever ran a query itself; the pool may have served others alone.
  const close = async () => {
    await db.destroy();
    if (!pool.ended) await pool.end();
  };
  return { db, dialect: 'postgres', close };
}

async function migrate(db: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of MIGRATIONS) migrations[name] = { up: (d) => m.up(d, dialect) };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
