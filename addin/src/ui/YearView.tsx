// 封账与结转: for one organisation and year, whether the year is closed (and by whom), and what
// can be done about it. Reviewers of the level above and admins close, reopen (with a reason)
// and carry unfinished items over; the server decides who may. Everyone who keeps a ledger sees a
// closed year plainly and confirms or drops the drafts carried over into the next year.
import { Badge, Body1, Button, Caption1, Field, Input, Text } from '@fluentui/react-components';
import { OrgYearFields, useOrgYear } from './OrgYear';
import { useEffect, useState } from 'react';
import type { Commitment, LocalText, YearClosure, YearState } from '../../../core/types';
import { callsFor } from '../api';
import { wordsIn } from '../i18n';
import { useAction, usePane } from './pane';

const WORDS = {
  closed: { zh: '已封账', en: 'Closed' },
  open: { zh: '未封账', en: 'Open' },
  closedLine: {
    zh: '{year}年度已于 {on} 随“{by}”封账：台账、进展、评议、整改和导入的修改都会被拒绝。如需更正，请上级党组织启封。',
    en: '{year} was closed on {on} with {by}: changes to its ledger, progress, evaluations, rectifications and imports are refused. To correct it, the level above reopens it.',
  },
  openLine: { zh: '{year}年度尚未封账，可以照常修改。', en: '{year} is open: its records can still change.' },
  manageTitle: { zh: '封账、启封与结转（上级党组织）', en: 'Close, reopen, carry over (the level above)' },
  manageHint: {
    zh: '考诺之后（12月1日起）封账：本组织及下级组织的该年度记录从此不再改动，报表按封账时的组织名称重建。',
    en: 'After the assessment (from 1 December): the year of this organisation and those below it stops changing; its reports are rebuilt with the names as at closing.',
  },
  close: { zh: '封账', en: 'Close the year' },
  closedDone: { zh: '已封账：{name} {year}年度（含 {n} 个党组织）。', en: 'Closed {year} for {name} ({n} organisations).' },
  reason: { zh: '启封原因（必填）', en: 'Reason for reopening (required)' },
  reopen: { zh: '启封', en: 'Reopen' },
  reopened: { zh: '已启封：{name} {year}年度。', en: 'Reopened {year} for {name}.' },
  carry: { zh: '结转未完成事项到下一年度', en: 'Carry unfinished items into the next year' },
  carried: { zh: '已结转 {n} 条到 {to} 年度（此前已结转 {before} 条）。', en: 'Carried {n} item(s) into {to} ({before} carried before).' },
  draftsTitle: { zh: '{to}年度待确认的结转事项', en: 'Carried into {to}: to confirm' },
  noDrafts: { zh: '没有待确认的结转事项。', en: 'Nothing carried over waits for you.' },
  confirm: { zh: '确认', en: 'Confirm' },
  drop: { zh: '放弃', en: 'Drop' },
  confirmed: { zh: '已确认：{what}', en: 'Confirmed: {what}' },
  dropped: { zh: '已放弃：{what}', en: 'Dropped: {what}' },
  from: { zh: '结转自第 {id} 号', en: 'carried from #{id}' },
  historyTitle: { zh: '封账记录', en: 'Closing history' },
  noHistory: { zh: '还没有封账记录。', en: 'No year closed yet.' },
  historyLine: { zh: '{year}年度 · {name} · {on} {who}封账', en: '{year} · {name} · closed {on} by {who}' },
  reopenedLine: { zh: '{on} {who}启封：{reason}', en: 'reopened {on} by {who}: {reason}' },
} satisfies Record<string, LocalText>;

const box = { display: 'grid', gap: 6, minWidth: 0 } as const;
const fill = { minWidth: 0, width: '100%' } as const;
const day = (iso: string | null) => (iso ?? '').slice(0, 10);

/** The year a clerk most likely means: last year until December, then this one. */
export function defaultYear(today: Date): number {
  return today.getMonth() === 11 ? today.getFullYear() : today.getFullYear() - 1;
}

