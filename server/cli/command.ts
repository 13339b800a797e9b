// The shape of a CLI command, and the database it works on (DATABASE_URL, as the server).
import { openDatabase, type OpenDatabase } from '../db/open';

export interface CliCommand {
  /** One line: the command, its arguments and options. */
  usage: string;
  /** Runs with the arguments after the command's name; answers the exit code (default 0). */
  run(args: string[]): Promise<number | void>;
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL || 'file:./data/ledger.db';
}

/** Opens DATABASE_URL (migrating it), runs `fn`, and always closes it. */
export async function withDatabase<T>(fn: (opened: OpenDatabase) => Promise<T>): Promise<T> {
  const opened = await openDatabase(databaseUrl());
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}
