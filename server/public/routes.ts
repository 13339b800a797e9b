// The public pages, outside /api/v1 and without login: `/p/<token>` (an organisation's live
// notice) and `/s/<code>` (one phone ballot). HTML in Chinese; rate-limited per token and per
// ballot code, never per address.
import { Router } from 'express';
import type { AppContext } from '../context';
import { localDay } from '../reports/load';
import { messagePage } from './html';
import { limitsOf, perMinute } from './limits';
import { liveLink } from './links';
import { noticePage } from './noticePage';
import { publicView } from './view';
import { ballotRoutes } from './ballotPage';

const PAGES_KEPT = 1000;

const NOT_FOUND = messagePage('页面不存在', '此二维码或链接无效，或已停止使用。请向张贴公示的党组织询问。');
const TOO_MANY = messagePage('请稍后再试', '访问的人较多，请一分钟后再刷新。');

export function publicRoutes(ctx: AppContext): Router {
  const router = Router();
  const limits = limitsOf(ctx.config);
  const tokenAllowed = perMinute(ctx.db, 'public_page', limits.perToken);
  const rendered = new Map<string, { html: string; until: number }>();

  router.get('/p/:token', async (req, res) => {
    res.type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    const link = await liveLink(ctx.db, req.params.token);
    if (!link) return void res.status(404).send(NOT_FOUND);
    if (!(await tokenAllowed(link.token))) return void res.status(429).set('Retry-After', '60').send(TOO_MANY);
    // The link is looked up every time, so a revoked page is gone at once; only its text is kept.
    const kept = rendered.get(link.token);
    if (kept && kept.until > Date.now()) return void res.send(kept.html);
    const view = await publicView(ctx.db, link, ctx.config.reportTz, localDay(ctx.config.reportTz)(ctx.now().toISOString()));
    if (!view) return void res.status(404).send(NOT_FOUND);
    const html = noticePage(view);
    if (rendered.size >= PAGES_KEPT) rendered.clear();
    rendered.set(link.token, { html, until: Date.now() + limits.pageReuseMs });
    res.send(html);
  });

  router.use(ballotRoutes(ctx, perMinute(ctx.db, 'public_ballot', limits.perBallot)));
  return router;
}
