// GET, POST /users and PATCH /users/:id. Who may create or change which account is the rule of
// server/users/manage.ts; a password set here is a reset: its owner chooses a new one at sign-in.
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
import { endUserSessions } from '../auth/sessions';
import { acceptablePasswordHash, createUser, publicUser } from './store';
import { assertMayManage } from './manage';

const USER = { zh: '用户', en: 'user' };
// The rule on what a password must be is server/auth/passwordRules.ts; here only its bounds.
const Password = z.string().min(1).max(256);
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

function assertOrgGiven(actor: AuthUser, role: UserRole, orgId: number | null): void {
  if (orgId === null && (actor.orgId !== null || (role !== 'admin' && role !== 'auditor'))) {
    throw new Problem(400, 'org_required', { zh: '请指定所属党组织', en: 'orgId is required' }, undefined, [
      { field: 'orgId', code: 'required', message: { zh: '只有全局管理员和审计员可以不属于任何党组织', en: 'only an admin or an auditor of the whole tree may have no organisation' } },
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
    assertOrgGiven(actor, body.role, body.orgId);
    if (body.orgId !== null) await assertOrgInScope(ctx, actor, body.orgId);
    await assertMayManage(ctx, actor, { role: body.role, orgId: body.orgId });
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
    // The account as it is and as it would be must both be the actor's to manage.
    await assertMayManage(ctx, actor, { id: before.id, role: before.role as UserRole, orgId: before.org_id });
    assertOrgGiven(actor, role, orgId);
    if (body.orgId != null) await assertOrgInScope(ctx, actor, body.orgId);
    await assertMayManage(ctx, actor, { id: before.id, role, orgId });
    const passwordHash = body.password === undefined ? undefined : await acceptablePasswordHash(body.password, { login: before.login, name: body.name ?? before.name });
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({
          // A password set by someone else is a reset: the owner chooses their own at next sign-in.
          ...(passwordHash !== undefined && { password_hash: passwordHash, must_change_password: 1 }),
          ...(body.name !== undefined && { name: body.name }),
          ...(body.role !== undefined && { role: body.role }),
          ...(body.orgId !== undefined && { org_id: body.orgId }),
          ...(body.disabled !== undefined && { disabled: body.disabled ? 1 : 0 }),
          updated_at: at,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const changes = { ...publicUser(row), ...(body.password !== undefined && { password: 'reset' }) };
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
