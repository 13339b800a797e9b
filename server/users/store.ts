// Creating user accounts (API, CLI and first start share this).
import type { Kysely } from 'kysely';
import type { UserRole } from '../../core/types';
import type { Database, UserRow } from '../db/schema';
import { hashPassword, randomPassword, verifyPassword } from '../auth/password';
import { recordAudit } from '../audit';
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

/** What `ensureAdminAccess` did, for the start (or the demo) to say. */
export type AdminAccess =
  | { outcome: 'created'; login: string; password: string }
  | { outcome: 'password_set'; login: string }
  | { outcome: 'kept'; login: string; ignoredPassword: boolean };

/**
 * Leaves a way in after any setup (a fresh database, the CLI demo, a restore): when no enabled
 * admin of the whole tree exists, one is created — login `admin` (or the first free `adminN`),
 * with `password` or a random one. When one exists and `password` (ADMIN_PASSWORD) is given, it
 * becomes the password of `admin` only while that account has never signed in; after that the
 * owner's own password stands and ADMIN_PASSWORD is ignored (`createOnly`: never set it). `via`
 * names the path in the audit. Run it in a transaction.
 */
export async function ensureAdminAccess(
  db: Kysely<Database>,
  password: string | undefined,
  now: Date,
  via: string,
  opts: { createOnly?: boolean } = {},
): Promise<AdminAccess> {
  const at = now.toISOString();
  const admins = await db.selectFrom('users').selectAll().where('role', '=', 'admin').where('org_id', 'is', null).where('disabled', '=', 0).orderBy('id').execute();
  if (admins.length === 0) {
    const login = await freeAdminLogin(db);
    const chosen = password || randomPassword();
    const row = await createUser(db, { login, password: chosen, name: '管理员', role: 'admin', orgId: null }, now);
    await recordAudit(db, { userId: null, at, action: `${via}:create`, entity: 'user', entityId: row.id, after: publicUser(row) });
    return { outcome: 'created', login, password: chosen };
  }
  const named = admins.find((a) => a.login_key === loginKey('admin')) ?? admins[0];
  if (!password || opts.createOnly || (await verifyPassword(password, named.password_hash))) return { outcome: 'kept', login: named.login, ignoredPassword: false };
  const signedIn = await db.selectFrom('audit').select('id').where('action', '=', 'login').where('entity', '=', 'user').where('entity_id', '=', named.id).executeTakeFirst();
  if (signedIn) return { outcome: 'kept', login: named.login, ignoredPassword: true };
  const hash = await acceptablePasswordHash(password, named);
  await setFinalPassword(db, named, hash, { userId: null, at, action: `${via}:admin_password` });
  return { outcome: 'password_set', login: named.login };
}

/**
 * Stores a password that needs no further change (the owner's own, or the operator's
 * ADMIN_PASSWORD), with its audit row. Call it in a transaction.
 */
export async function setFinalPassword(
  db: Kysely<Database>,
  user: UserRow,
  hash: string,
  audit: { userId: number | null; at: string; action: string },
): Promise<UserRow> {
  const row = await db
    .updateTable('users')
    .set({ password_hash: hash, must_change_password: 0, updated_at: audit.at })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, { ...audit, entity: 'user', entityId: user.id, before: publicUser(user), after: { ...publicUser(row), password: 'changed' } });
  return row;
}

async function freeAdminLogin(db: Kysely<Database>): Promise<string> {
  for (let n = 1; ; n++) {
    const login = n === 1 ? 'admin' : `admin${n}`;
    if (!(await db.selectFrom('users').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst())) return login;
  }
}
