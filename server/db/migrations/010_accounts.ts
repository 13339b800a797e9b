// Accounts (issue 18): logins unique as people read them (login_key: case and look-alike letters
// folded, server/users/loginKey.ts), and a flag that makes the owner choose a new password at the
// next sign-in after someone else set it.
import type { Kysely } from 'kysely';
import { loginKey } from '../../users/loginKey';

export async function up(db: Kysely<any>): Promise<void> {
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
}
