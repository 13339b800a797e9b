// 科学提诺 on the review desk: who in the user's scope has not committed in the year, each with the
// 提诺 date that binds them and whether it has passed; and the date itself, set for an
// organisation below (the server says who may: an admin of it, or a reviewer above it).
import { Badge, Body1, Button, Caption1, Field, Input, Select, Spinner, Subtitle2 } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { MissingAnswer, OrgYear } from '../../../../core/proposeBy';
import type { OrgSummary } from '../../api';
import { useAction, usePane } from '../pane';
import { say, type DeskWord } from './words';

const SOURCE_WORDS: Record<OrgYear['source'], DeskWord> = { own: 'sourceOwn', above: 'sourceAbove', scheme: 'sourceScheme', none: 'sourceNone' };

export function NotCommitted() {
  const pane = usePane();
  const { api, lang, session } = pane;
  // Blank until the server answers: the year is the server's (its clock may be set for a rehearsal).
  const [year, setYear] = useState('');
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [answer, setAnswer] = useState<MissingAnswer | null>(null);
  const [target, setTarget] = useState('');
  const [current, setCurrent] = useState<OrgYear | null>(null);
  const [date, setDate] = useState('');
  const [busy, act] = useAction(pane);
  const own = session?.user.orgId ?? null;
  // A whole-tree admin looks at the first county.
  const root = own ?? orgs.find((o) => !o.parentId)?.id ?? null;
  const settable = orgs.filter((o) => session?.user.role === 'admin' || o.id !== own);

  useEffect(() => {
    api?.orgs().then(setOrgs, pane.fail);
  }, [api]);
  const load = useCallback(() => {
    if (!api || root === null || (year !== '' && !/^\d{4}$/.test(year))) return;
    setAnswer(null);
    api.missing(root, year === '' ? undefined : Number(year)).then((a) => {
      setAnswer(a);
      if (year === '') setYear(String(a.year));
    }, pane.fail);
  }, [api, root, year]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!api || !target || !/^\d{4}$/.test(year)) return setCurrent(null);
    api.orgYear(Number(target), Number(year)).then((y) => {
      setCurrent(y);
      setDate(y.own ?? '');
    }, pane.fail);
  }, [api, target, year]);
  if (!api) return null;

  const save = (proposeBy: string | null) =>
    act(async () => {
      const saved = await api.setProposeBy(Number(target), Number(year), proposeBy);
      setCurrent(saved);
      setDate(saved.own ?? '');
      const name = orgs.find((o) => o.id === saved.orgId)?.name ?? '';
      pane.notify({ kind: 'success', message: say(lang, 'proposeBySaved', { org: name, d: saved.proposeBy ?? say(lang, 'sourceNone') }) });
      load();
    });
  const late = answer ? [...answer.organizations, ...answer.members].filter((x) => x.late).length : 0;
  // Members listed organisation by organisation, in the order the server gives them.
  const byOrg = new Map<number, MissingAnswer['members']>();
  for (const m of answer?.members ?? []) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
  const flag = (isLate: boolean) => (
    <Badge color={isLate ? 'danger' : 'informative'} appearance={isLate ? 'filled' : 'tint'} data-proposal={isLate ? 'late' : 'not-yet'}>
      {say(lang, isLate ? 'lateProposal' : 'notYet')}
    </Badge>
  );

  return (
    <section data-view="not-committed" style={{ display: 'grid', gap: 6, borderTop: '2px solid #e0e0e0', paddingTop: 8, minWidth: 0 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'end', flexWrap: 'wrap' }}>
        <Subtitle2>{say(lang, 'notCommitted', { year })}</Subtitle2>
        <Field label={say(lang, 'year')} style={{ width: 90 }}>
          <Input style={{ minWidth: 0 }} value={year} onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} inputMode="numeric" name="missing-year" />
        </Field>
      </div>
      {answer === null ? (
        <Spinner size="tiny" />
      ) : (
        <>
          <Caption1 data-propose-by={answer.proposeBy ?? ''}>
            {answer.proposeBy ? say(lang, 'proposeByIs', { d: answer.proposeBy }) : say(lang, 'noProposeBy')}
          </Caption1>
          {answer.organizations.length + answer.members.length === 0 ? (
            <Caption1>{say(lang, 'allCommitted')}</Caption1>
          ) : (
            <Caption1 data-missing-count>{say(lang, 'missingCounts', { orgs: answer.organizations.length, members: answer.members.length, late })}</Caption1>
          )}
          {answer.organizations.map((o) => (
            <div key={`o${o.id}`} data-missing-org={o.id} style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
              {flag(o.late)}
              <Body1 style={{ overflowWrap: 'anywhere' }}>{o.name}</Body1>
              {o.proposeBy && <Caption1>{say(lang, 'proposeByIs', { d: o.proposeBy })}</Caption1>}
            </div>
          ))}
          {[...byOrg].map(([orgId, list]) => (
            <div key={`m${orgId}`} data-missing-members={orgId} style={{ display: 'flex', gap: 6, alignItems: 'start', flexWrap: 'wrap' }}>
              {flag(list[0].late)}
              <Caption1 style={{ overflowWrap: 'anywhere', flex: '1 1 200px' }}>
                {say(lang, 'membersOf', { org: list[0].orgName, names: list.map((m) => m.name).join(lang === 'zh' ? '、' : ', ') })}
                {list[0].proposeBy && ` · ${say(lang, 'proposeByIs', { d: list[0].proposeBy })}`}
              </Caption1>
            </div>
          ))}
        </>
      )}
      {settable.length > 0 && (
        <div style={{ display: 'grid', gap: 6 }} data-form="propose-by">
          <Subtitle2>{say(lang, 'setProposeBy')}</Subtitle2>
          <Field label={say(lang, 'proposeByOrg')}>
            <Select value={target} onChange={(_, d) => setTarget(d.value)} name="propose-by-org">
              <option value="" />
              {settable.map((o) => (
                <option key={o.id} value={o.id}>{o.name}</option>
              ))}
            </Select>
          </Field>
          {current && (
            <Caption1 data-current={current.proposeBy ?? ''}>
              {current.proposeBy ? say(lang, 'proposeByIs', { d: current.proposeBy }) : say(lang, 'noProposeBy')}（{say(lang, SOURCE_WORDS[current.source])}）
            </Caption1>
          )}
          <Field label={say(lang, 'proposeByDate')}>
            <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} name="propose-by-date" disabled={!target} style={{ minWidth: 0, maxWidth: 220 }} />
          </Field>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Button appearance="primary" onClick={() => save(date)} disabled={busy || !target || !date}>{say(lang, 'save')}</Button>
            <Button onClick={() => save(null)} disabled={busy || !current?.own}>{say(lang, 'clearDate')}</Button>
          </div>
        </div>
      )}
    </section>
  );
}
