// Bearer sessions: an opaque random token handed to the client once; only its sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { UserRole } from '../../core/types';
import type { AppContext } from '../context';

export interface AuthUser {
  id: number;
  login: string;
  name: string;
  role: UserRole;
  /** Scope organisation; null only for an admin of the whole tree. */
  orgId: number | null;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(ctx: AppContext, userId: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString();
  // Tidy as we go: this user's expired sessions are of no use to anyone.
  await ctx.db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
  await ctx.db
    .insertInto('sessions')
    .values({ user_id: userId, token_hash: tokenHash(token), created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The user behind a live token of an enabled account, or null. */
export async function sessionUser(ctx: AppContext, token: string): Promise<AuthUser | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.login', 'users.name', 'users.role', 'users.org_id'])
    .where('sessions.token_hash', '=', tokenHash(token))
    .where('sessions.expires_at', '>', ctx.now().toISOString())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return row ? { id: row.id, login: row.login, name: row.name, role: row.role as UserRole, orgId: row.org_id } : null;
}

/** Ends the session of `token`; answers whose it was, or null when it was no live session. */
export async function endSession(ctx: AppContext, token: string): Promise<number | null> {
  const ended = await ctx.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).returning('user_id').executeTakeFirst();
  return ended?.user_id ?? null;
}

/** Ends every session of a user (password change, account disabled). */
export async function endUserSessions(ctx: AppContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Deletes every expired session (housekeeping); answers how many. */
export async function dropExpiredSessions(ctx: AppContext): Promise<number> {
  const result = await ctx.db.deleteFrom('sessions').where('expires_at', '<=', ctx.now().toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
