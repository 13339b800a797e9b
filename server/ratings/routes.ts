// GET /ratings?org=&year=: the 年度评议 grid — every organisation below and every member in
// scope with the year's figures (the annual report's own), their annual rating, and what the
// stated rule (core/awards) makes of them: commendation candidate, or rectification proposed.
import { Router } from 'express';
import { z } from 'zod';
import { COMMENDATION_RULE, RECTIFICATION_RULE, isCommendationCandidate, rectificationReasons } from '../../core/awards';
import { emptyTally, noAnswers, reportDate, type SurveyCounts, type Tally } from '../../core/figures';
import { parsePeriod } from '../../core/period';
import type { AppContext } from '../context';
import { id, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { Problem, requestLanguage, type Language } from '../http/problem';
import { assertOrgInScope, subtreeIds } from '../scope';
import { loadEvaluations, loadFigures, loadMemberNames, loadRectifications, loadScope, localDay } from '../reports/load';
import { perMember, perOrganisation, type SubjectFigures } from '../reports/perSubject';
import type { ReportRun } from '../reports/report';

const RatingsQuery = z.object({ org: id.optional(), year: z.coerce.number().int().min(1990).max(2100) });

interface GridSubject {
  targetType: 'organization' | 'member';
  targetId: number;
  name: string;
  orgId: number;
}

export function ratingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/ratings', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(RatingsQuery, req.query);
    const orgId = q.org ?? user.orgId;
    if (orgId === null) {
      throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, [
        { field: 'org', code: 'required', message: { zh: '请指定党组织（org）', en: 'org is required' } },
      ]);
    }
    await assertOrgInScope(ctx, user, orgId);
    const scope = (await loadScope(ctx.db, orgId))!;
    const period = parsePeriod(String(q.year))!;
    const tz = ctx.config.reportTz;
    const today = localDay(tz)(ctx.now().toISOString());
    // The report run the figures are counted by; the grid prints no addresses and takes no options.
    const run: ReportRun = { ctx, scope, period, today, asOf: reportDate(period, today), tz, publicUrl: ctx.config.publicUrl ?? '', options: {} };

    const figures = await loadFigures(ctx.db, scope, q.year, tz);
    const surveys = await loadEvaluations(ctx.db, scope, 'survey', [`${q.year}-H1`, `${q.year}-H2`, `${q.year}`], tz);
    const ratings = await loadEvaluations(ctx.db, scope, 'annual', [`${q.year}`], tz);
    // Everyone in scope now, and whoever the year's commitments name, each under the organisation
    // where their commitments were made (a member who transferred keeps that row).
    const madeIn = new Map<number, number>();
    for (const f of figures) if (f.memberId !== null && !madeIn.has(f.memberId)) madeIn.set(f.memberId, f.orgId);
    const current = await ctx.db.selectFrom('members').select('id').where('org_id', 'in', subtreeIds(ctx.db, orgId)).execute();
    const members = (await loadMemberNames(ctx.db, new Set([...current.map((m) => m.id), ...madeIn.keys()]))).map((m) => ({ ...m, orgId: madeIn.get(m.id) ?? m.orgId }));
    const rectified = new Set((await loadRectifications(ctx.db, scope, q.year, tz)).map((r) => `${r.targetType}:${r.targetId}`));
    const ratingOf = new Map(ratings.map((r) => [`${r.targetType}:${r.targetId}`, r]));
    const lang = requestLanguage(req);

    const row = (s: GridSubject, f: Pick<SubjectFigures<unknown>, 'tally' | 'answers' | 'completionRate' | 'satisfactionRate'>) =>
      gridRow(s, f, ratingOf.get(`${s.targetType}:${s.targetId}`), rectified.has(`${s.targetType}:${s.targetId}`), lang);
    // The organisation itself is rated from above: the grid holds those below it.
    const organizations = perOrganisation(run, figures, surveys)
      .filter((r) => r.subject.id !== orgId)
      .map((r) => row({ targetType: 'organization', targetId: r.subject.id, name: r.subject.name, orgId: r.subject.id }, r));
    const figured = new Map(perMember(run, figures, surveys, members).map((r) => [r.subject.id, r]));
    const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
    const people = [...members]
      .sort((a, b) => place.get(a.orgId)! - place.get(b.orgId)! || a.id - b.id)
      .map((m) => row({ targetType: 'member', targetId: m.id, name: m.name, orgId: m.orgId }, figured.get(m.id) ?? NOTHING));

    res.json({
      orgId,
      year: q.year,
      asOf: run.asOf,
      rules: { commendation: COMMENDATION_RULE[lang], rectification: RECTIFICATION_RULE[lang] },
      organizations,
      members: people,
    });
  });

  return router;
}

/** A member who made no commitment this year. */
const NOTHING = { tally: emptyTally(), answers: noAnswers(), completionRate: null, satisfactionRate: null };

function gridRow(
  s: GridSubject,
  f: { tally: Tally; answers: SurveyCounts; completionRate: number | null; satisfactionRate: number | null },
  rating: { id: number; rating: string | null } | undefined,
  rectified: boolean,
  lang: Language,
) {
  const assessed = { tally: f.tally, satisfactionRate: f.satisfactionRate, rating: rating?.rating ?? null, rectified };
  return {
    ...s,
    made: f.tally.made,
    due: f.tally.due,
    dueCompleted: f.tally.dueCompleted,
    completionRate: f.completionRate,
    answers: f.answers,
    satisfactionRate: f.satisfactionRate,
    rating: rating?.rating ?? null,
    ratingId: rating?.id ?? null,
    rectified,
    candidate: isCommendationCandidate(assessed),
    proposeRectification: rectificationReasons(assessed).map((r) => r[lang]),
  };
}