export function YearView() {
  const pane = usePane();
  const { lang, session, api } = pane;
  const say = wordsIn(WORDS, lang);
  const choice = useOrgYear(defaultYear(new Date()));
  const { orgs, org, year, y, yearOk } = choice;
  const [state, setState] = useState<YearState | null>(null);
  const [history, setHistory] = useState<YearClosure[]>([]);
  const [drafts, setDrafts] = useState<Commitment[]>([]);
  const [reason, setReason] = useState('');
  const [busy, act] = useAction(pane);
  const calls = session ? callsFor(session, lang) : null;
  const manager = session?.user.role === 'admin' || session?.user.role === 'reviewer';

  const load = async () => {
    if (!calls || org === null || !yearOk) return;
    const [now, closures, next] = await Promise.all([
      calls.json<YearState>('GET', `/years/${y}/state?org=${org}`),
      calls.json<{ items: YearClosure[] }>('GET', `/years?org=${org}`),
      calls.json<{ items: Commitment[] }>('GET', `/commitments?org=${org}&year=${y + 1}&limit=1000`),
    ]);
    setState(now);
    setHistory(closures.items);
    setDrafts(next.items.filter((c) => c.carryPending));
  };
  useEffect(() => void load().catch(pane.fail), [session, org, year]);
  if (!api || !calls) return null;

  const orgName = orgs.find((o) => o.id === org)?.name ?? '';
  const close = () =>
    act(async () => {
      const c = await calls.json<YearClosure>('POST', `/years/${y}/close`, { orgId: org });
      pane.notify({ kind: 'success', message: say('closedDone', { name: c.orgName, year: c.year, n: c.orgCount }) });
      await load();
    });
  const reopen = () =>
    act(async () => {
      const c = await calls.json<YearClosure>('POST', `/years/${y}/reopen`, { orgId: org, reason: reason.trim() });
      setReason('');
      pane.notify({ kind: 'success', message: say('reopened', { name: c.orgName, year: c.year }) });
      await load();
    });
  const carry = () =>
    act(async () => {
      const r = await calls.json<{ toYear: number; created: unknown[]; alreadyCarried: number }>('POST', `/years/${y}/carry-over`, { orgId: org });
      pane.notify({ kind: 'success', message: say('carried', { n: r.created.length, to: r.toYear, before: r.alreadyCarried }) });
      await load();
    });
  const decide = (c: Commitment, decision: 'confirm' | 'drop') =>
    act(async () => {
      await calls.json<Commitment>('POST', `/commitments/${c.id}/carry`, { decision });
      pane.notify({ kind: 'success', message: say(decision === 'confirm' ? 'confirmed' : 'dropped', { what: `${c.subjectName}：${c.content}` }) });
      await load();
    });

  const ready = !busy && org !== null && yearOk;
  const closure = state?.closure ?? null;
  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 720, minWidth: 0 }}>
      <OrgYearFields choice={choice} name="year" yearField="year" />

      {state && (
        <section style={box} data-section="year-state" data-closed={state.closed ? 'true' : 'false'}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Badge appearance="filled" color={state.closed ? 'danger' : 'success'}>{say(state.closed ? 'closed' : 'open')}</Badge>
            <Text weight="semibold">{orgName} · {y}</Text>
          </div>
          <Body1 data-field="year-line" style={{ overflowWrap: 'anywhere' }}>
            {closure ? say('closedLine', { year: y, on: day(closure.closedAt), by: closure.orgName }) : say('openLine', { year: y })}
          </Body1>
        </section>
      )}

      {manager && (
        <section style={box} data-section="year-manage">
          <Text weight="semibold">{say('manageTitle')}</Text>
          <Caption1>{say('manageHint')}</Caption1>
          {state?.closed ? (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'end' }}>
              <Field label={say('reason')} style={{ flex: '1 1 200px', minWidth: 0 }}>
                <Input value={reason} onChange={(_, d) => setReason(d.value)} data-field="reopen-reason" style={fill} />
              </Field>
              <Button onClick={reopen} disabled={!ready || !reason.trim()} data-action="reopen-year">{say('reopen')}</Button>
            </div>
          ) : (
            <Button appearance="primary" onClick={close} disabled={!ready} data-action="close-year" style={{ justifySelf: 'start' }}>{say('close')}</Button>
          )}
          <Button onClick={carry} disabled={!ready} data-action="carry-over" style={{ justifySelf: 'start' }}>{say('carry')}</Button>
        </section>
      )}

      <section style={box} data-section="carried">
        <Text weight="semibold">{say('draftsTitle', { to: y + 1 })}</Text>
        {drafts.length === 0 ? (
          <Caption1>{say('noDrafts')}</Caption1>
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }} data-list="carried">
            {drafts.map((c) => (
              <li key={c.id} data-carried={c.id} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 6, minWidth: 0 }}>
                <Body1 block style={{ overflowWrap: 'anywhere' }}>{c.subjectName}：{c.content}</Body1>
                <Caption1 block>{say('from', { id: c.carriedFrom ?? '' })} · {c.deadline}</Caption1>
                <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
                  <Button size="small" appearance="primary" onClick={() => decide(c, 'confirm')} disabled={busy} data-action="confirm-carried">{say('confirm')}</Button>
                  <Button size="small" onClick={() => decide(c, 'drop')} disabled={busy} data-action="drop-carried">{say('drop')}</Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section style={box} data-section="year-history">
        <Text weight="semibold">{say('historyTitle')}</Text>
        {history.length === 0 ? (
          <Caption1>{say('noHistory')}</Caption1>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18, display: 'grid', gap: 4 }} data-list="closures">
            {history.map((h) => (
              <li key={h.id} data-closure={h.id} style={{ overflowWrap: 'anywhere' }}>
                <Caption1 block>{say('historyLine', { year: h.year, name: h.orgName, on: day(h.closedAt), who: h.closedByName ?? '' })}</Caption1>
                {h.reopenedAt && <Caption1 block>{say('reopenedLine', { on: day(h.reopenedAt), who: h.reopenedByName ?? '', reason: h.reopenReason ?? '' })}</Caption1>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
