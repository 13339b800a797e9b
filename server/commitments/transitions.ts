// POST /commitments/:id/transitions {action, note?}: one step of the lifecycle, allowed or
// refused (403 with the reason) by core's transition rules and the reviewer fixed at submission.
// POST /commitments/transitions {ids, action, note?} takes the same step on many records, each on
// its own: one refused record never blocks the rest, and each answers as the single route would.
import { Router } from 'express';
import { z } from 'zod';
import { checkTransition, type TransitionCheck } from '../../core/status';
import type { Status } from '../../core/types';
import type { AppContext } from '../context';
import type { CommitmentRow } from '../db/schema';
import { id, optionalText, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { Problem, requestLanguage } from '../http/problem';
import { orgRelation, type OrgRelation } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { sendOne } from './json';
import { findCommitment } from './find';
import { stepColumns } from './steps';
import { assertYearOpen } from '../years/closed';
import { approveAudit, fixColumns, fixReviewer, loadReviewTree, mayReview, memberRoleForReview, storedFix, type ReviewFix } from './review';

const TransitionBody = z.strictObject({ action: z.string().min(1).max(40), note: optionalText(2000) });
/** A reviewer's morning is a few hundred items at most; more belongs in several requests. */
export const MAX_BULK_IDS = 500;
const BulkBody = z.strictObject({
  ids: z.array(id).min(1).max(MAX_BULK_IDS),
  action: z.string().min(1).max(40),
  note: optionalText(2000),
});

/**
 * The transition rules as they apply to one user: where they stand to each organisation (looked
 * up once each), and whether they act for the reviewer each record needs.
 */
export function transitionRules(ctx: AppContext, user: AuthUser) {
  const relations = new Map<number, Promise<OrgRelation>>();
  const relationTo = (orgId: number) => {
    if (!relations.has(orgId)) relations.set(orgId, orgRelation(ctx.db, user.orgId, orgId));
    return relations.get(orgId)!;
  };
  return {
    /** Whether the user may take `action` on `c` now, and the reviewer it needs (fixed at submission, or as a submission now would fix it). */
    async check(c: CommitmentRow, action: string): Promise<{ check: TransitionCheck; fix: ReviewFix }> {
      const tree = await loadReviewTree(ctx.db, [c.org_id, c.review_org_id]);
      const fix = storedFix(c) ?? fixReviewer(tree, {
        orgId: c.org_id,
        subjectType: c.subject_type,
        memberRole: await memberRoleForReview(ctx.db, { orgId: c.org_id, subjectType: c.subject_type, memberId: c.member_id, subjectName: c.subject_name }),
      });
      const check = checkTransition(
        { role: user.role, relation: await relationTo(c.org_id), mayReview: mayReview(tree, user.orgId, fix) },
        action,
        { status: c.status as Status, reviewBy: fix.reviewBy },
      );
      return { check, fix };
    },
  };
}

type Rules = ReturnType<typeof transitionRules>;

/** Takes one step on one record, audited; throws the Problem the single route answers. */
export async function transitionCommitment(
  ctx: AppContext,
  user: AuthUser,
  rules: Rules,
  commitmentId: number,
  action: string,
  note: string | null | undefined,
): Promise<CommitmentRow> {
  const before = await findCommitment(ctx, user, commitmentId);
  const { check, fix } = await rules.check(before, action);
  if (!check.ok) {
    const status = check.code === 'transition.unknown_action' ? 400 : 403;
    throw new Problem(status, check.code, { zh: '不能进行此操作', en: 'Transition not allowed' }, check.message);
  }
  const at = ctx.now().toISOString();
  const after = await ctx.db.transaction().execute(async (trx) => {
    await assertYearOpen(trx, before.org_id, before.year);
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
  return after;
}

export function transitionRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDate(ctx.now(), ctx.config.reportTz);

  router.post('/commitments/transitions', async (req, res) => {
    const user = userOf(req);
    const { ids, action, note } = parseInput(BulkBody, req.body);
    const lang = requestLanguage(req);
    const rules = transitionRules(ctx, user);
    const results = [];
    for (const commitmentId of new Set(ids)) {
      try {
        const row = await transitionCommitment(ctx, user, rules, commitmentId, action, note);
        results.push({ id: commitmentId, ok: true, status: row.status, version: row.version });
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        results.push({ id: commitmentId, ok: false, code: e.code, message: (e.detail ?? e.title)[lang] });
      }
    }
    res.json({ results });
  });

  router.post('/commitments/:id/transitions', async (req, res) => {
    const user = userOf(req);
    const commitmentId = parseInput(id, req.params.id);
    const { action, note } = parseInput(TransitionBody, req.body);
    const after = await transitionCommitment(ctx, user, transitionRules(ctx, user), commitmentId, action, note);
    await sendOne(ctx, req, res, after, today());
  });

  return router;
}
