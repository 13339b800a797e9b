// 点评责任 (who comments on whom): GET, POST /comment-duties and DELETE /comment-duties/:id. A
// county leader's 联系点 and 分管单位 may lie anywhere in the county, so duties are assigned; by
// default a branch's reviewer comments on its members and a committee's (or general branch's) on
// the organisations directly below. `GET ?period=` says which targets have a comment by the duty's
// user in that period (default: the current one of the county's comment cadence).
import { Router } from 'express';
import { z } from 'zod';
import { parsePeriod, periodContaining, type Period } from '../../core/period';
import { SUBJECT_TYPES, type LocalText, type SubjectType } from '../../core/types';
import type { AppContext } from '../context';
import type { UserRow } from '../db/schema';
import { id, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { admins } from '../http/roles';
import { notFound, Problem } from '../http/problem';
import { orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { targetOf } from '../evaluations/routes';
import { targetNames } from '../rectifications/routes';
import { schemeOf } from '../scheme/store';
import { DEFAULT_SCHEME } from '../../core/scheme';

const DutyBody = z.strictObject({ userId: id, targetType: z.enum(SUBJECT_TYPES), targetId: id });
const DutyQuery = z.object({
  user: id.optional(),
  period: z.string().max(10).optional(),
  pending: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
const USER: LocalText = { zh: '用户', en: 'user' };
const DUTY: LocalText = { zh: '点评责任', en: 'comment duty' };

interface Duty {
  id: number | null;
  userId: number;
  targetType: SubjectType;
  targetId: number;
  orgId: number;
  source: 'assigned' | 'default';
}

/** Only reviewers and admins write leader comments, so only they hold duties. */
const COMMENTERS = ['admin', 'reviewer'];

async function commenterInScope(ctx: AppContext, actor: AuthUser, userId: number): Promise<UserRow> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  const visible = row && (row.org_id === null ? actor.orgId === null : (await orgRelation(ctx.db, actor.orgId, row.org_id)) !== 'outside');
  if (!row || !visible) throw notFound(USER);
  return row;
}

/** The user's duties: those assigned, then the defaults of their organisation not already assigned. */
async function dutiesOf(ctx: AppContext, user: UserRow): Promise<Duty[]> {
  const assigned: Duty[] = (await ctx.db.selectFrom('comment_duties').selectAll().where('user_id', '=', user.id).orderBy('id').execute()).map((d) => ({
    id: d.id,
    userId: d.user_id,
    targetType: d.target_type as SubjectType,
    targetId: d.target_id,
    orgId: d.org_id,
    source: 'assigned',
  }));
  if (user.org_id === null || !COMMENTERS.includes(user.role)) return assigned;
  const org = await ctx.db.selectFrom('organizations').select(['id', 'kind']).where('id', '=', user.org_id).executeTakeFirstOrThrow();
  const defaults: Duty[] =
    org.kind === 'branch'
      ? (await ctx.db.selectFrom('members').select('id').where('org_id', '=', org.id).orderBy('id').execute()).map((m) => ({
          id: null, userId: user.id, targetType: 'member', targetId: m.id, orgId: org.id, source: 'default',
        }))
      : (await ctx.db.selectFrom('organizations').select('id').where('parent_id', '=', org.id).orderBy('id').execute()).map((o) => ({
          id: null, userId: user.id, targetType: 'organization', targetId: o.id, orgId: o.id, source: 'default',
        }));
  const key = (d: Duty) => `${d.targetType}:${d.targetId}`;
  const taken = new Set(assigned.map(key));
  return [...assigned, ...defaults.filter((d) => !taken.has(key(d)))];
}

/** When the user last commented on each target within the period: `type:id` → ISO time. */
async function commentedIn(ctx: AppContext, userId: number, period: Period): Promise<Map<string, string>> {
  const rows = await ctx.db
    .selectFrom('evaluations')
    .select(['target_type', 'target_id', 'period', 'created_at'])
    .where('kind', '=', 'leader_comment')
    .where('user_id', '=', userId)
    .where('period', 'like', `${period.year}%`)
    .orderBy('id')
    .execute();
  const within = new Map<string, string>();
  for (const r of rows) {
    const p = parsePeriod(r.period);
    if (p && p.start >= period.start && p.end <= period.end) within.set(`${r.target_type}:${r.target_id}`, r.created_at);
  }
  return within;
}

const badPeriod = (given: string) =>
  new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, [
    { field: 'period', code: 'period.invalid', message: { zh: `期间“${given}”无效，应如 2011-Q2、2011-H1`, en: `Period "${given}" is invalid; use 2011-Q2 or 2011-H1` } },
  ]);

export function commentDutyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/comment-duties', async (req, res) => {
    const actor = userOf(req);
    const q = parseInput(DutyQuery, req.query);
    const user = await commenterInScope(ctx, actor, q.user ?? actor.id);
    // An admin of the whole tree belongs to no county: the default scheme's cadence.
    const scheme = user.org_id === null ? DEFAULT_SCHEME : await schemeOf(ctx.db, user.org_id);
    const period = q.period === undefined ? periodContaining(scheme.commentCadence, localDate(ctx.now(), ctx.config.reportTz)) : parsePeriod(q.period);
    if (!period) throw badPeriod(q.period!);
    const duties = await dutiesOf(ctx, user);
    const commented = await commentedIn(ctx, user.id, period);
    const nameOf = await targetNames(ctx, duties.map((d) => ({ target_type: d.targetType, target_id: d.targetId })));
    const items = duties
      .map((d) => ({ ...d, targetName: nameOf({ target_type: d.targetType, target_id: d.targetId }), commentedAt: commented.get(`${d.targetType}:${d.targetId}`) ?? null }))
      .filter((d) => !q.pending || d.commentedAt === null);
    res.json({ userId: user.id, period: period.key, commentCadence: scheme.commentCadence, items, total: items.length });
  });

  router.post('/comment-duties', admins, async (req, res) => {
    const actor = userOf(req);
    const body = parseInput(DutyBody, req.body);
    const user = await commenterInScope(ctx, actor, body.userId);
    if (!COMMENTERS.includes(user.role)) {
      throw new Problem(400, 'comment_duty.not_commenter', { zh: '该用户不能点评', en: 'This user does not comment' }, {
        zh: '只有审核人或管理员承担点评责任',
        en: 'Only reviewers and admins hold comment duties',
      });
    }
    const { orgId } = await targetOf(ctx, actor, body.targetType, body.targetId);
    // The leader comments within their own scope: the target must lie in it.
    if (user.org_id !== null && (await orgRelation(ctx.db, user.org_id, orgId)) === 'outside') {
      throw new Problem(400, 'comment_duty.outside_user_scope', { zh: '点评对象不在该用户的管辖范围内', en: "The target lies outside the user's scope" }, {
        zh: '点评人只能点评其所在党组织及下级的党组织和党员',
        en: 'A leader comments on organisations and members in their own organisation and below',
      });
    }
    const existing = await ctx.db
      .selectFrom('comment_duties')
      .select('id')
      .where('user_id', '=', user.id)
      .where('target_type', '=', body.targetType)
      .where('target_id', '=', body.targetId)
      .executeTakeFirst();
    if (existing) {
      res.status(200).json({ id: existing.id, ...body, orgId, source: 'assigned' });
      return;
    }
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('comment_duties')
        .values({ user_id: user.id, target_type: body.targetType, target_id: body.targetId, org_id: orgId, created_by: actor.id, created_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: actor.id, at, action: 'create', entity: 'comment_duty', entityId: row.id, after: { ...body, orgId } });
      return row;
    });
    res.status(201).json({ id: row.id, ...body, orgId, source: 'assigned' });
  });

  router.delete('/comment-duties/:id', admins, async (req, res) => {
    const actor = userOf(req);
    const row = await ctx.db.selectFrom('comment_duties').selectAll().where('id', '=', parseInput(id, req.params.id)).executeTakeFirst();
    if (!row || (await orgRelation(ctx.db, actor.orgId, row.org_id)) === 'outside') throw notFound(DUTY);
    const at = ctx.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('comment_duties').where('id', '=', row.id).execute();
      await recordAudit(trx, { userId: actor.id, at, action: 'delete', entity: 'comment_duty', entityId: row.id, before: { userId: row.user_id, targetType: row.target_type, targetId: row.target_id } });
    });
    res.status(204).end();
  });

  return router;
}
