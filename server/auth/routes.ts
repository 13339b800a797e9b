// POST /auth/login, POST /auth/logout (public), GET /me (behind requireUser).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { parseInput } from '../http/body';
import { Problem } from '../http/problem';
import { bearerToken, userOf } from '../http/auth';
import { recordAudit } from '../audit';
import { publicUser } from '../users/store';
import { hashPassword, verifyPassword } from './password';
import { createSession, endSession } from './sessions';
import { loginThrottle } from './throttle';

const LoginBody = z.object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export function loginRoutes(ctx: AppContext): Router {
  const router = Router();
  const throttle = loginThrottle();
  // Compared against when the login does not exist, so both cases take as long.
  const decoy = hashPassword('decoy password');

  router.post('/auth/login', async (req, res) => {
    const { login, password } = parseInput(LoginBody, req.body);
    const key = `${login.toLowerCase()}|${req.ip}`;
    const now = ctx.now().getTime();
    const wait = throttle.waitMs(key, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      res.set('Retry-After', String(seconds));
      throw new Problem(429, 'too_many_attempts', { zh: '登录尝试过多', en: 'Too many login attempts' }, {
        zh: `请 ${seconds} 秒后再试`,
        en: `Try again in ${seconds} s`,
      });
    }
    const user = await ctx.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoy));
    if (!user || !ok || user.disabled) {
      throttle.failed(key, now);
      throw new Problem(401, 'invalid_credentials', { zh: '用户名或密码错误', en: 'Wrong login or password' });
    }
    throttle.succeeded(key);
    const session = await createSession(ctx, user.id);
    await recordAudit(ctx.db, { userId: user.id, at: ctx.now().toISOString(), action: 'login', entity: 'user', entityId: user.id });
    res.json({ token: session.token, expiresAt: session.expiresAt, user: publicUser(user) });
  });

  router.post('/auth/logout', async (req, res) => {
    const token = bearerToken(req);
    if (token) await endSession(ctx, token);
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
