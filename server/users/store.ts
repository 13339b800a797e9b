// Creating user accounts (API, CLI and first start share this).
import type { Kysely } from 'kysely';
import type { UserRole } from '../../core/types';
import type { Database, UserRow } from '../db/schema';
import { hashPassword, randomPassword } from '../auth/password';

export interface NewUser {
  login: string;
  password: string;
  name: string;
  role: UserRole;
  orgId: number | null;
}

export async function createUser(db: Kysely<Database>, user: NewUser, now: Date): Promise<UserRow> {
  const at = now.toISOString();
  return db
    .insertInto('users')
    .values({
      login: user.login,
      password_hash: await hashPassword(user.password),
      name: user.name,
      role: user.role,
      org_id: user.orgId,
      disabled: 0,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function publicUser(row: UserRow) {
  return { id: row.id, login: row.login, name: row.name, role: row.role as UserRole, orgId: row.org_id, disabled: row.disabled === 1 };
}

/**
 * On first start of an empty database: the `admin` account over the whole tree, with the given
 * password or a random one. Answers the password it set, or null when users already exist.
 */
export async function createFirstAdmin(db: Kysely<Database>, password: string | undefined, now: Date): Promise<string | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const chosen = password || randomPassword();
  await createUser(db, { login: 'admin', password: chosen, name: '管理员', role: 'admin', orgId: null }, now);
  return chosen;
}
