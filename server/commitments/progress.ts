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
import { notFound } from '../http/problem';
import { assertYearOpen } from '../years/closed';

const ProgressBody = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  note: line(2000),
  percent: z.number().int().min(0).max(100).nullish().transform((p) => p ?? null),
  /** Shown on the public page; off unless the clerk says so (a note may name a resident). */
  public: z.boolean().default(false),
});
const ProgressPatch = z.strictObject({ public: z.boolean() });

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
    const row = await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, c.org_id, c.year);
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
      await assertYearOpen(trx, c.org_id, c.year);
      const row = await trx.updateTable('progress_entries').set({ public: body.public ? 1 : 0 }).where('id', '=', entryId).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'progress_entry', entityId: entryId, before: progressJson(before), after: progressJson(row) });
      return row;
    });
    res.json(progressJson(row));
  });

  return router;
}
