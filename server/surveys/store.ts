// Surveys by phone (群众评议): opening one with its ballots, reading how far it has got, taking
// one ballot's answers, closing it. Opening and closing are audited; answers are anonymous.
import { assertYearOpen } from '../years/closed';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit';
import { PUBLIC_STATUSES } from '../reports/notice';
import { newBallotCode } from './codes';
import { countBallotAnswer, openBallotTally, type SurveyAnswer } from './tally';

export interface SurveyCountsJson {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export interface SurveyTarget {
  /** survey_targets.id: the field a ballot's answer for this target is posted in. */
  id: number;
  targetType: 'organization' | 'member';
  targetId: number;
  name: string;
  evaluationId: number;
}

export interface SurveyJson {
  id: number;
  orgId: number;
  period: string;
  ballots: number;
  answered: number;
  unused: number;
  counts: SurveyCountsJson;
  closesOn: string;
  closed: boolean;
  targets: (Omit<SurveyTarget, 'evaluationId'> & { evaluationId: number; counts: SurveyCountsJson })[];
}

export interface OpenSurvey {
  orgId: number;
  period: string;
  ballots: number;
  closesOn: string;
  members: boolean;
}

/** Opens a survey: its targets' tallies and N ballot codes, in one transaction. */
export async function openSurvey(db: Kysely<Database>, s: OpenSurvey, userId: number, at: string): Promise<{ id: number; codes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select(['id', 'name']).where('id', '=', s.orgId).executeTakeFirstOrThrow();
    const survey = await trx
      .insertInto('surveys')
      .values({ org_id: s.orgId, period: s.period, closes_on: s.closesOn, closed_at: null, created_by: userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const targets: { targetType: 'organization' | 'member'; targetId: number; name: string }[] = [{ targetType: 'organization', targetId: org.id, name: org.name }];
    if (s.members) {
      // The members the public can judge: those with commitments on this year's notice.
      const members = await trx
        .selectFrom('members')
        .select(['id', 'name'])
        .where('org_id', '=', s.orgId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('commitments')
              .select('commitments.id')
              .whereRef('commitments.member_id', '=', 'members.id')
              .where('commitments.year', '=', Number(s.period.slice(0, 4)))
              .where('commitments.status', 'in', [...PUBLIC_STATUSES]),
          ),
        )
        .orderBy('id')
        .execute();
      targets.push(...members.map((m) => ({ targetType: 'member' as const, targetId: m.id, name: m.name })));
    }
    for (const t of targets) {
      const evaluationId = await openBallotTally(trx, { ...t, orgId: s.orgId, period: s.period }, userId, at);
      await trx.insertInto('survey_targets').values({ survey_id: survey.id, target_type: t.targetType, target_id: t.targetId, name: t.name, evaluation_id: evaluationId }).execute();
    }
    const codes = Array.from({ length: s.ballots }, newBallotCode);
    for (let i = 0; i < codes.length; i += 500) {
      await trx.insertInto('survey_ballots').values(codes.slice(i, i + 500).map((code) => ({ survey_id: survey.id, code, answered_at: null }))).execute();
    }
    await recordAudit(trx, { userId, at, action: 'open', entity: 'survey', entityId: survey.id, after: { ...s, targets: targets.length } });
    return { id: survey.id, codes };
  });
}

export async function surveyTargets(db: Kysely<Database>, surveyId: number): Promise<SurveyTarget[]> {
  const rows = await db.selectFrom('survey_targets').selectAll().where('survey_id', '=', surveyId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, targetType: r.target_type as SurveyTarget['targetType'], targetId: r.target_id, name: r.name, evaluationId: r.evaluation_id }));
}

/** Whether answers are still taken on `today` (REPORT_TZ): not closed early, closing day not past. */
export function isOpen(s: { closed_at: string | null; closes_on: string }, today: string): boolean {
  return s.closed_at === null && today <= s.closes_on;
}

