// POST, GET /evaluations: leader comments (quarterly), peer reviews, survey counts (half-yearly)
// and annual ratings, on an organisation or a member in scope.
import { Router } from 'express';
import { z } from 'zod';
import { ANNUAL_RATINGS, EVALUATION_KINDS, SUBJECT_TYPES, type EvaluationKind, type LocalText, type SubjectType } from '../../core/types';
import { parsePeriod, type PeriodKind } from '../../core/period';
import type { AppContext } from '../context';
import type { Selectable } from 'kysely';
import type { EvaluationsTable } from '../db/schema';
import { id, optionalText, Paging, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { writers } from '../http/roles';
import { notFound, Problem, type ProblemItem } from '../http/problem';
import { assertOrgInScope, inSubtree, orgRelation } from '../scope';
import { recordAudit } from '../audit';

const count = z.number().int().min(0).max(1_000_000).nullish().transform((n) => n ?? null);
const EvaluationBody = z.strictObject({
  kind: z.enum(EVALUATION_KINDS),
  targetType: z.enum(SUBJECT_TYPES),
  targetId: id,
  period: z.string().max(10),
  text: optionalText(4000),
  rating: z.enum(ANNUAL_RATINGS).nullish().transform((r) => r ?? null),
  satisfied: count,
  basicallySatisfied: count,
  unsatisfied: count,
});
type EvaluationInput = z.output<typeof EvaluationBody>;
const EvaluationQuery = Paging.extend({
  org: id.optional(),
  period: z.string().max(10).optional(),
  kind: z.enum(EVALUATION_KINDS).optional(),
});

/** Which periods each kind is written for (DESIGN §1: 一季一讲评，半年一点评，一年一评议). */
const PERIOD_KINDS: Record<EvaluationKind, PeriodKind[]> = {
  leader_comment: ['month', 'quarter', 'half', 'year'],
  peer: ['quarter', 'half', 'year'],
  survey: ['half', 'year'],
  annual: ['year'],
  self_report: ['quarter'],
};
/** Comments and annual ratings come from a higher organisation's reviewer. */
const FROM_ABOVE: ReadonlySet<EvaluationKind> = new Set(['leader_comment', 'annual']);

function evaluationJson(e: Selectable<EvaluationsTable>) {
  return {
    id: e.id,
    kind: e.kind,
    targetType: e.target_type,
    targetId: e.target_id,
    orgId: e.org_id,
    period: e.period,
    text: e.text,
    rating: e.rating,
    satisfied: e.satisfied,
    basicallySatisfied: e.basically_satisfied,
    unsatisfied: e.unsatisfied,
    userId: e.user_id,
    createdAt: e.created_at,
  };
}

const item = (field: string, code: string, zh: string, en: string): ProblemItem => ({ field, code, message: { zh, en } });

/** What a kind needs besides the common fields: a rating, survey counts, or text. */
function checkContent(b: EvaluationInput): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const period = parsePeriod(b.period);
  if (!period) errors.push(item('period', 'period.invalid', `期间“${b.period}”无效，应如 2011-06、2011-Q2、2011-H1、2011`, `Period "${b.period}" is invalid; use 2011-06, 2011-Q2, 2011-H1 or 2011`));
  else if (!PERIOD_KINDS[b.kind].includes(period.kind)) errors.push(item('period', 'period.wrong_kind', `此类评价不能按“${b.period}”填写`, `This kind of evaluation is not made for period ${b.period}`));
  if (b.kind === 'annual' && !b.rating) errors.push(item('rating', 'required', '年终评议须填写评定等次', 'An annual evaluation needs a rating'));
  if (b.kind === 'survey') {
    const counts = [b.satisfied, b.basicallySatisfied, b.unsatisfied];
    if (counts.some((n) => n === null)) errors.push(item('satisfied', 'required', '群众评议须填写满意、基本满意、不满意人数', 'A survey needs satisfied, basicallySatisfied and unsatisfied counts'));
    else if (counts.every((n) => n === 0)) errors.push(item('satisfied', 'survey.empty', '群众评议人数不能全为 0', 'A survey needs at least one answer'));
  }
  if ((b.kind === 'leader_comment' || b.kind === 'peer' || b.kind === 'self_report') && !b.text) errors.push(item('text', 'required', '请填写评价内容', 'The text is required'));
  if (b.kind === 'self_report' && b.targetType !== 'member') errors.push(item('targetType', 'self_report.member_only', '述诺是党员本人对承诺践行情况的报告，对象须为党员', 'A self-report (述诺) is a member\'s own; its target must be a member'));
  return errors;
}

/** An organisation or a member that is evaluated, or rectifies. */
export interface Target {
  targetType: SubjectType;
  targetId: number;
}

/** The organisation a target belongs to, when it lies in the user's scope. */
export async function targetOrg(ctx: AppContext, user: AuthUser, b: Target): Promise<number> {
  if (b.targetType === 'organization') return (await assertOrgInScope(ctx, user, b.targetId)).id;
  const member = await ctx.db.selectFrom('members').select('org_id').where('id', '=', b.targetId).executeTakeFirst();
  const MEMBER: LocalText = { zh: '党员', en: 'member' };
  if (!member) throw notFound(MEMBER);
  return (await assertOrgInScope(ctx, user, member.org_id, MEMBER)).id;
}

/** A reviewer comments on organisations below theirs, and on members of their own or those below. */
export async function reviewsTarget(ctx: AppContext, user: AuthUser, b: Target, orgId: number): Promise<boolean> {
  const relation = await orgRelation(ctx.db, user.orgId, orgId);
  return relation === 'above' || (relation === 'same' && b.targetType === 'member');
}

export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/evaluations', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(EvaluationQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    const root = q.org ?? user.orgId;
    let base = ctx.db.selectFrom('evaluations');
    if (root !== null) base = base.where(await inSubtree(ctx, 'org_id', root));
    if (q.period) base = base.where('period', '=', q.period);
    if (q.kind) base = base.where('kind', '=', q.kind);
    const [items, total] = await Promise.all([
      base.selectAll().orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    res.json({ items: items.map(evaluationJson), total: Number(total.n) });
  });

  router.post('/evaluations', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(EvaluationBody, req.body);
    const orgId = await targetOrg(ctx, user, body);
    const errors = checkContent(body);
    if (errors.length) throw new Problem(400, 'invalid_evaluation', { zh: '评价有误', en: 'Invalid evaluation' }, undefined, errors);
    if (FROM_ABOVE.has(body.kind) && user.role !== 'admin' && !(user.role === 'reviewer' && (await reviewsTarget(ctx, user, body, orgId)))) {
      throw new Problem(403, 'evaluation.reviewer_not_above', { zh: '无权进行此操作', en: 'Not allowed' }, {
        zh: '领导点评和年终评议须由上级党组织（对党员也可为本支部）的审核人填写',
        en: "Leaders' comments and annual ratings are written by a reviewer of a higher organisation (or, for a member, of the member's own)",
      });
    }
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('evaluations')
        .values({
          kind: body.kind,
          target_type: body.targetType,
          target_id: body.targetId,
          org_id: orgId,
          period: parsePeriod(body.period)!.key,
          text: body.text,
          rating: body.rating,
          satisfied: body.satisfied,
          basically_satisfied: body.basicallySatisfied,
          unsatisfied: body.unsatisfied,
          user_id: user.id,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'evaluation', entityId: row.id, after: evaluationJson(row) });
      return row;
    });
    res.status(201).json(evaluationJson(row));
  });

  return router;
}
