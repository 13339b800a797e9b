// Accounts (issue 18): logins unique as people read them (login_key: case and look-alike letters
// folded, server/users/loginKey.ts), and a flag that makes the owner choose a new password at the
// next sign-in after someone else set it. And the audit trail append-only in the database itself:
// no UPDATE or DELETE (nor, on PostgreSQL, TRUNCATE) of its rows succeeds, whoever connects.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import { loginKey } from '../../users/loginKey';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('login_key', 'text').execute();
  await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // Existing accounts keep their logins. Where two already fold to one key (`Admin` beside
  // `admin`), the older account takes the key; the newer one's key is made unique with its id, so
  // it still signs in with its login exactly as written, and no new look-alike can be added.
  const users: Array<{ id: number; login: string }> = await db.selectFrom('users').select(['id', 'login']).orderBy('id').execute();
  const taken = new Set<string>();
  for (const user of users) {
    let key = loginKey(user.login);
    if (taken.has(key)) {
      console.warn(`login "${user.login}" (user ${user.id}) looks like an older account's login; it signs in only as written — consider renaming it`);
      key = `${key}#${user.id}`;
    }
    taken.add(key);
    await db.updateTable('users').set({ login_key: key }).where('id', '=', user.id).execute();
  }
  await db.schema.createIndex('users_login_fold').on('users').column('login_key').unique().execute();

  await auditAppendOnly(db, dialect);
  // The auditor reads the trail by time.
  await db.schema.createIndex('audit_at').on('audit').column('at').execute();
}

export const AUDIT_APPEND_ONLY = 'audit rows are append-only';

async function auditAppendOnly(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(`create trigger audit_no_${op} before ${op} on audit begin select raise(abort, '${AUDIT_APPEND_ONLY}'); end`)
        .execute(db);
    }
    return;
  }
  await sql
    .raw(`create function audit_append_only() returns trigger language plpgsql as $$ begin raise exception '${AUDIT_APPEND_ONLY}' using errcode = 'insufficient_privilege'; end $$`)
    .execute(db);
  await sql.raw('create trigger audit_no_change before update or delete on audit for each row execute function audit_append_only()').execute(db);
  await sql.raw('create trigger audit_no_truncate before truncate on audit for each statement execute function audit_append_only()').execute(db);
}
