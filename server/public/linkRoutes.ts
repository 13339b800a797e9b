// GET, POST /public-links and POST /public-links/:id/revoke: the addresses printed as QR codes
// on the notice, for organisations in scope. POST answers the organisation's live link for the
// year (made when there is none, as printing the notice does); revoking takes a page offline at
// once (a lost or misused notice), and the next notice printed carries a new address.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { id, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { notFound } from '../http/problem';
import { assertOrgInScope, inSubtree } from '../scope';
import { linkJson, linksFor, publicAddress, revokeLink, type PublicLink } from './links';

const year = z.coerce.number().int().min(2000).max(2100);
const LinkBody = z.strictObject({ orgId: id, year });
const LinkQuery = z.object({ org: id.optional(), year: year.optional() });
const LINK = { zh: '公开链接', en: 'public link' };

export function publicLinkRoutes(ctx: AppContext): Router {
  const router = Router();
  const withUrl = (req: { protocol: string; get(h: string): string | undefined }, l: PublicLink) => ({
    ...l,
    url: publicAddress(ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`, l.token),
  });

  router.get('/public-links', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(LinkQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    const root = q.org ?? user.orgId;
    let query = ctx.db.selectFrom('public_links').selectAll().orderBy('id');
    if (root !== null) query = query.where(await inSubtree(ctx, 'org_id', root));
    if (q.year !== undefined) query = query.where('year', '=', q.year);
    res.json({ items: (await query.execute()).map((r) => withUrl(req, linkJson(r))) });
  });

  router.post('/public-links', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(LinkBody, req.body);
    await assertOrgInScope(ctx, user, body.orgId);
    const links = await linksFor(ctx.db, [body.orgId], body.year, ctx.now().toISOString(), user.id);
    res.json(withUrl(req, links.get(body.orgId)!));
  });

  router.post('/public-links/:id/revoke', writers, async (req, res) => {
    const user = userOf(req);
    const row = await ctx.db.selectFrom('public_links').selectAll().where('id', '=', parseInput(id, req.params.id)).executeTakeFirst();
    if (!row) throw notFound(LINK);
    await assertOrgInScope(ctx, user, row.org_id, LINK);
    await revokeLink(ctx.db, row.id, ctx.now().toISOString(), user.id);
    const after = await ctx.db.selectFrom('public_links').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    res.json(withUrl(req, linkJson(after)));
  });

  return router;
}
