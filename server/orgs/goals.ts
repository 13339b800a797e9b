// GET /orgs/:id/goals and PUT /orgs/:id/goals/:year: an organisation's 创建目标 for a year (seed
// 003 附件1), printed on its 承诺书 and shown on its public page. Kept by whoever keeps the
// organisation's ledger (clerks of it, reviewers and admins above); every change is audited.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { id, line, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { assertOrgInScope } from '../scope';
import { recordAudit } from '../audit';
import { assertYearOpen } from '../years/closed';

const GoalBody = z.strictObject({ goal: line(1000) });
const year = z.coerce.number().int().min(2000).max(2100);

export function orgGoalRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/orgs/:id/goals', async (req, res) => {
    const org = await assertOrgInScope(ctx, userOf(req), parseInput(id, req.params.id));
    const rows = await ctx.db.selectFrom('org_goals').select(['year', 'goal', 'updated_at']).where('org_id', '=', org.id).orderBy('year').execute();
    res.json({ items: rows.map((r) => ({ year: r.year, goal: r.goal, updatedAt: r.updated_at })) });
  });

  router.put('/orgs/:id/goals/:year', writers, async (req, res) => {
    const user = userOf(req);
    const org = await assertOrgInScope(ctx, user, parseInput(id, req.params.id));
    const y = parseInput(year, req.params.year);
    const { goal } = parseInput(GoalBody, req.body);
    const at = ctx.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, org.id, y);
      const before = await trx.selectFrom('org_goals').select(['id', 'goal']).where('org_id', '=', org.id).where('year', '=', y).executeTakeFirst();
      if (before) await trx.updateTable('org_goals').set({ goal, updated_by: user.id, updated_at: at }).where('id', '=', before.id).execute();
      else await trx.insertInto('org_goals').values({ org_id: org.id, year: y, goal, updated_by: user.id, updated_at: at }).execute();
      await recordAudit(trx, { userId: user.id, at, action: before ? 'update' : 'create', entity: 'org_goal', entityId: org.id, before: before && { year: y, goal: before.goal }, after: { year: y, goal } });
    });
    res.json({ year: y, goal, updatedAt: at });
  });

  return router;
}
