// POST /commitments/:id/transitions {action, note?}: one step of the lifecycle, allowed or
// refused (403 with the reason) by core's transition rules.
import { Router } from 'express';
import { z } from 'zod';
import { checkTransition } from '../../core/status';
import type { MemberRole, OrgKind, Status, SubjectType } from '../../core/types';
import type { AppContext } from '../context';
import { id, optionalText, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { Problem } from '../http/problem';
import { orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { commitmentJson } from './json';
import { findCommitment } from './find';
import { stepColumns } from './steps';

const TransitionBody = z.strictObject({ action: z.string().min(1).max(40), note: optionalText(2000) });

export function transitionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/commitments/:id/transitions', async (req, res) => {
    const user = userOf(req);
    const before = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const { action, note } = parseInput(TransitionBody, req.body);
    const scopeOrgKind = (user.orgId === null
      ? 'committee'
      : (await ctx.db.selectFrom('organizations').select('kind').where('id', '=', user.orgId).executeTakeFirstOrThrow()).kind) as OrgKind;
    const member = before.member_id === null
      ? undefined
      : await ctx.db.selectFrom('members').select('role').where('id', '=', before.member_id).executeTakeFirst();
    const check = checkTransition(
      { role: user.role, scopeOrgKind, relation: await orgRelation(ctx.db, user.orgId, before.org_id) },
      action,
      { status: before.status as Status, subjectType: before.subject_type as SubjectType, memberRole: member?.role as MemberRole | undefined },
    );
    if (!check.ok) {
      const status = check.code === 'transition.unknown_action' ? 400 : 403;
      throw new Problem(status, check.code, { zh: '不能进行此操作', en: 'Transition not allowed' }, check.message);
    }
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('commitments')
        .set({ ...stepColumns(action as Parameters<typeof stepColumns>[0], user.id, at, note), status: check.to, version: before.version + 1, updated_at: at })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await recordAudit(trx, {
        userId: user.id,
        at,
        action: `transition:${action}`,
        entity: 'commitment',
        entityId: row.id,
        before: { status: before.status, version: before.version },
        after: { status: row.status, version: row.version, note },
      });
      return row;
    });
    if (!after) {
      throw new Problem(409, 'version_conflict', { zh: '记录已被他人修改', en: 'The record was changed by someone else' }, {
        zh: '操作期间记录已被修改，请刷新后重试',
        en: 'The record changed meanwhile; reload and retry',
      });
    }
    res.set('ETag', `"${after.version}"`).json(commitmentJson(after, localDate(ctx.now(), ctx.config.reportTz)));
  });

  return router;
}
