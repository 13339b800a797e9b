// 群众评议 on paper: the level above types the tallies of the paper 测评表 of each organisation
// below it, one record per organisation and half-year (source `paper`), and corrects them later.
// Beside them, read-only, the phone ballots (source `ballots`); the satisfaction rate per source
// and in total is the half-year report's own (core/figures/satisfaction.ts).
import { Body1, Button, Caption1, Field, Input, Spinner, Subtitle2 } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { addAnswers, noAnswers, satisfactionRate } from '../../../../core/figures/satisfaction';
import { ApiProblem, type OrgSummary, type SurveyItem, type SurveyTally } from '../../api';
import type { Lang } from '../../i18n';
import { useAction, usePane } from '../pane';
import { say } from './words';

const HALF_YEAR = /^\d{4}-H[12]$/;

/** The half-year before the current one: the one whose forms are being typed. */
function lastHalfYear(today: Date): string {
  const year = today.getFullYear();
  return today.getMonth() < 6 ? `${year - 1}-H2` : `${year}-H1`;
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function countsOf(s: SurveyItem | undefined): SurveyTally | null {
  if (!s) return null;
  return { satisfied: s.satisfied ?? 0, basicallySatisfied: s.basicallySatisfied ?? 0, unsatisfied: s.unsatisfied ?? 0 };
}

export function TalliesSection() {
  const pane = usePane();
  const { api, lang, session } = pane;
  const [period, setPeriod] = useState(() => lastHalfYear(new Date()));
  const [orgs, setOrgs] = useState<OrgSummary[] | null>(null);
  const [surveys, setSurveys] = useState<SurveyItem[]>([]);
  const [busy, act] = useAction(pane);
  const ownOrg = session?.user.orgId ?? null;

  const load = useCallback(() => {
    if (!api) return;
    // An organisation's survey is recorded by the levels above it: every organisation in scope but one's own.
    api.orgs().then((all) => setOrgs(all.filter((o) => o.id !== ownOrg)), pane.fail);
    if (HALF_YEAR.test(period)) api.surveys(period).then(setSurveys, pane.fail);
  }, [api, period, ownOrg]);
  useEffect(load, [load]);
  if (!api) return null;

  const survey = (orgId: number, source: 'paper' | 'ballots') =>
    surveys.find((s) => s.targetType === 'organization' && s.targetId === orgId && s.source === source);

  const save = (org: OrgSummary, paper: SurveyItem | undefined, tally: SurveyTally) =>
    act(async () => {
      try {
        if (paper) await api.correctSurvey(paper.id, paper.version, tally);
        else await api.addPaperSurvey('organization', org.id, period, tally);
      } catch (error) {
        // Someone else saved these forms meanwhile (409): show their counts, and say why.
        if (error instanceof ApiProblem && error.problem.status === 409) load();
        throw error;
      }
      pane.notify({ kind: 'success', message: say(lang, paper ? 'tallyCorrected' : 'tallySaved', { name: org.name, period }) });
      load();
    });

  return (
    <section data-section="tallies" style={{ display: 'grid', gap: 6 }}>
      <Subtitle2 block>{say(lang, 'tallies')}</Subtitle2>
      <Field label={say(lang, 'surveyPeriod')} style={{ maxWidth: 180 }}>
        <Input name="survey-period" value={period} onChange={(_, d) => setPeriod(d.value.toUpperCase().trim().slice(0, 7))} />
      </Field>
      <Caption1 block>{say(lang, 'tallyRule')}</Caption1>
      {orgs === null ? (
        <Spinner size="tiny" />
      ) : orgs.length === 0 ? (
        <Caption1>{say(lang, 'none')}</Caption1>
      ) : (
        HALF_YEAR.test(period) &&
        orgs.map((o) => {
          const paper = survey(o.id, 'paper');
          // Remounted when the stored record changes, so the inputs start from what the server holds.
          return (
            <TallyLine key={`${o.id}:${period}:${paper?.version ?? 0}`} org={o} paper={countsOf(paper)} ballots={countsOf(survey(o.id, 'ballots'))}
              busy={busy} lang={lang} onSave={(tally) => save(o, paper, tally)} />
          );
        })
      )}
    </section>
  );
}

function TallyLine({ org, paper, ballots, busy, lang, onSave }: {
  org: OrgSummary;
  paper: SurveyTally | null;
  ballots: SurveyTally | null;
  busy: boolean;
  lang: Lang;
  onSave(tally: SurveyTally): void;
}) {
  const [typed, setTyped] = useState(() => ({
    satisfied: paper ? String(paper.satisfied) : '',
    basicallySatisfied: paper ? String(paper.basicallySatisfied) : '',
    unsatisfied: paper ? String(paper.unsatisfied) : '',
  }));
  const fields = [
    ['satisfied', say(lang, 'satisfied')],
    ['basicallySatisfied', say(lang, 'basically')],
    ['unsatisfied', say(lang, 'unsatisfied')],
  ] as const;
  const complete = fields.every(([key]) => typed[key] !== '');
  const tally: SurveyTally = { satisfied: Number(typed.satisfied), basicallySatisfied: Number(typed.basicallySatisfied), unsatisfied: Number(typed.unsatisfied) };
  const total = addAnswers(addAnswers(noAnswers(), paper ?? noAnswers()), ballots ?? noAnswers());
  const rates = {
    paper: percent(paper && satisfactionRate(paper)),
    ballots: percent(ballots && satisfactionRate(ballots)),
    total: percent(satisfactionRate(total)),
  };
  return (
    <div data-tally={`organization:${org.id}`} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 4, display: 'grid', gap: 4 }}>
      <Body1>{org.name}</Body1>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr)) auto', gap: 4, alignItems: 'end' }}>
        {fields.map(([key, label]) => (
          <label key={key} style={{ display: 'grid', gap: 2, minWidth: 0 }}>
            <Caption1>{label}</Caption1>
            <Input size="small" type="number" min={0} inputMode="numeric" aria-label={`${label} ${org.name}`} value={typed[key]} style={{ minWidth: 0 }}
              input={{ style: { minWidth: 0, width: '100%' } }}
              onChange={(_, d) => setTyped({ ...typed, [key]: d.value.replace(/\D/g, '').slice(0, 5) })} />
          </label>
        ))}
        <Button size="small" onClick={() => onSave(tally)} disabled={busy || !complete}>{say(lang, paper ? 'correctTally' : 'saveTally')}</Button>
      </div>
      <Caption1 data-ballots>
        {ballots ? say(lang, 'ballots', { s: ballots.satisfied, b: ballots.basicallySatisfied, u: ballots.unsatisfied }) : say(lang, 'noBallots')}
      </Caption1>
      <Caption1 data-rates data-total-rate={rates.total}>{say(lang, 'rates', rates)}</Caption1>
    </div>
  );
}
