// POST, GET /commitments/:id/progress: the monthly record of fulfilment (践诺记实). The newest
// month's note is also the record's `progress`, so the ledger's 进展情况, lists, reports and a
// refreshed sheet all show the latest word, not the older text the ledger was submitted with.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Selectable } from 'kysely';
import type { ProgressEntriesTable } from '../db/schema';
import { id, line, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { recordAudit } from '../audit';
import { findCommitment } from './find';
import { notFound, Problem } from '../http/problem';
import type { CommitmentRow } from '../db/schema';
import { localDate } from '../clock';
import { loadPlan, storePlan } from '../../core/plan';

const ProgressBody = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  note: line(2000),
  percent: z.number().int().min(0).max(100).nullish().transform((p) => p ?? null),
  /** Shown on the public page; off unless the clerk says so (a note may name a resident). */
  public: z.boolean().default(false),
  /** Marks a phase of the plan done on the entry's day: its number (1 is the first) or its date. */
  phase: z.union([z.number().int().min(1).max(100), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
});
const ProgressPatch = z.strictObject({ public: z.boolean() });

/**
 * The stored plan with one phase marked done on `day`; a phase already done keeps its day (a
 * repeated entry changes nothing). 400 naming the phase when the plan has no such phase.
 */
function markPhaseDone(c: CommitmentRow, phase: number | string, day: string): string {
  const plan = loadPlan(c.plan) ?? [];
  const index = typeof phase === 'number' ? phase - 1 : plan.findIndex((p) => p.by === phase);
  if (index < 0 || index >= plan.length) {
    throw new Problem(400, 'phase.unknown', { zh: '没有这个阶段', en: 'No such phase' }, {
      zh: plan.length === 0 ? '该承诺没有阶段计划' : `阶段“${phase}”不在该承诺的阶段计划中（共${plan.length}个阶段）`,
      en: plan.length === 0 ? 'This commitment has no phased plan' : `Phase "${phase}" is not in this commitment's plan (${plan.length} phases)`,
    }, [{ field: 'phase', code: 'phase.unknown', message: { zh: `阶段“${phase}”不存在`, en: `Phase "${phase}" does not exist` } }]);
  }
  return storePlan(plan.map((p, i) => (i === index && p.doneOn === null ? { ...p, doneOn: day } : p)))!;
}

function progressJson(p: Selectable<ProgressEntriesTable>) {
  return { id: p.id, commitmentId: p.commitment_id, month: p.month, note: p.note, percent: p.percent, public: p.public === 1, userId: p.user_id, createdAt: p.created_at };
}

export function progressRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/commitments/:id/progress', async (req, res) => {
    const c = await findCommitment(ctx, userOf(req), parseInput(id, req.params.id));
    const rows = await ctx.db.selectFrom('progress_entries').selectAll().where('commitment_id', '=', c.id).orderBy('month').orderBy('id').execute();
    res.json({ items: rows.map(progressJson) });
  });

  router.post('/commitments/:id/progress', writers, async (req, res) => {
    const user = userOf(req);
    const c = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const body = parseInput(ProgressBody, req.body);
    const at = ctx.now().toISOString();
    const plan = body.phase === undefined ? null : markPhaseDone(c, body.phase, localDate(ctx.now(), ctx.config.reportTz));
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('progress_entries')
        .values({ commitment_id: c.id, month: body.month, note: body.note, percent: body.percent, public: body.public ? 1 : 0, user_id: user.id, created_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'progress_entry', entityId: row.id, after: progressJson(row) });
      const later = await trx.selectFrom('progress_entries').select('id').where('commitment_id', '=', c.id).where('month', '>', body.month).executeTakeFirst();
      if (!later && c.progress !== body.note) {
        await trx.updateTable('commitments').set((eb) => ({ progress: body.note, version: eb('version', '+', 1), updated_at: at })).where('id', '=', c.id).execute();
        await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'commitment', entityId: c.id, before: { progress: c.progress }, after: { progress: body.note } });
      }
      if (plan !== null && plan !== c.plan) {
        await trx.updateTable('commitments').set((eb) => ({ plan, version: eb('version', '+', 1), updated_at: at })).where('id', '=', c.id).execute();
        await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'commitment', entityId: c.id, before: { plan: loadPlan(c.plan) }, after: { plan: loadPlan(plan), progressEntryId: row.id } });
      }
      return row;
    });
    res.status(201).json(progressJson(row));
  });

  // Marks an entry public or not (the one thing about a recorded entry that changes).
  router.patch('/commitments/:id/progress/:entryId', writers, async (req, res) => {
    const user = userOf(req);
    const c = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const entryId = parseInput(id, req.params.entryId);
    const body = parseInput(ProgressPatch, req.body);
    const before = await ctx.db.selectFrom('progress_entries').selectAll().where('id', '=', entryId).where('commitment_id', '=', c.id).executeTakeFirst();
    if (!before) throw notFound({ zh: '践诺记实', en: 'progress entry' });
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('progress_entries').set({ public: body.public ? 1 : 0 }).where('id', '=', entryId).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'progress_entry', entityId: entryId, before: progressJson(before), after: progressJson(row) });
      return row;
    });
    res.json(progressJson(row));
  });

  return router;
}
