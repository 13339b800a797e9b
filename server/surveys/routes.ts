// 群众评议 by phone: GET, POST /surveys, GET /surveys/:id (answered and unused, live),
// POST /surveys/:id/close, GET /surveys/:id/ballots (printable slips), GET /surveys/:id/comments.
// A survey comes from the level above the organisation (DESIGN §4), as a typed survey does.
import { Router } from 'express';
import { z } from 'zod';
import { parsePeriod } from '../../core/period';
import type { AppContext } from '../context';
import { assertYearOpen } from '../years/closed';
import { id, Paging, parseInput } from '../http/body';
import { userOf, type AuthUser } from '../http/auth';
import { writers } from '../http/roles';
import { notFound, Problem } from '../http/problem';
import { assertOrgInScope, inSubtree, orgRelation } from '../scope';
import { localDay } from '../reports/load';
import { closeSurvey, openSurvey, surveyJson } from './store';
import { ballotSlips } from './slips';

/** A real calendar day, YYYY-MM-DD (2011-02-30 is refused, not rolled over). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  }, { message: 'invalid date' });
const SurveyBody = z.strictObject({
  orgId: id,
  period: z.string().max(10),
  ballots: z.number().int().min(1).max(2000),
  closesOn: isoDate,
  members: z.boolean().default(false),
});
const SurveyQuery = Paging.extend({ org: id.optional(), period: z.string().max(10).optional() });
const SURVEY = { zh: '评议', en: 'survey' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const invalid = (field: string, code: string, zh: string, en: string) =>
  new Problem(400, 'invalid_survey', { zh: '评议设置有误', en: 'Invalid survey' }, undefined, [{ field, code, message: { zh, en } }]);

export function surveyRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDay(ctx.config.reportTz)(ctx.now().toISOString());

  /** The survey when its organisation is in the user's scope; 404 otherwise. */
  async function surveyInScope(user: AuthUser, raw: unknown) {
    const row = await ctx.db.selectFrom('surveys').select(['id', 'org_id', 'period']).where('id', '=', parseInput(id, raw)).executeTakeFirst();
    if (!row) throw notFound(SURVEY);
    await assertOrgInScope(ctx, user, row.org_id, SURVEY);
    return row;
  }

  router.get('/surveys', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(SurveyQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    const root = q.org ?? user.orgId;
    let base = ctx.db.selectFrom('surveys');
    if (root !== null) base = base.where(await inSubtree(ctx, 'org_id', root));
    if (q.period) base = base.where('period', '=', q.period);
    const [rows, total] = await Promise.all([
      base.select('id').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const items = [];
    for (const r of rows) items.push(await surveyJson(ctx.db, r.id, today()));
    res.json({ items, total: Number(total.n) });
  });

  router.post('/surveys', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(SurveyBody, req.body);
    await assertOrgInScope(ctx, user, body.orgId);
    const period = parsePeriod(body.period);
    if (!period || (period.kind !== 'half' && period.kind !== 'year')) {
      throw invalid('period', 'period.wrong_kind', `群众评议按半年或全年进行，期间应写成 2011-H1 或 2011，收到的是「${body.period}」`, `A survey is for a half-year or a year (2011-H1, 2011); got "${body.period}"`);
    }
    if (body.closesOn < today()) {
      throw invalid('closesOn', 'survey.closes_in_past', `截止日期 ${body.closesOn} 已经过去`, `closesOn ${body.closesOn} has passed`);
    }
    if (user.role !== 'admin' && !(user.role === 'reviewer' && (await orgRelation(ctx.db, user.orgId, body.orgId)) === 'above')) {
      throw new Problem(403, 'survey.not_above', { zh: '无权进行此操作', en: 'Not allowed' }, {
        zh: '群众评议须由上级党组织的审核人发起',
        en: 'A survey is opened by a reviewer of a higher organisation',
      });
    }
    await assertYearOpen(ctx.db, body.orgId, period.year);
    const existing = await ctx.db.selectFrom('surveys').select('id').where('org_id', '=', body.orgId).where('period', '=', period.key).executeTakeFirst();
    if (existing) {
      throw new Problem(409, 'survey.exists', { zh: '评议已存在', en: 'Survey exists' }, {
        zh: `该党组织${period.key}的手机评议已经发起（编号 ${existing.id}），可继续使用或先关闭`,
        en: `This organisation's phone survey for ${period.key} exists already (id ${existing.id})`,
      }, [{ field: 'period', code: 'survey.exists', message: { zh: `已有评议 ${existing.id}`, en: `survey ${existing.id} exists` } }]);
    }
    const opened = await openSurvey(ctx.db, { ...body, period: period.key }, user.id, ctx.now().toISOString());
    res.status(201).json({ ...(await surveyJson(ctx.db, opened.id, today())), codes: opened.codes });
  });

  router.get('/surveys/:id', async (req, res) => {
    const s = await surveyInScope(userOf(req), req.params.id);
    res.json(await surveyJson(ctx.db, s.id, today()));
  });

  router.post('/surveys/:id/close', writers, async (req, res) => {
    const user = userOf(req);
    const s = await surveyInScope(user, req.params.id);
    await closeSurvey(ctx.db, s.id, user.id, ctx.now().toISOString());
    res.json(await surveyJson(ctx.db, s.id, today()));
  });

  router.get('/surveys/:id/comments', async (req, res) => {
    const s = await surveyInScope(userOf(req), req.params.id);
    const rows = await ctx.db
      .selectFrom('survey_answers as a')
      .innerJoin('survey_targets as t', 't.id', 'a.target_id')
      .select(['t.name', 'a.answer', 'a.comment', 'a.created_at'])
      .where('t.survey_id', '=', s.id)
      .where('a.comment', 'is not', null)
      .orderBy('a.id')
      .execute();
    res.json({ items: rows.map((r) => ({ about: r.name, answer: r.answer, comment: r.comment, createdAt: r.created_at })) });
  });

  router.get('/surveys/:id/ballots', async (req, res) => {
    const s = await surveyInScope(userOf(req), req.params.id);
    const { buffer, fileName } = await ballotSlips(ctx, s.id, ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`);
    res
      .type(XLSX)
      .set('Content-Disposition', `attachment; filename="ballots-${s.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .set('Cache-Control', 'no-store')
      .send(buffer);
  });

  return router;
}
