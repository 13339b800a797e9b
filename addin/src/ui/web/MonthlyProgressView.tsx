// 践诺记实 without Excel: a clerk picks an organisation of their scope and a year, ticks the
// commitments, types this month's note (and a percent if wanted) and saves. Each ticked record
// gets its own entry (`POST /commitments/:id/progress`); a refused one shows why and never stops
// the others. The list is read again afterwards, so it shows the new progress.
import { Body1, Button, Caption1, Checkbox, Field, Input, Select, Spinner, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { CATEGORY_LABELS } from '../../../../core/category';
import { STATUS_LABELS } from '../../../../core/status';
import type { Category, LocalText, Status } from '../../../../core/types';
import { addProgressEach, currentMonth, type ProgressOutcome } from '../../actions/progress';
import { wordsIn } from '../../i18n';
import { workspaceApi, type LedgerItem, type Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { treeOrder } from './OrgsView';

/** The most records one list shows; an organisation with more is narrowed by its branches. */
const PAGE = 500;

const WORDS = {
  org: { zh: '党组织', en: 'Organisation' },
  year: { zh: '年度', en: 'Year' },
  hint: { zh: '勾选承诺，填写本月（{month}）的践诺记实后保存；每条各记一笔。', en: 'Tick commitments, write this month’s ({month}) note and save; each gets its own entry.' },
  selectAll: { zh: '全选', en: 'Select all' },
  count: { zh: '共 {n} 条，已选 {selected} 条', en: '{n} commitments, {selected} selected' },
  more: { zh: '只列出前 {shown} 条（共 {n} 条），请选下级党组织。', en: 'Only the first {shown} of {n} are listed; pick a branch.' },
  none: { zh: '这一年没有承诺', en: 'No commitments this year' },
  deadline: { zh: '时限 {d}', en: 'Due {d}' },
  progress: { zh: '进展：{p}', en: 'Progress: {p}' },
  noProgress: { zh: '尚无进展', en: 'No progress yet' },
  note: { zh: '本月践诺记实', en: 'This month’s note' },
  percent: { zh: '完成百分比（可不填）', en: 'Percent done (optional)' },
  save: { zh: '保存到所选 {n} 条', en: 'Save to {n} selected' },
  saved: { zh: '已记入 {ok} 条（{month}）', en: 'Recorded for {ok} ({month})' },
  refused: { zh: '，{n} 条未记入', en: '; {n} refused' },
  rowSaved: { zh: '已记入', en: 'Recorded' },
  rowRefused: { zh: '未记入：{why}', en: 'Refused: {why}' },
} satisfies Record<string, LocalText>;

export function MonthlyProgressView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const calls = session ? workspaceApi(session, lang) : null;
  const month = currentMonth();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [org, setOrg] = useState<number | null>(session?.user.orgId ?? null);
  const [year, setYear] = useState(Number(month.slice(0, 4)));
  const [items, setItems] = useState<LedgerItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [outcomes, setOutcomes] = useState<Map<number, ProgressOutcome>>(new Map());
  const [note, setNote] = useState('');
  const [percent, setPercent] = useState('');
  const [busy, act] = useAction(pane);

  useEffect(() => {
    calls?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [session]);

  const load = async () => {
    if (!calls || org === null) return;
    const page = await calls.commitmentsOf(org, year, PAGE, 0);
    setItems(page.items);
    setTotal(page.total);
  };
  useEffect(() => {
    setItems(null);
    setSelected(new Set());
    setOutcomes(new Map());
    load().catch(pane.fail);
  }, [org, year, session]);
  if (!calls || !pane.api) return null;
  const api = pane.api;

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const save = () =>
    act(async () => {
      const done = await addProgressEach(api, [...selected], note.trim(), percent === '' ? undefined : Number(percent), month);
      setOutcomes(new Map(done.map((o) => [o.id, o])));
      const refused = done.filter((o) => !o.ok).length;
      // Saved rows leave the selection; refused ones stay ticked, ready for another try.
      setSelected(new Set(done.filter((o) => !o.ok).map((o) => o.id)));
      if (refused === 0) {
        setNote('');
        setPercent('');
      }
      pane.notify({
        kind: refused === 0 ? 'success' : 'warning',
        message: say('saved', { ok: done.length - refused, month }) + (refused ? say('refused', { n: refused }) : ''),
      });
      await load();
    });

  const years = [year - 1, year, year + 1].filter((y, i, all) => all.indexOf(y) === i);
  const badPercent = percent !== '' && Number(percent) > 100;
  return (
    <div style={{ display: 'grid', gap: 10, maxWidth: 900 }} data-view="web-progress">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
        <Field label={say('org')} style={{ minWidth: 0, maxWidth: '100%' }}>
          <Select value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))} data-field="progress-org">
            {treeOrder(orgs).map(({ org: o, depth }) => <option key={o.id} value={o.id}>{'　'.repeat(depth)}{o.name}</option>)}
          </Select>
        </Field>
        <Field label={say('year')}>
          <Select value={String(year)} onChange={(_, d) => setYear(Number(d.value))} data-field="progress-year">
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </Select>
        </Field>
      </div>
      <Caption1>{say('hint', { month })}</Caption1>

      {items === null ? (
        <Spinner size="tiny" />
      ) : items.length === 0 ? (
        <Caption1>{say('none')}</Caption1>
      ) : (
        <>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            <Checkbox
              label={say('selectAll')}
              checked={selected.size === items.length ? true : selected.size > 0 ? 'mixed' : false}
              onChange={(_, d) => setSelected(new Set(d.checked ? items.map((c) => c.id) : []))}
            />
            <Caption1 data-count>{say('count', { n: total, selected: selected.size })}</Caption1>
          </div>
          {total > items.length && <Caption1>{say('more', { shown: items.length, n: total })}</Caption1>}
          {items.map((c) => {
            const outcome = outcomes.get(c.id);
            return (
              <section key={c.id} data-item={c.id} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 6, display: 'flex', gap: 6 }}>
                <Checkbox checked={selected.has(c.id)} onChange={(_, d) => toggle(c.id, Boolean(d.checked))} aria-label={c.content} />
                <div style={{ display: 'grid', gap: 2, minWidth: 0, overflowWrap: 'anywhere' }}>
                  <Caption1>
                    {c.subjectName} · {CATEGORY_LABELS[c.category as Category]?.[lang] ?? c.category} · {STATUS_LABELS[c.status as Status]?.[lang] ?? c.status}
                  </Caption1>
                  <Body1>{c.content}</Body1>
                  <Caption1>{say('deadline', { d: c.deadline })}</Caption1>
                  <Caption1 data-progress>{c.progress ? say('progress', { p: c.progress }) : say('noProgress')}</Caption1>
                  {outcome && (
                    <Caption1 data-result={outcome.ok ? 'ok' : 'refused'} style={{ color: outcome.ok ? '#0e700e' : '#b10e1c' }}>
                      {outcome.ok ? `✓ ${say('rowSaved')}` : `✗ ${say('rowRefused', { why: outcome.message ?? '' })}`}
                    </Caption1>
                  )}
                </div>
              </section>
            );
          })}
        </>
      )}

      <Field label={say('note')} required>
        <Textarea name="progress-note" value={note} onChange={(_, d) => setNote(d.value)} resize="vertical" rows={3} />
      </Field>
      <Field label={say('percent')} style={{ width: 200 }} validationState={badPercent ? 'error' : 'none'}>
        <Input name="progress-percent" value={percent} inputMode="numeric" onChange={(_, d) => setPercent(d.value.replace(/\D/g, '').slice(0, 3))} />
      </Field>
      <Button appearance="primary" onClick={save} disabled={busy || selected.size === 0 || !note.trim() || badPercent} data-action="save-progress" style={{ justifySelf: 'start' }}>
        {say('save', { n: selected.size })}
      </Button>
    </div>
  );
}
