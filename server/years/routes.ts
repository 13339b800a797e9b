// The year on record: POST /years/:year/close, /reopen and /carry-over {orgId}; GET /years (the
// closures in scope, reopened ones too); GET /years/:year/state?org= (is this organisation's year
// closed, and by whom); POST /commitments/:id/carry {decision} (the clerk confirms or drops a
// carried-over draft).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { id, line, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { assertOrgInScope } from '../scope';
import { localDate } from '../clock';
import { findCommitment } from '../commitments/find';
import { sendOne } from '../commitments/json';
import { closeYear, closureById, listClosures, reopenYear } from './close';
import { carryOver, decideCarried } from './carryOver';
import { standingClosure } from './closed';

const Year = z.coerce.number().int().min(1990).max(2100);
const CloseBody = z.strictObject({ orgId: id });
const ReopenBody = z.strictObject({ orgId: id, reason: line(500) });
const CarryBody = z.strictObject({ decision: z.enum(['confirm', 'drop']) });
const ListQuery = z.object({ org: id.optional(), year: Year.optional() });
const StateQuery = z.object({ org: id });

export function yearRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/years', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(ListQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    res.json({ items: await listClosures(ctx.db, q.org ?? user.orgId, q.year) });
  });

  router.get('/years/:year/state', async (req, res) => {
    const user = userOf(req);
    const year = parseInput(Year, req.params.year);
    const { org } = parseInput(StateQuery, req.query);
    await assertOrgInScope(ctx, user, org);
    const standing = await standingClosure(ctx.db, org, year);
    res.json({ orgId: org, year, closed: standing !== null, closure: standing && (await closureById(ctx.db, standing.id)) });
  });

  router.post('/years/:year/close', writers, async (req, res) => {
    const year = parseInput(Year, req.params.year);
    const { orgId } = parseInput(CloseBody, req.body);
    res.status(201).json(await closeYear(ctx, userOf(req), orgId, year));
  });

  router.post('/years/:year/reopen', writers, async (req, res) => {
    const year = parseInput(Year, req.params.year);
    const { orgId, reason } = parseInput(ReopenBody, req.body);
    res.json(await reopenYear(ctx, userOf(req), orgId, year, reason));
  });

  router.post('/years/:year/carry-over', writers, async (req, res) => {
    const year = parseInput(Year, req.params.year);
    const { orgId } = parseInput(CloseBody, req.body);
    res.json(await carryOver(ctx, userOf(req), orgId, year));
  });

  router.post('/commitments/:id/carry', writers, async (req, res) => {
    const user = userOf(req);
    const before = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const { decision } = parseInput(CarryBody, req.body);
    const row = await ctx.db.transaction().execute((trx) => decideCarried(trx, user, before, decision, ctx.now().toISOString()));
    await sendOne(ctx, req, res, row, localDate(ctx.now(), ctx.config.reportTz));
  });

  return router;
}
