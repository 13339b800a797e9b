// POST /commitments/:id/transitions {action, note?}: one step of the lifecycle, allowed or
// refused (403 with the reason) by core's transition rules. POST /commitments/transitions
// {ids, action, note?} takes the same step on many records, each on its own: one refused record
// never blocks the rest, and each answers as the single route would.
import { Router } from 'express';
import { z } from 'zod';
import { checkTransition, type TransitionCheck } from '../../core/status';
import type { MemberRole, OrgKind, Status, SubjectType } from '../../core/types';
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

const TransitionBody = z.strictObject({ action: z.string().min(1).max(40), note: optionalText(2000) });
/** A reviewer's morning is a few hundred items at most; more belongs in several requests. */
export const MAX_BULK_IDS = 500;
const BulkBody = z.strictObject({
  ids: z.array(id).min(1).max(MAX_BULK_IDS),
  action: z.string().min(1).max(40),
  note: optionalText(2000),
});

/**
 * Who the user is to the transition rules: their role, the kind of their scope organisation and,
 * per organisation (looked up once each), where they stand to it.
 */
export async function transitionRules(ctx: AppContext, user: AuthUser) {
  const scopeOrgKind = (user.orgId === null
    ? 'committee'
    : (await ctx.db.selectFrom('organizations').select('kind').where('id', '=', user.orgId).executeTakeFirstOrThrow()).kind) as OrgKind;
  const relations = new Map<number, Promise<OrgRelation>>();
  const relationTo = (orgId: number) => {
    if (!relations.has(orgId)) relations.set(orgId, orgRelation(ctx.db, user.orgId, orgId));
    return relations.get(orgId)!;
  };
  return {
    /** Whether the user may take `action` on `c` now (memberRole: its linked member's role). */
    async check(c: CommitmentRow, action: string, memberRole: MemberRole | undefined): Promise<TransitionCheck> {
      return checkTransition(
        { role: user.role, scopeOrgKind, relation: await relationTo(c.org_id) },
        action,
        { status: c.status as Status, subjectType: c.subject_type as SubjectType, memberRole },
      );
    },
  };
}

type Rules = Awaited<ReturnType<typeof transitionRules>>;

async function memberRole(ctx: AppContext, c: CommitmentRow): Promise<MemberRole | undefined> {
  if (c.member_id === null) return undefined;
  const m = await ctx.db.selectFrom('members').select('role').where('id', '=', c.member_id).executeTakeFirst();
  return m?.role as MemberRole | undefined;
}

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
  const check = await rules.check(before, action, await memberRole(ctx, before));
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
  return after;
}

export function transitionRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDate(ctx.now(), ctx.config.reportTz);

  router.post('/commitments/transitions', async (req, res) => {
    const user = userOf(req);
    const { ids, action, note } = parseInput(BulkBody, req.body);
    const lang = requestLanguage(req);
    const rules = await transitionRules(ctx, user);
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
    const after = await transitionCommitment(ctx, user, await transitionRules(ctx, user), commitmentId, action, note);
    await sendOne(ctx, req, res, after, today());
  });

  return router;
}