/** The survey as the reviewer sees it: ballots answered and unused, counts per target, live. */
export async function surveyJson(db: Kysely<Database>, surveyId: number, today: string): Promise<SurveyJson | null> {
  const s = await db.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirst();
  if (!s) return null;
  const [targets, ballots, answers] = await Promise.all([
    surveyTargets(db, surveyId),
    db
      .selectFrom('survey_ballots')
      .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('answered_at').as('answered')])
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('survey_answers as a')
      .innerJoin('survey_targets as t', 't.id', 'a.target_id')
      .select(['a.target_id', 'a.answer', (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.survey_id', '=', surveyId)
      .groupBy(['a.target_id', 'a.answer'])
      .execute(),
  ]);
  const countsOf = (targetId: number): SurveyCountsJson => {
    const n = (answer: SurveyAnswer) => Number(answers.find((a) => a.target_id === targetId && a.answer === answer)?.n ?? 0);
    return { satisfied: n('satisfied'), basicallySatisfied: n('basically_satisfied'), unsatisfied: n('unsatisfied') };
  };
  const withCounts = targets.map((t) => ({ ...t, counts: countsOf(t.id) }));
  const all = Number(ballots.all);
  const answered = Number(ballots.answered);
  return {
    id: s.id,
    orgId: s.org_id,
    period: s.period,
    ballots: all,
    answered,
    unused: all - answered,
    counts: withCounts.find((t) => t.targetType === 'organization')!.counts,
    closesOn: s.closes_on,
    closed: !isOpen(s, today),
    targets: withCounts,
  };
}

export async function closeSurvey(db: Kysely<Database>, surveyId: number, userId: number, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('surveys').set({ closed_at: at }).where('id', '=', surveyId).where('closed_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) > 0) await recordAudit(trx, { userId, at, action: 'close', entity: 'survey', entityId: surveyId });
  });
}

export interface Ballot {
  id: number;
  code: string;
  answeredAt: string | null;
  survey: { id: number; orgId: number; orgName: string; period: string; closesOn: string; closedAt: string | null };
}

export async function findBallot(db: Kysely<Database>, code: string): Promise<Ballot | null> {
  const r = await db
    .selectFrom('survey_ballots as b')
    .innerJoin('surveys as s', 's.id', 'b.survey_id')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select(['b.id', 'b.code', 'b.answered_at', 's.id as survey_id', 's.org_id', 'o.name as org_name', 's.period', 's.closes_on', 's.closed_at'])
    .where('b.code', '=', code)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    code: r.code,
    answeredAt: r.answered_at,
    survey: { id: r.survey_id, orgId: r.org_id, orgName: r.org_name, period: r.period, closesOn: r.closes_on, closedAt: r.closed_at },
  };
}

export interface BallotAnswer {
  target: SurveyTarget;
  answer: SurveyAnswer;
  comment: string | null;
}

/**
 * Takes one ballot's answers, once: the ballot is marked used by the same statement that checks
 * it was unused, so of two concurrent submissions exactly one counts. Answers false when it had
 * been used already.
 */
export async function answerBallot(db: Kysely<Database>, ballot: Pick<Ballot, 'id' | 'survey'>, answers: BallotAnswer[], at: string): Promise<boolean> {
  const ballotId = ballot.id;
  return db.transaction().execute(async (trx) => {
    // The answers are the year's survey evaluation: a closed year takes none (409 year.closed).
    await assertYearOpen(trx, ballot.survey.orgId, Number(ballot.survey.period.slice(0, 4)));
    const claimed = await trx.updateTable('survey_ballots').set({ answered_at: at }).where('id', '=', ballotId).where('answered_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('survey_answers')
      .values(answers.map((a) => ({ ballot_id: ballotId, target_id: a.target.id, answer: a.answer, comment: a.comment, created_at: at })))
      .execute();
    for (const a of answers) await countBallotAnswer(trx, a.target.evaluationId, a.answer);
    return true;
  });
}
