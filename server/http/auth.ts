// Authentication middleware: `requireUser` puts the bearer token's user on `req.user`;
// `requireRole` lets only the named roles through.
import type { Request, RequestHandler } from 'express';
import type { UserRole } from '../../core/types';
import type { AppContext } from '../context';
import { sessionUser, type AuthUser } from '../auth/sessions';
import { Problem } from './problem';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

export type { AuthUser };

const unauthenticated = () =>
  new Problem(401, 'unauthenticated', { zh: '请先登录', en: 'Please log in' }, {
    zh: '缺少有效的登录令牌（Authorization: Bearer …），或令牌已过期',
    en: 'A valid bearer token (Authorization: Bearer …) is missing or has expired',
  });

export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match ? match[1] : null;
}

export function requireUser(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    const user = token ? await sessionUser(ctx, token) : null;
    if (!user) throw unauthenticated();
    req.user = user;
    next();
  };
}

export function requireRole(...roles: UserRole[]): RequestHandler {
  return (req, _res, next) => {
    const role = userOf(req).role;
    if (!roles.includes(role)) {
      throw new Problem(403, 'role_not_allowed', { zh: '无权进行此操作', en: 'Not allowed' }, {
        zh: `此操作需要以下角色之一：${roles.join('、')}`,
        en: `This needs one of the roles: ${roles.join(', ')}`,
      });
    }
    next();
  };
}

/** The authenticated user of a request behind `requireUser`. */
export function userOf(req: Request): AuthUser {
  if (!req.user) throw unauthenticated();
  return req.user;
}
