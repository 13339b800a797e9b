// The two SQL dialects we run on, and the one DDL difference migrations have to care about.
import type { CreateTableBuilder } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** Adds the integer `id` primary key: serial on PostgreSQL, autoincrement rowid on SQLite. */
export function addIdColumn<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: SqlDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
