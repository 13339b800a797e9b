// POST, GET /evaluations: leader comments (quarterly), peer reviews, survey counts (half-yearly)
// and annual ratings, on an organisation or a member in scope.
import { Router } from 'express';
import { z } from 'zod';
import { EVALUATION_KINDS, EVALUATION_SOURCES, SUBJECT_TYPES, type EvaluationKind, type LocalText, type SubjectType } from '../../core/types';
import { MAX_SURVEY_ANSWERS, parseRating, scaleWords } from '../../core/evaluation';
import { parsePeriod, type PeriodKind } from '../../core/period';
import type { AppContext } from '../context';
import type { Kysely, Selectable } from 'kysely';
import type { Database, EvaluationsTable } from '../db/schema';
import { id, optionalText, Paging, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { writers } from '../http/roles';
import { notFound, Problem, type ProblemItem } from '../http/problem';
import { assertOrgInScope, inSubtree, orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { ifMatchVersion } from '../commitments/routes';
import { isUniqueViolation } from '../db/uniqueViolation';
import { assertYearOpen } from '../years/closed';

const count = z.number().int().min(0).max(MAX_SURVEY_ANSWERS).nullish().transform((n) => n ?? null);
/** What an evaluation says: the fields a correction (PATCH) may change. */
const contentFields = {
  text: optionalText(4000),
  rating: z.string().max(20).nullish().transform((r) => r ?? null),
  satisfied: count,
  basicallySatisfied: count,
  unsatisfied: count,
  /** A leader comment its author shows on the public page (亮点评); off unless said. */
  public: z.boolean().optional(),
};
const EvaluationBody = z.strictObject({
  kind: z.enum(EVALUATION_KINDS),
  targetType: z.enum(SUBJECT_TYPES),
  targetId: id,
  period: z.string().max(10),
  /** For surveys: typed tallies of paper forms (default) or the phone ballots. */
  source: z.enum(EVALUATION_SOURCES).optional(),
  ...contentFields,
});
const EvaluationPatch = z.strictObject(contentFields).partial();
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
/** Kinds that exist once per target and period (a survey once per source too). */
const ONCE: ReadonlySet<string> = new Set(['annual', 'survey']);

function evaluationJson(e: Selectable<EvaluationsTable>) {
  return {
    id: e.id,
    kind: e.kind,
    targetType: e.target_type,
    targetId: e.target_id,
    orgId: e.org_id,
    period: e.period,
    source: e.source || null,
    text: e.text,
    rating: e.rating,
    satisfied: e.satisfied,
    basicallySatisfied: e.basically_satisfied,
    unsatisfied: e.unsatisfied,
    userId: e.user_id,
    version: e.version,
    createdAt: e.created_at,
    public: e.public === 1,
  };
}

const EVALUATION: LocalText = { zh: '评价', en: 'evaluation' };

/** The stored evaluation that exists once for these (kind, target, period, source). */
function findOnce(db: Kysely<Database>, v: { kind: string; target_type: string; target_id: number; period: string; source: string }) {
  return db
    .selectFrom('evaluations')
    .select('id')
    .where('kind', '=', v.kind)
    .where('target_type', '=', v.target_type)
    .where('target_id', '=', v.target_id)
    .where('period', '=', v.period)
    .where('source', '=', v.source)
    .executeTakeFirst();
}

const item = (field: string, code: string, zh: string, en: string): ProblemItem => ({ field, code, message: { zh, en } });

/** What a kind needs besides the common fields: a rating on the subject's scale, survey counts, or text. */
function checkContent(b: Pick<EvaluationInput, 'kind' | 'targetType' | 'period'> & z.output<typeof EvaluationPatch>): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const period = parsePeriod(b.period);
  if (!period) errors.push(item('period', 'period.invalid', `期间“${b.period}”无效，应如 2011-06、2011-Q2、2011-H1、2011`, `Period "${b.period}" is invalid; use 2011-06, 2011-Q2, 2011-H1 or 2011`));
  else if (!PERIOD_KINDS[b.kind].includes(period.kind)) errors.push(item('period', 'period.wrong_kind', `此类评价不能按“${b.period}”填写`, `This kind of evaluation is not made for period ${b.period}`));
  if (b.kind === 'annual' && !b.rating) errors.push(item('rating', 'required', '年终评议须填写评定等次', 'An annual evaluation needs a rating'));
  else if (b.kind === 'annual' && !parseRating(b.targetType, b.rating!)) {
    const scale = scaleWords(b.targetType);
    const who = b.targetType === 'organization' ? { zh: '党组织', en: 'An organisation' } : { zh: '党员', en: 'A member' };
    errors.push(item('rating', 'rating.wrong_scale', `${who.zh}的年终评定等次应为${scale.zh}，不能是“${b.rating}”`, `${who.en} is rated ${scale.en}, not "${b.rating}"`));
  }
  if (b.kind === 'survey') {
    const counts = [b.satisfied, b.basicallySatisfied, b.unsatisfied];
    if (counts.some((n) => n === null || n === undefined)) errors.push(item('satisfied', 'required', '群众评议须填写满意、基本满意、不满意人数', 'A survey needs satisfied, basicallySatisfied and unsatisfied counts'));
    else if (counts.every((n) => n === 0)) errors.push(item('satisfied', 'survey.empty', '群众评议人数不能全为 0', 'A survey needs at least one answer'));
    else if (counts.reduce((a, n) => a! + n!, 0)! > MAX_SURVEY_ANSWERS) {
      errors.push(item('satisfied', 'survey.too_many', `一次群众评议最多 ${MAX_SURVEY_ANSWERS} 人，请核对人数`, `A survey holds at most ${MAX_SURVEY_ANSWERS} answers; check the counts`));
    }
  }
  if ((b.kind === 'leader_comment' || b.kind === 'peer' || b.kind === 'self_report') && !b.text) errors.push(item('text', 'required', '请填写评价内容', 'The text is required'));
  if (b.kind === 'self_report' && b.targetType !== 'member') errors.push(item('targetType', 'self_report.member_only', '述诺是党员本人对承诺践行情况的报告，对象须为党员', 'A self-report (述诺) is a member\'s own; its target must be a member'));
  if (b.public && b.kind !== 'leader_comment') errors.push(item('public', 'evaluation.public_not_comment', '只有领导点评可以公开', 'Only a leader comment can be made public'));
  return errors;
}

const MEMBER: LocalText = { zh: '党员', en: 'member' };

export interface Target {
  /** The organisation the target belongs to (itself for an organisation). */
  orgId: number;
  /** The member's name, for a member. */
  name?: string;
}

/** The target, when it lies in the user's scope. */
export async function targetOf(ctx: AppContext, user: AuthUser, targetType: string, targetId: number): Promise<Target> {
  if (targetType === 'organization') return { orgId: (await assertOrgInScope(ctx, user, targetId)).id };
  const member = await ctx.db.selectFrom('members').select(['org_id', 'name']).where('id', '=', targetId).executeTakeFirst();
  if (!member) throw notFound(MEMBER);
  return { orgId: (await assertOrgInScope(ctx, user, member.org_id, MEMBER)).id, name: member.name };
}

const refused = (code: string, zh: string, en: string) => new Problem(403, code, { zh: '无权进行此操作', en: 'Not allowed' }, { zh, en });

/**
 * Who may write this evaluation (DESIGN §4): nobody rates or comments on themselves; an
 * organisation's survey and annual rating come from the level above; leaders' comments and annual
 * ratings from a reviewer above (for a member, also of the member's own organisation). A user is
 * taken to be the member of the same name in the user's own organisation: users carry no link to
 * member records.
 */
export async function assertMayEvaluate(ctx: AppContext, user: AuthUser, kind: string, targetType: string, target: Target): Promise<void> {
  const relation = await orgRelation(ctx.db, user.orgId, target.orgId);
  const self = targetType === 'organization' ? relation === 'same' : relation === 'same' && target.name === user.name;
  if (self) {
    throw refused('evaluation.self', '不能评价本人或本级党组织；应由上级党组织（对党员也可为所在党组织）填写', 'Nobody evaluates themselves or their own organisation; the level above does (for a member, also their organisation)');
  }
  if (targetType === 'organization' && (kind === 'survey' || kind === 'annual') && relation !== 'above') {
    throw refused('evaluation.from_above', '党组织的群众评议和年终评议由上级党组织填写', "An organisation's survey and annual rating are recorded by the level above");
  }
  if (FROM_ABOVE.has(kind as EvaluationKind) && user.role !== 'admin' && !(user.role === 'reviewer' && (relation === 'above' || (relation === 'same' && targetType === 'member')))) {
    throw refused(
      'evaluation.reviewer_not_above',
      '领导点评和年终评议须由上级党组织（对党员也可为本支部）的审核人填写',
      "Leaders' comments and annual ratings are written by a reviewer of a higher organisation (or, for a member, of the member's own)",
    );
  }
}

function exists(id: number): Problem {
  const detail = {
    zh: `该对象本期的这项评价已录入（编号 ${id}），请修改原记录`,
    en: `This evaluation of the target for the period exists (id ${id}); correct that one instead`,
  };
  return new Problem(409, 'evaluation.exists', { zh: '评价已存在', en: 'Evaluation exists' }, detail, undefined, { id });
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
    const target = await targetOf(ctx, user, body.targetType, body.targetId);
    const errors = checkContent(body);
    if (errors.length) throw new Problem(400, 'invalid_evaluation', { zh: '评价有误', en: 'Invalid evaluation' }, undefined, errors);
    await assertMayEvaluate(ctx, user, body.kind, body.targetType, target);
    const values = {
      kind: body.kind,
      target_type: body.targetType,
      target_id: body.targetId,
      org_id: target.orgId,
      period: parsePeriod(body.period)!.key,
      source: body.kind === 'survey' ? (body.source ?? 'paper') : '',
    };
    const at = ctx.now().toISOString();
    const insert = () =>
      ctx.db.transaction().execute(async (trx) => {
        await assertYearOpen(trx, target.orgId, parsePeriod(values.period)!.year);
        if (ONCE.has(body.kind)) {
          const found = await findOnce(trx, values);
          if (found) throw exists(found.id);
        }
        const row = await trx
          .insertInto('evaluations')
          .values({
            ...values,
            text: body.text,
            rating: body.rating === null ? null : parseRating(body.targetType, body.rating),
            satisfied: body.satisfied,
            basically_satisfied: body.basicallySatisfied,
            unsatisfied: body.unsatisfied,
            public: body.public ? 1 : 0,
            user_id: user.id,
            created_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'evaluation', entityId: row.id, after: evaluationJson(row) });
        return row;
      });
    let row;
    try {
      row = await insert();
    } catch (err) {
      // Two at once: the unique index refused the second; it answers as if it had come later.
      const found = ONCE.has(body.kind) && isUniqueViolation(err) ? await findOnce(ctx.db, values) : undefined;
      throw found ? exists(found.id) : err;
    }
    res.status(201).set('ETag', `"${row.version}"`).json(evaluationJson(row));
  });

  router.patch('/evaluations/:id', writers, async (req, res) => {
    const user = userOf(req);
    const before = await ctx.db.selectFrom('evaluations').selectAll().where('id', '=', parseInput(id, req.params.id)).executeTakeFirst();
    if (!before) throw notFound(EVALUATION);
    const target = await targetOf(ctx, user, before.target_type, before.target_id).catch(() => {
      throw notFound(EVALUATION);
    });
    const expected = ifMatchVersion(req);
    const patch = parseInput(EvaluationPatch, req.body);
    const merged = {
      kind: before.kind as EvaluationKind,
      targetType: before.target_type as SubjectType,
      period: before.period,
      text: patch.text !== undefined ? patch.text : before.text,
      rating: patch.rating !== undefined ? patch.rating : before.rating,
      satisfied: patch.satisfied !== undefined ? patch.satisfied : before.satisfied,
      basicallySatisfied: patch.basicallySatisfied !== undefined ? patch.basicallySatisfied : before.basically_satisfied,
      unsatisfied: patch.unsatisfied !== undefined ? patch.unsatisfied : before.unsatisfied,
      public: patch.public !== undefined ? patch.public : before.public === 1,
    };
    const errors = checkContent(merged);
    if (errors.length) throw new Problem(400, 'invalid_evaluation', { zh: '评价有误', en: 'Invalid evaluation' }, undefined, errors);
    await assertMayEvaluate(ctx, user, before.kind, before.target_type, target);
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, before.org_id, parsePeriod(before.period)!.year);
      const row = await trx
        .updateTable('evaluations')
        .set({
          text: merged.text,
          rating: merged.rating === null ? null : parseRating(merged.targetType, merged.rating),
          satisfied: merged.satisfied,
          basically_satisfied: merged.basicallySatisfied,
          unsatisfied: merged.unsatisfied,
          public: merged.public ? 1 : 0,
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (row) await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'evaluation', entityId: row.id, before: evaluationJson(before), after: evaluationJson(row) });
      return row;
    });
    if (!row) {
      throw new Problem(409, 'version_conflict', { zh: '记录已被他人修改', en: 'The record was changed by someone else' }, {
        zh: `您修改的是第 ${expected} 版，但评价已更新；请重新读取后再修改`,
        en: `You edited version ${expected} but the evaluation has changed since; read it again and retry`,
      });
    }
    res.set('ETag', `"${row.version}"`).json(evaluationJson(row));
  });

  return router;
}
