// Figures per organisation and per member, shared by the half-year bulletin and the annual summary.
// An organisation's row counts its own commitments and its own members' (not those of the
// organisations below it, which have rows of their own), so the rows add up to the scope's total.
import {
  addAnswers,
  completionRate,
  noAnswers,
  satisfactionRate,
  tallyBy,
  type FigureCommitment,
  type SurveyCounts,
  type Tally,
  emptyTally,
  sumTallies,
} from '../../core/figures';
import type { ReportRun } from './report';
import type { ScopeEvaluation, ScopeOrg } from './load';

export interface SubjectFigures<S> {
  subject: S;
  tally: Tally;
  answers: SurveyCounts;
  completionRate: number | null;
  satisfactionRate: number | null;
}

export function perOrganisation(run: ReportRun, figures: FigureCommitment[], surveys: ScopeEvaluation[]): SubjectFigures<ScopeOrg>[] {
  return organisationRows(run, tallyBy(figures, (f) => f.orgId, run.period, run.asOf), surveys);
}

/** Every organisation of the scope in its order, from tallies made while reading. */
export function organisationRows(run: ReportRun, tallies: Map<number, Tally>, surveys: ScopeEvaluation[]): SubjectFigures<ScopeOrg>[] {
  const answers = answersBy(surveys, 'organization');
  return run.scope.orgs.map((o) => withRates(o, tallies.get(o.id), answers.get(o.id)));
}

/**
 * Each organisation with everything below it, from the rows of organisationRows (one per scope
 * organisation, in the scope's depth-first order, where a subtree is the run of deeper rows after it).
 */
export function perSubtree(rows: SubjectFigures<ScopeOrg>[]): SubjectFigures<ScopeOrg>[] {
  return rows.map((r, i) => {
    let end = i + 1;
    while (end < rows.length && rows[end].subject.depth > r.subject.depth) end++;
    const below = rows.slice(i, end);
    return withRates(r.subject, sumTallies(below.map((b) => b.tally)), below.reduce((a, b) => addAnswers(a, b.answers), noAnswers()));
  });
}

export function perMember<M extends { id: number }>(run: ReportRun, figures: FigureCommitment[], surveys: ScopeEvaluation[], members: M[]): SubjectFigures<M>[] {
  return memberRows(tallyBy(figures, (f) => f.memberId, run.period, run.asOf), surveys, members);
}

/** The members who have a tally, in the members' order. */
export function memberRows<M extends { id: number }>(tallies: Map<number, Tally>, surveys: ScopeEvaluation[], members: M[]): SubjectFigures<M>[] {
  const answers = answersBy(surveys, 'member');
  return members.filter((m) => tallies.has(m.id)).map((m) => withRates(m, tallies.get(m.id), answers.get(m.id)));
}

function withRates<S>(subject: S, tally = emptyTally(), answers = noAnswers()): SubjectFigures<S> {
  return { subject, tally, answers, completionRate: completionRate(tally), satisfactionRate: satisfactionRate(answers) };
}

function answersBy(surveys: ScopeEvaluation[], type: 'organization' | 'member'): Map<number, SurveyCounts> {
  const out = new Map<number, SurveyCounts>();
  for (const s of surveys) {
    if (s.targetType !== type) continue;
    out.set(s.targetId, addAnswers(out.get(s.targetId) ?? noAnswers(), s.answers));
  }
  return out;
}
