// GET, POST /users and PATCH /users/:id. Admins manage accounts in their scope; reviewers manage
// the reviewers, clerks and viewers of theirs. Nobody but an admin makes or changes an admin.
import { Router } from 'express';
import { z } from 'zod';
import { USER_ROLES, type UserRole } from '../../core/types';
import type { AppContext } from '../context';
import type { UserRow } from '../db/schema';
import { id, line, parseInput } from '../http/body';
import { userOf, requireRole, type AuthUser } from '../http/auth';
import { notFound, Problem } from '../http/problem';
import { assertOrgInScope, orgRelation, subtreeIds } from '../scope';
import { recordAudit } from '../audit';
import { hashPassword } from '../auth/password';
import { endUserSessions } from '../auth/sessions';
import { createUser, publicUser } from './store';

const USER = { zh: '用户', en: 'user' };
const Password = z.string().min(8).max(256);
const UserBody = z.strictObject({
  login: z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}._@-]+$/u),
  password: Password,
  name: line(100),
  role: z.enum(USER_ROLES),
  orgId: id.nullable(),
});
const UserPatch = z.strictObject({
  password: Password.optional(),
  name: line(100).optional(),
  role: z.enum(USER_ROLES).optional(),
  orgId: id.nullable().optional(),
  disabled: z.boolean().optional(),
});

const managers = requireRole('admin', 'reviewer');

function assertMayGrant(actor: AuthUser, role: UserRole, orgId: number | null): void {
  if (actor.role !== 'admin' && role === 'admin') {
    throw new Problem(403, 'role_not_grantable', { zh: '无权进行此操作', en: 'Not allowed' }, {
      zh: '只有管理员可以设置管理员账号',
      en: 'Only an admin may create or change an admin account',
    });
  }
  if (orgId === null && (actor.orgId !== null || role !== 'admin')) {
    throw new Problem(400, 'org_required', { zh: '请指定所属党组织', en: 'orgId is required' }, undefined, [
      { field: 'orgId', code: 'required', message: { zh: '只有全局管理员可以不属于任何党组织', en: 'only an admin of the whole tree may have no organisation' } },
    ]);
  }
}

/** The account when the actor may see it: its organisation lies in the actor's scope. */
async function userInScope(ctx: AppContext, actor: AuthUser, userId: number): Promise<UserRow> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(USER);
  const visible = row.org_id === null ? actor.orgId === null : (await orgRelation(ctx.db, actor.orgId, row.org_id)) !== 'outside';
  if (!visible) throw notFound(USER);
  if (actor.role !== 'admin' && row.role === 'admin') throw notFound(USER);
  return row;
}

export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/users', managers, async (req, res) => {
    const actor = userOf(req);
    let q = ctx.db.selectFrom('users').selectAll().orderBy('id');
    if (actor.orgId !== null) q = q.where('org_id', 'in', subtreeIds(ctx.db, actor.orgId));
    if (actor.role !== 'admin') q = q.where('role', '!=', 'admin');
    res.json({ items: (await q.execute()).map(publicUser) });
  });

  router.post('/users', managers, async (req, res) => {
    const actor = userOf(req);
    const body = parseInput(UserBody, req.body);
    assertMayGrant(actor, body.role, body.orgId);
    if (body.orgId !== null) await assertOrgInScope(ctx, actor, body.orgId);
    const taken = await ctx.db.selectFrom('users').select('id').where('login', '=', body.login).executeTakeFirst();
    if (taken) {
      throw new Problem(409, 'login_taken', { zh: '登录名已被使用', en: 'Login already taken' }, undefined, [
        { field: 'login', code: 'login_taken', message: { zh: `登录名「${body.login}」已被使用`, en: `login "${body.login}" is already taken` } },
      ]);
    }
    const user = await ctx.db.transaction().execute(async (trx) => {
      const row = await createUser(trx, body, ctx.now());
      await recordAudit(trx, { userId: actor.id, at: ctx.now().toISOString(), action: 'create', entity: 'user', entityId: row.id, after: publicUser(row) });
      return row;
    });
    res.status(201).json(publicUser(user));
  });

  router.patch('/users/:id', managers, async (req, res) => {
    const actor = userOf(req);
    const before = await userInScope(ctx, actor, parseInput(id, req.params.id));
    const body = parseInput(UserPatch, req.body);
    const role = body.role ?? (before.role as UserRole);
    const orgId = body.orgId !== undefined ? body.orgId : before.org_id;
    assertMayGrant(actor, role, orgId);
    if (body.orgId != null) await assertOrgInScope(ctx, actor, body.orgId);
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({
          ...(body.password !== undefined && { password_hash: await hashPassword(body.password) }),
          ...(body.name !== undefined && { name: body.name }),
          ...(body.role !== undefined && { role: body.role }),
          ...(body.orgId !== undefined && { org_id: body.orgId }),
          ...(body.disabled !== undefined && { disabled: body.disabled ? 1 : 0 }),
          updated_at: at,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const changes = { ...publicUser(row), ...(body.password !== undefined && { password: 'changed' }) };
      await recordAudit(trx, { userId: actor.id, at, action: 'update', entity: 'user', entityId: row.id, before: publicUser(before), after: changes });
      return row;
    });
    // A new password, a new role or scope, or a disabled account: existing sessions end.
    if (body.password !== undefined || body.disabled || body.role !== undefined || body.orgId !== undefined) {
      await endUserSessions(ctx, after.id);
    }
    res.json(publicUser(after));
  });

  return router;
}
