// GET, POST /orgs and GET, PATCH /orgs/:id: the organisation tree, within the user's scope.
import { Router } from 'express';
import { z } from 'zod';
import { ORG_KINDS } from '../../core/types';
import type { AppContext } from '../context';
import type { OrganizationRow } from '../db/schema';
import { id, line, optionalText, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { admins } from '../http/roles';
import { Problem } from '../http/problem';
import { ancestorIds, assertOrgInScope, subtreeIds } from '../scope';
import { recordAudit } from '../audit';
import { moveSubtreeKeys } from '../commitments/keySpace';

export function orgJson(o: OrganizationRow) {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentId: o.parent_id,
    sector: o.sector,
    supervisionPhone: o.supervision_phone,
    supervisionEmail: o.supervision_email,
  };
}

const OrgBody = z.strictObject({
  name: line(100),
  kind: z.enum(ORG_KINDS),
  parentId: id.nullish(),
  sector: optionalText(50),
  /** 监督电话 and 监督邮箱 on the public notice. */
  supervisionPhone: optionalText(40).refine((s) => s === null || /^[0-9+()（）\- 转]{5,40}$/.test(s), { message: 'phone' }),
  supervisionEmail: z.email().max(100).nullish().transform((e) => e ?? null),
});
const OrgPatch = OrgBody.partial();

/**
 * A scoped admin does not grant review rights within its own reach (a committee reviews leading
 * cadres' commitments): it neither changes its own organisation's kind, nor makes an organisation
 * a committee unless it sits under a committee.
 */
async function assertKindAllowed(ctx: AppContext, scopeOrgId: number | null, orgId: number | null, kind: string, parentId: number | null): Promise<void> {
  if (scopeOrgId === null) return;
  if (orgId === scopeOrgId) {
    throw new Problem(403, 'org.own_kind', { zh: '无权进行此操作', en: 'Not allowed' }, {
      zh: '不能更改本级党组织的类别；请由上级管理员更改',
      en: "You cannot change your own organisation's kind; an admin above it may",
    });
  }
  const parent = parentId === null ? undefined : await ctx.db.selectFrom('organizations').select('kind').where('id', '=', parentId).executeTakeFirst();
  if (kind === 'committee' && parent?.kind !== 'committee') {
    throw new Problem(403, 'org.committee_needs_committee_above', { zh: '无权进行此操作', en: 'Not allowed' }, {
      zh: '党委只能设在党委之下；请由上级管理员设立',
      en: 'A committee sits only under a committee; an admin above may set it up',
    });
  }
}

const rootNeedsWholeTree = () =>
  new Problem(403, 'root_org_not_allowed', { zh: '无权进行此操作', en: 'Not allowed' }, {
    zh: '只有全局管理员可以创建或移动顶层党组织；请指定上级党组织（parentId）',
    en: 'Only an admin of the whole tree may create or move a top-level organisation; give a parentId',
  });

export function orgRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/orgs', async (req, res) => {
    const user = userOf(req);
    let q = ctx.db.selectFrom('organizations').selectAll().orderBy('id');
    if (user.orgId !== null) q = q.where('id', 'in', subtreeIds(ctx.db, user.orgId));
    res.json({ items: (await q.execute()).map(orgJson) });
  });

  router.get('/orgs/:id', async (req, res) => {
    const org = await assertOrgInScope(ctx, userOf(req), parseInput(id, req.params.id));
    res.json(orgJson(org));
  });

  router.post('/orgs', admins, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(OrgBody, req.body);
    if (body.parentId == null && user.orgId !== null) throw rootNeedsWholeTree();
    if (body.parentId != null) await assertOrgInScope(ctx, user, body.parentId);
    await assertKindAllowed(ctx, user.orgId, null, body.kind, body.parentId ?? null);
    const org = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('organizations')
        .values({
          name: body.name,
          kind: body.kind,
          parent_id: body.parentId ?? null,
          sector: body.sector,
          supervision_phone: body.supervisionPhone,
          supervision_email: body.supervisionEmail,
          created_at: ctx.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at: ctx.now().toISOString(), action: 'create', entity: 'organization', entityId: row.id, after: orgJson(row) });
      return row;
    });
    res.status(201).json(orgJson(org));
  });

  router.patch('/orgs/:id', admins, async (req, res) => {
    const user = userOf(req);
    const orgId = parseInput(id, req.params.id);
    const before = await assertOrgInScope(ctx, user, orgId);
    const body = parseInput(OrgPatch, req.body);
    if (Object.keys(body).length === 0) return void res.json(orgJson(before));
    if (body.parentId !== undefined && body.parentId !== before.parent_id) {
      if (body.parentId === null && user.orgId !== null) throw rootNeedsWholeTree();
      if (body.parentId !== null) {
        await assertOrgInScope(ctx, user, body.parentId);
        if ((await ancestorIds(ctx.db, body.parentId)).includes(orgId)) {
          const message = { zh: '上级党组织不能是它自己或它的下级', en: 'parentId is the organisation itself or below it' };
          throw new Problem(400, 'org_cycle', { zh: '上级党组织无效', en: 'Invalid parent organisation' }, message, [
            { field: 'parentId', code: 'org_cycle', message },
          ]);
        }
      }
    }
    const kind = body.kind ?? before.kind;
    const parentId = body.parentId !== undefined ? body.parentId : before.parent_id;
    if (kind !== before.kind || (kind === 'committee' && parentId !== before.parent_id)) await assertKindAllowed(ctx, user.orgId, orgId, kind, parentId);
    const after = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('organizations')
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.kind !== undefined && { kind: body.kind }),
          ...(body.parentId !== undefined && { parent_id: body.parentId }),
          ...(body.sector !== undefined && { sector: body.sector }),
          ...(body.supervisionPhone !== undefined && { supervision_phone: body.supervisionPhone }),
          ...(body.supervisionEmail !== undefined && { supervision_email: body.supervisionEmail }),
        })
        .where('id', '=', orgId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (row.parent_id !== before.parent_id) await moveSubtreeKeys(trx, orgId);
      await recordAudit(trx, { userId: user.id, at: ctx.now().toISOString(), action: 'update', entity: 'organization', entityId: orgId, before: orgJson(before), after: orgJson(row) });
      return row;
    });
    res.json(orgJson(after));
  });

  return router;
}
