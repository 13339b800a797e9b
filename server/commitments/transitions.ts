// POST /commitments/:id/transitions {action, note?}: one step of the lifecycle, allowed or
// refused (403 with the reason) by core's transition rules.
import { Router } from 'express';
import { z } from 'zod';
import { checkTransition } from '../../core/status';
import type { Status } from '../../core/types';
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
import { approveAudit, fixColumns, fixReviewer, loadReviewTree, mayReview, memberRoleForReview, storedFix } from './review';

const TransitionBody = z.strictObject({ action: z.string().min(1).max(40), note: optionalText(2000) });

export function transitionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/commitments/:id/transitions', async (req, res) => {
    const user = userOf(req);
    const before = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const { action, note } = parseInput(TransitionBody, req.body);
    // The reviewer fixed at submission; a submission now fixes it from the member's role now.
    const tree = await loadReviewTree(ctx.db, [before.org_id, before.review_org_id]);
    const fix = storedFix(before) ?? fixReviewer(tree, {
      orgId: before.org_id,
      subjectType: before.subject_type,
      memberRole: await memberRoleForReview(ctx.db, { orgId: before.org_id, subjectType: before.subject_type, memberId: before.member_id, subjectName: before.subject_name }),
    });
    const check = checkTransition(
      { role: user.role, relation: await orgRelation(ctx.db, user.orgId, before.org_id), mayReview: mayReview(tree, user.orgId, fix) },
      action,
      { status: before.status as Status, reviewBy: fix.reviewBy },
    );
    if (!check.ok) {
      const status = check.code === 'transition.unknown_action' ? 400 : 403;
      throw new Problem(status, check.code, { zh: '不能进行此操作', en: 'Transition not allowed' }, check.message);
    }
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('commitments')
        .set({
          ...stepColumns(action as Parameters<typeof stepColumns>[0], user.id, at, note),
          ...(action === 'submit' && fixColumns(fix)),
          status: check.to,
          version: before.version + 1,
          updated_at: at,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await recordAudit(trx, action === 'approve'
        ? { ...approveAudit(user.id, at, row, fix, 'transition', note), before: { status: before.status, version: before.version } }
        : {
          userId: user.id,
          at,
          action: `transition:${action}`,
          entity: 'commitment',
          entityId: row.id,
          before: { status: before.status, version: before.version },
          after: { status: row.status, version: row.version, note, ...(action === 'submit' && fix) },
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
