// POST /auth/login, POST /auth/password (one's own new password), POST /auth/logout (public),
// GET /me (behind requireUser).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { UserRow } from '../db/schema';
import { parseInput } from '../http/body';
import { Problem } from '../http/problem';
import { bearerToken, userOf } from '../http/auth';
import { recordAudit } from '../audit';
import { acceptablePasswordHash, findUserByLogin, publicUser, setFinalPassword } from '../users/store';
import { loginKey } from '../users/loginKey';
import { hashPassword, verifyPassword } from './password';
import { createSession, endSession, endUserSessions } from './sessions';
import { loginThrottle } from './throttle';

const Login = z.string().trim().min(1).max(64);
const Password = z.string().min(1).max(256);
const LoginBody = z.object({ login: Login, password: Password });
const PasswordChangeBody = z.object({ login: Login, password: Password, newPassword: Password });

const changeRequired = () =>
  new Problem(403, 'password.change_required', { zh: '请先设置新密码', en: 'Choose a new password first' }, {
    zh: '密码由他人设置，登录前请先设置自己的新密码（POST /auth/password）',
    en: 'Someone else set this password: choose your own (POST /auth/password) before signing in',
  });

export function loginRoutes(ctx: AppContext): Router {
  const router = Router();
  const throttle = loginThrottle(ctx.db);
  // Compared against when the login does not exist, so both cases take as long.
  const decoy = hashPassword('decoy password');

  /** The account whose login and password these are, throttled per (login, address); 401/429 otherwise. */
  async function checkCredentials(req: Request, res: Response, login: string, password: string): Promise<UserRow> {
    const key = `${loginKey(login)}|${req.ip}`;
    const wait = await throttle.waitMs(key);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      res.set('Retry-After', String(seconds));
      throw new Problem(429, 'too_many_attempts', { zh: '登录尝试过多', en: 'Too many login attempts' }, {
        zh: `请 ${seconds} 秒后再试`,
        en: `Try again in ${seconds} s`,
      });
    }
    const user = await findUserByLogin(ctx.db, login);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoy));
    if (!user || !ok || user.disabled) {
      await throttle.failed(key);
      throw new Problem(401, 'invalid_credentials', { zh: '用户名或密码错误', en: 'Wrong login or password' });
    }
    await throttle.succeeded(key);
    return user;
  }

  async function signIn(res: Response, user: UserRow): Promise<void> {
    const session = await createSession(ctx, user.id);
    await recordAudit(ctx.db, { userId: user.id, at: ctx.now().toISOString(), action: 'login', entity: 'user', entityId: user.id });
    res.json({ token: session.token, expiresAt: session.expiresAt, user: publicUser(user) });
  }

  router.post('/auth/login', async (req, res) => {
    const { login, password } = parseInput(LoginBody, req.body);
    const user = await checkCredentials(req, res, login, password);
    if (user.must_change_password) throw changeRequired();
    await signIn(res, user);
  });

  // One's own new password, with the current one: after a reset (403 password.change_required at
  // login) or whenever the owner likes. Every session of the account ends; the answer signs in anew.
  router.post('/auth/password', async (req, res) => {
    const { login, password, newPassword } = parseInput(PasswordChangeBody, req.body);
    const user = await checkCredentials(req, res, login, password);
    if (newPassword === password) {
      throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, [
        { field: 'newPassword', code: 'password.unchanged', message: { zh: '新密码不能与原密码相同', en: 'the new password must differ from the current one' } },
      ]);
    }
    const hash = await acceptablePasswordHash(newPassword, user, 'newPassword');
    const at = ctx.now().toISOString();
    const changed = await ctx.db.transaction().execute((trx) => setFinalPassword(trx, user, hash, { userId: user.id, at, action: 'password:change' }));
    await endUserSessions(ctx, user.id);
    await signIn(res, changed);
  });

  router.post('/auth/logout', async (req, res) => {
    const token = bearerToken(req);
    const userId = token ? await endSession(ctx, token) : null;
    if (userId !== null) await recordAudit(ctx.db, { userId, at: ctx.now().toISOString(), action: 'logout', entity: 'user', entityId: userId });
    res.status(204).end();
  });

  return router;
}

export function meRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/me', async (req, res) => {
    const user = userOf(req);
    const org =
      user.orgId === null
        ? null
        : await ctx.db.selectFrom('organizations').select(['id', 'name', 'kind', 'parent_id as parentId']).where('id', '=', user.orgId).executeTakeFirst();
    res.json({ user, scope: { org: org ?? null, wholeTree: user.orgId === null } });
  });
  return router;
}
