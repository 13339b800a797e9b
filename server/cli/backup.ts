// `backup <file>`: an online copy of the SQLite database, consistent while the server runs.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { sqlitePath } from '../db/open';
import { databaseUrl, type CliCommand } from './command';

export const backup: CliCommand = {
  usage: 'backup <file>',
  async run(args) {
    const target = args[0];
    if (!target) throw new Error(`usage: ${this.usage}`);
    const url = databaseUrl();
    if (!url.startsWith('file:')) {
      console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump, for example');
      console.error(`  pg_dump --format=custom --file=${JSON.stringify(target)} "${url.replace(/:[^:@/]*@/, ':***@')}"`);
      return 1;
    }
    const source = sqlitePath(url);
    if (!existsSync(source)) throw new Error(`no database at ${source}`);
    const out = resolve(target);
    if (existsSync(out)) throw new Error(`${out} exists; choose a new file`);
    mkdirSync(dirname(out), { recursive: true });
    // VACUUM INTO copies inside one read transaction: a snapshot of the moment it starts, taken
    // while the server goes on writing. (The online backup API restarts whenever the server
    // writes, so under steady load it may take very long or never finish.)
    const db = new SQLite(source, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('VACUUM INTO ?').run(out);
    } finally {
      db.close();
    }
    const check = new SQLite(out, { readonly: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new Error(`the backup failed its integrity check: ${result}`);
    } finally {
      check.close();
    }
    console.log(`Backed up ${source} to ${out}.`);
  },
};
