// 整改 (DESIGN §1 step 7): poor fulfilment or low satisfaction leads to rectification within a
// deadline, and the target loses eligibility for awards that year. GET, POST /rectifications and
// PATCH /rectifications/:id; `overdue` is derived (open past its due day), never stored.
import { Router } from 'express';
import { z } from 'zod';
import type { Selectable } from 'kysely';
import { SUBJECT_TYPES, type LocalText } from '../../core/types';
import type { AppContext } from '../context';
import { assertYearOpen } from '../years/closed';
import type { RectificationsTable } from '../db/schema';
import { id, line, optionalText, Paging, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { writers } from '../http/roles';
import { notFound, Problem } from '../http/problem';
import { assertOrgInScope, inSubtree, orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { assertMayEvaluate, targetOf, type Target } from '../evaluations/routes';

export const RECTIFICATION_STATUSES = ['open', 'done'] as const;
const RECTIFICATION: LocalText = { zh: '整改事项', en: 'rectification' };

/** A calendar day `YYYY-MM-DD` that exists (2011-02-30 does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, { message: 'not a real date' });

const RectificationBody = z.strictObject({
  targetType: z.enum(SUBJECT_TYPES),
  targetId: id,
  year: z.number().int().min(1990).max(2100),
  issue: line(2000),
  dueOn: day,
  note: optionalText(2000),
});
const RectificationPatch = z.strictObject({
  issue: line(2000).optional(),
  dueOn: day.optional(),
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  doneOn: day.nullish(),
  note: optionalText(2000),
});
const RectificationQuery = Paging.extend({
  org: id.optional(),
  year: z.coerce.number().int().optional(),
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

type RectificationRow = Selectable<RectificationsTable>;

export function rectificationJson(r: RectificationRow, today: string, targetName: string | null) {
  return {
    id: r.id,
    targetType: r.target_type,
    targetId: r.target_id,
    targetName,
    orgId: r.org_id,
    year: r.year,
    issue: r.issue,
    dueOn: r.due_on,
    status: r.status,
    doneOn: r.done_on,
    note: r.note,
    overdue: isRectificationOverdue(r, today),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Open past its due day (the due day itself is still in time). */
export function isRectificationOverdue(r: Pick<RectificationRow, 'status' | 'due_on'>, today: string): boolean {
  return r.status === 'open' && r.due_on < today;
}

/** Names of the targets of some rectifications (or evaluations): organisations and members. */
export async function targetNames(ctx: AppContext, rows: ReadonlyArray<{ target_type: string; target_id: number }>): Promise<(r: { target_type: string; target_id: number }) => string | null> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.target_type === type).map((r) => r.target_id))];
  const [orgs, members] = await Promise.all([
    ids('organization').length ? ctx.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids('organization')).execute() : [],
    ids('member').length ? ctx.db.selectFrom('members').select(['id', 'name']).where('id', 'in', ids('member')).execute() : [],
  ]);
  const byType = { organization: new Map(orgs.map((o) => [o.id, o.name])), member: new Map(members.map((m) => [m.id, m.name])) };
  return (r) => byType[r.target_type as keyof typeof byType]?.get(r.target_id) ?? null;
}

/** Those who may rate the target's year (an admin or a reviewer, by the evaluation rules) open and edit its rectification. */
async function assesses(ctx: AppContext, user: AuthUser, targetType: string, target: Target): Promise<boolean> {
  if (user.role !== 'admin' && user.role !== 'reviewer') return false;
  try {
    await assertMayEvaluate(ctx, user, 'annual', targetType, target);
    return true;
  } catch (e) {
    if (e instanceof Problem) return false;
    throw e;
  }
}

const notAssessor = () =>
  new Problem(403, 'rectification.not_assessor', { zh: '无权进行此操作', en: 'Not allowed' }, {
    zh: '整改事项由上级党组织（对党员也可为本支部）的审核人提出和修改；本单位只能填写完成情况',
    en: "A rectification is set and changed by the reviewer who assesses the target; the target's own organisation only reports it done",
  });

export function rectificationRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDate(ctx.now(), ctx.config.reportTz);

  router.get('/rectifications', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(RectificationQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    const root = q.org ?? user.orgId;
    const now = today();
    let base = ctx.db.selectFrom('rectifications');
    if (root !== null) base = base.where(await inSubtree(ctx, 'org_id', root));
    if (q.year !== undefined) base = base.where('year', '=', q.year);
    if (q.status) base = base.where('status', '=', q.status);
    if (q.overdue !== undefined) {
      base = base.where((eb) => {
        const overdue = eb.and([eb('status', '=', 'open'), eb('due_on', '<', now)]);
        return q.overdue ? overdue : eb.not(overdue);
      });
    }
    const [items, total] = await Promise.all([
      base.selectAll().orderBy('due_on').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const nameOf = await targetNames(ctx, items);
    res.json({ items: items.map((r) => rectificationJson(r, now, nameOf(r))), total: Number(total.n) });
  });

  router.post('/rectifications', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(RectificationBody, req.body);
    const target = await targetOf(ctx, user, body.targetType, body.targetId);
    const orgId = target.orgId;
    if (!(await assesses(ctx, user, body.targetType, target))) throw notAssessor();
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, orgId, body.year);
      const row = await trx
        .insertInto('rectifications')
        .values({
          target_type: body.targetType,
          target_id: body.targetId,
          org_id: orgId,
          year: body.year,
          issue: body.issue,
          due_on: body.dueOn,
          status: 'open',
          note: body.note,
          created_by: user.id,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'rectification', entityId: row.id, after: rectificationJson(row, today(), null) });
      return row;
    });
    const nameOf = await targetNames(ctx, [row]);
    res.status(201).json(rectificationJson(row, today(), nameOf(row)));
  });

  router.patch('/rectifications/:id', writers, async (req, res) => {
    const user = userOf(req);
    const before = await ctx.db.selectFrom('rectifications').selectAll().where('id', '=', parseInput(id, req.params.id)).executeTakeFirst();
    if (!before || (await orgRelation(ctx.db, user.orgId, before.org_id)) === 'outside') throw notFound(RECTIFICATION);
    const patch = parseInput(RectificationPatch, req.body);
    const reschedules = patch.issue !== undefined || patch.dueOn !== undefined;
    if (reschedules && !(await assesses(ctx, user, before.target_type, await targetOf(ctx, user, before.target_type, before.target_id)))) throw notAssessor();
    const status = patch.status ?? before.status;
    // Done means done on a day: the one given, else the one it had, else today. Reopened, it has none.
    const doneOn = status === 'open' ? null : (patch.doneOn ?? before.done_on ?? today());
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      // Rows from before the year was recorded belong to the year they were made in.
      await assertYearOpen(trx, before.org_id, before.year ?? Number(localDate(new Date(before.created_at), ctx.config.reportTz).slice(0, 4)));
      const row = await trx
        .updateTable('rectifications')
        .set({
          issue: patch.issue ?? before.issue,
          due_on: patch.dueOn ?? before.due_on,
          status,
          done_on: doneOn,
          // optionalText reads an absent note as null: only a note sent changes it.
          note: Object.hasOwn(req.body ?? {}, 'note') ? patch.note : before.note,
          updated_at: at,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'rectification', entityId: row.id, before: rectificationJson(before, today(), null), after: rectificationJson(row, today(), null) });
      return row;
    });
    const nameOf = await targetNames(ctx, [after]);
    res.json(rectificationJson(after, today(), nameOf(after)));
  });

  return router;
}
