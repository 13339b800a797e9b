// Phone ballots are the `ballots` source of a survey evaluation (DESIGN §4): each target of a
// survey (the organisation, and its members when the ballot covers them) has its own `survey`
// evaluation of the period with source `ballots`, made when the survey opens and counted up
// answer by answer; typed paper tallies are the `paper` source, and reports sum the two. This is
// the one place that writes the ballots' evaluations.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const SURVEY_ANSWERS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];

export interface TallyTarget {
  targetType: 'organization' | 'member';
  targetId: number;
  /** The organisation the target belongs to. */
  orgId: number;
  period: string;
}

/**
 * The target's survey evaluation of the period from ballots (source `ballots`), made with all
 * counts 0 when there is none (one per target, period and source: the evaluations_once index);
 * answers its id.
 */
export async function openBallotTally(trx: Kysely<Database>, t: TallyTarget, userId: number, at: string): Promise<number> {
  const existing = await trx
    .selectFrom('evaluations')
    .select('id')
    .where('kind', '=', 'survey')
    .where('target_type', '=', t.targetType)
    .where('target_id', '=', t.targetId)
    .where('period', '=', t.period)
    .where('source', '=', 'ballots')
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx
    .insertInto('evaluations')
    .values({
      kind: 'survey',
      source: 'ballots',
      target_type: t.targetType,
      target_id: t.targetId,
      org_id: t.orgId,
      period: t.period,
      text: '群众评议（手机扫码）',
      rating: null,
      satisfied: 0,
      basically_satisfied: 0,
      unsatisfied: 0,
      user_id: userId,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Counts one answer into the evaluation, as one UPDATE: concurrent answers each add theirs
 * (the row is locked for the increment on PostgreSQL; SQLite writes one at a time).
 */
export async function countBallotAnswer(trx: Kysely<Database>, evaluationId: number, answer: SurveyAnswer): Promise<void> {
  const column = answer === 'satisfied' ? 'satisfied' : answer === 'basically_satisfied' ? 'basically_satisfied' : 'unsatisfied';
  await trx
    .updateTable('evaluations')
    .set((eb) => ({ [column]: eb(eb.fn.coalesce(column, eb.lit(0)), '+', 1) }))
    .where('id', '=', evaluationId)
    .execute();
}
