// What every route and feature module gets from the app: the database, its dialect, the
// configuration and the clock (tests inject one).
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { SqlDialect } from './db/dialect';
import type { AppConfig } from './config';

export interface AppContext {
  db: Kysely<Database>;
  dialect: SqlDialect;
  config: AppConfig;
  now(): Date;
  /** Registers cleanup (timers, schedulers) to run when the app closes. */
  onClose(fn: () => Promise<void> | void): void;
}
