// Creating user accounts (API, CLI and first start share this).
import type { Kysely } from 'kysely';
import type { UserRole } from '../../core/types';
import type { Database, UserRow } from '../db/schema';
import { hashPassword, randomPassword } from '../auth/password';
import { assertPasswordAcceptable, type PasswordOwner } from '../auth/passwordRules';
import { Problem } from '../http/problem';
import { loginKey } from './loginKey';

export interface NewUser {
  login: string;
  password: string;
  name: string;
  role: UserRole;
  orgId: number | null;
}

/** The hash to store for a password that passes the rule (server/auth/passwordRules.ts); 400 otherwise. */
export async function acceptablePasswordHash(password: string, owner: PasswordOwner, field = 'password'): Promise<string> {
  assertPasswordAcceptable(password, owner, field);
  return hashPassword(password);
}

/** The account signing in as `login`: its exact login first, else the one it reads as (case, look-alikes). */
export async function findUserByLogin(db: Kysely<Database>, login: string): Promise<UserRow | undefined> {
  const exact = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  return exact ?? db.selectFrom('users').selectAll().where('login_key', '=', loginKey(login)).executeTakeFirst();
}

/** 409 when an account's login already reads as `login` (`Admin` beside `admin`, Cyrillic а beside a). */
export async function assertLoginFree(db: Kysely<Database>, login: string): Promise<void> {
  const taken = await db.selectFrom('users').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst();
  if (taken) {
    throw new Problem(409, 'login_taken', { zh: '登录名已被使用', en: 'Login already taken' }, undefined, [
      {
        field: 'login',
        code: 'login_taken',
        message: {
          zh: `登录名「${login}」已被使用，或与已有登录名只差大小写或形近字母`,
          en: `login "${login}" is taken, or differs from an existing login only by case or look-alike letters`,
        },
      },
    ]);
  }
}

/** Creates an account after checking its password against the rule (and its login is free). */
export async function createUser(db: Kysely<Database>, user: NewUser, now: Date): Promise<UserRow> {
  const at = now.toISOString();
  await assertLoginFree(db, user.login);
  return db
    .insertInto('users')
    .values({
      login: user.login,
      login_key: loginKey(user.login),
      password_hash: await acceptablePasswordHash(user.password, user),
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
