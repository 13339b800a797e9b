// GET, PUT /orgs/:id/scheme: a county's scheme (方案). Any organisation answers its county's; only
// a top-level organisation keeps one, and only an admin whose scope holds it changes it.
import { Router } from 'express';
import { z } from 'zod';
import { COMMENT_CADENCES, MEMBER_REVIEWS, SURVEY_CADENCES, type Scheme } from '../../core/scheme';
import { CATEGORIES } from '../../core/types';
import type { AppContext } from '../context';
import { id, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { admins } from '../http/roles';
import { Problem } from '../http/problem';
import { assertOrgInScope } from '../scope';
import { recordAudit } from '../audit';
import { countyOf, storedScheme } from './store';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SchemeBody = z.strictObject({
  memberReview: z.enum(MEMBER_REVIEWS),
  commentCadence: z.enum(COMMENT_CADENCES),
  surveyCadence: z.enum(SURVEY_CADENCES),
  categories: z
    .array(z.enum(CATEGORIES))
    .min(1)
    .transform((cs) => CATEGORIES.filter((c) => cs.includes(c))),
  proposeBy: z
    .string()
    .regex(MONTH_DAY)
    .refine((md) => !Number.isNaN(Date.parse(`2000-${md}`)) && new Date(`2000-${md}`).toISOString().slice(5, 10) === md)
    .nullable(),
});

export function schemeRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/orgs/:id/scheme', async (req, res) => {
    const org = await assertOrgInScope(ctx, userOf(req), parseInput(id, req.params.id));
    const county = await countyOf(ctx.db, org.id);
    res.json({ orgId: county, ...(await storedScheme(ctx.db, county)) });
  });

  router.put('/orgs/:id/scheme', admins, async (req, res) => {
    const user = userOf(req);
    const org = await assertOrgInScope(ctx, user, parseInput(id, req.params.id));
    if (org.parent_id !== null) {
      throw new Problem(409, 'scheme.not_top_level', { zh: '只有顶层党组织设置方案', en: 'Only a top-level organisation keeps a scheme' }, {
        zh: `“${org.name}”的方案随其所在县（顶层党组织）；请在顶层党组织上设置`,
        en: `"${org.name}" follows the scheme of its top-level organisation; set it there`,
      });
    }
    const scheme: Scheme = parseInput(SchemeBody, req.body);
    const at = ctx.now().toISOString();
    const columns = {
      member_review: scheme.memberReview,
      comment_cadence: scheme.commentCadence,
      survey_cadence: scheme.surveyCadence,
      categories_json: JSON.stringify(scheme.categories),
      propose_by: scheme.proposeBy,
      updated_by: user.id,
      updated_at: at,
    };
    await ctx.db.transaction().execute(async (trx) => {
      const before = await storedScheme(trx, org.id);
      await trx
        .insertInto('schemes')
        .values({ org_id: org.id, ...columns })
        .onConflict((oc) => oc.column('org_id').doUpdateSet(columns))
        .execute();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'scheme', entityId: org.id, before, after: scheme });
    });
    res.json({ orgId: org.id, ...scheme });
  });

  return router;
}
