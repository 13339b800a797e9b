// GET, PUT /orgs/:id/years/:year (an organisation's year: its 提诺 deadline) and
// GET /commitments/missing (who has not committed yet). The date is set from above: an admin whose
// scope holds the organisation, or a reviewer of an organisation above it; never by the
// organisation's own reviewers or clerks, who are the ones it binds.
import { Router } from 'express';
import { z } from 'zod';
import { OrgYearBody } from '../../core/proposeBy';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import { id, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { Problem, forbidden } from '../http/problem';
import { assertOrgInScope, orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { orgYearOf } from './dates';
import { missingCommitters } from './missing';

const year = z.coerce.number().int().min(2000).max(2100);
const MissingQuery = z.object({ org: id.optional(), year: year.optional() });

/** The one rule for who sets an organisation's 提诺 date. */
export async function assertSetsProposeBy(ctx: AppContext, user: AuthUser, orgId: number): Promise<void> {
  const relation = await orgRelation(ctx.db, user.orgId, orgId);
  if (user.role === 'admin' && relation !== 'outside') return;
  if (user.role === 'reviewer' && relation === 'above') return;
  throw forbidden('propose_by.not_above', {
    zh: '提诺截止日期由上级党组织设定：需要上级党组织的审核人，或管理员',
    en: 'The propose-by date is set from above: a reviewer of an organisation above, or an admin',
  });
}

export function proposeByRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDate(ctx.now(), ctx.config.reportTz);

  router.get('/orgs/:id/years/:year', async (req, res) => {
    const org = await assertOrgInScope(ctx, userOf(req), parseInput(id, req.params.id));
    res.json(await orgYearOf(ctx.db, org.id, parseInput(year, req.params.year)));
  });

  router.put('/orgs/:id/years/:year', async (req, res) => {
    const user = userOf(req);
    const org = await assertOrgInScope(ctx, user, parseInput(id, req.params.id));
    const y = parseInput(year, req.params.year);
    const { proposeBy } = parseInput(OrgYearBody, req.body);
    await assertSetsProposeBy(ctx, user, org.id);
    if (proposeBy !== null && Number(proposeBy.slice(0, 4)) !== y) {
      throw new Problem(400, 'propose_by.other_year', { zh: '提诺截止日期不在该年度内', en: 'The propose-by date is not in that year' }, {
        zh: `${y} 年度的提诺截止日期应在 ${y} 年内，收到的是 ${proposeBy}`,
        en: `The propose-by date of ${y} must fall in ${y}; got ${proposeBy}`,
      }, [{ field: 'proposeBy', code: 'propose_by.other_year', message: { zh: `应在 ${y} 年内`, en: `must fall in ${y}` } }]);
    }
    const at = ctx.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('org_years').select(['id', 'propose_by']).where('org_id', '=', org.id).where('year', '=', y).executeTakeFirst();
      if (proposeBy === null) {
        if (before) await trx.deleteFrom('org_years').where('id', '=', before.id).execute();
      } else if (before) {
        await trx.updateTable('org_years').set({ propose_by: proposeBy, updated_by: user.id, updated_at: at }).where('id', '=', before.id).execute();
      } else {
        await trx.insertInto('org_years').values({ org_id: org.id, year: y, propose_by: proposeBy, updated_by: user.id, updated_at: at }).execute();
      }
      if ((before?.propose_by ?? null) !== proposeBy) {
        await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'org_year', entityId: org.id, before: { year: y, proposeBy: before?.propose_by ?? null }, after: { year: y, proposeBy } });
      }
    });
    res.json(await orgYearOf(ctx.db, org.id, y));
  });

  router.get('/commitments/missing', async (req, res) => {
    const user = userOf(req);
    const query = parseInput(MissingQuery, req.query);
    const orgId = query.org ?? user.orgId;
    if (orgId === null) {
      throw new Problem(400, 'missing.org_required', { zh: '请指定党组织（org）', en: 'Name the organisation (org)' }, undefined, [
        { field: 'org', code: 'required', message: { zh: '全县范围的管理员须指定党组织', en: 'an admin of the whole tree names the organisation' } },
      ]);
    }
    const org = await assertOrgInScope(ctx, user, orgId);
    const day = today();
    res.json(await missingCommitters(ctx.db, org.id, query.year ?? Number(day.slice(0, 4)), day));
  });

  return router;
}
