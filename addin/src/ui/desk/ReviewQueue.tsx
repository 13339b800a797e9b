// 待审: the reviewer's queue, oldest submission first, each item with its quality hints and a late
// flag; approve or return the selected items at once (a return note can start from the hints'
// wording), and publish (示诺) what is approved.
import { Badge, Body1, Button, Caption1, Checkbox, Field, Select, Spinner, Textarea } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { CATEGORY_LABELS } from '../../../../core/category';
import type { Category } from '../../../../core/types';
import type { QueueItem, TransitionResult } from '../../api';
import type { Lang } from '../../i18n';
import { useAction, usePane } from '../pane';
import { say } from './words';
import { PlanList } from '../PlanList';

const HINTS = ['no_measure', 'no_action', 'copied', 'deadline_beyond_year'] as const;
const HINT_LABELS = {
  no_measure: { zh: '无量化指标', en: 'Not measurable' },
  no_action: { zh: '无具体举措', en: 'No concrete action' },
  copied: { zh: '与他人雷同', en: 'Copied' },
  deadline_beyond_year: { zh: '时限超出年度', en: 'Deadline beyond year' },
};

/** The return note the hints of the selected items suggest: one line per item with hints. */
export function noteFromHints(items: QueueItem[], lang: Lang): string {
  const lines = items
    .filter((c) => c.hints.length > 0)
    .map((c) => `${c.subjectName}“${c.content}”：${c.hints.map((h) => h.message).join(lang === 'zh' ? '；' : '; ')}`);
  return lines.length ? [say(lang, 'noteOpening'), ...lines].join('\n') : '';
}

/** One sentence on what a bulk action did, naming the reasons of the refused. */
export function describeResults(results: TransitionResult[], verb: 'approveVerb' | 'returnVerb' | 'publishVerb', lang: Lang): string {
  const refused = results.filter((r) => !r.ok);
  const summary = say(lang, 'outcome', { action: say(lang, verb), ok: results.length - refused.length });
  if (refused.length === 0) return summary;
  const why = [...new Set(refused.map((r) => r.message ?? r.code ?? ''))].join(lang === 'zh' ? '；' : '; ');
  return summary + say(lang, 'refused', { n: refused.length, why });
}

export function ReviewQueue() {
  const pane = usePane();
  const { api, lang } = pane;
  const [late, setLate] = useState(false);
  const [hint, setHint] = useState('');
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [approved, setApproved] = useState<number[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [note, setNote] = useState('');
  const [busy, act] = useAction(pane);

  const load = useCallback(() => {
    if (!api) return;
    setItems(null);
    setSelected(new Set());
    api.reviewQueue({ late, hint: hint || undefined }).then((answer) => setItems(answer.items), pane.fail);
    api.approved().then((answer) => setApproved(answer.items.map((c) => c.id)), pane.fail);
  }, [api, late, hint]);
  useEffect(load, [load]);
  if (!api) return <Caption1>{say(lang, 'signedOut')}</Caption1>;

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const run = (action: 'approve' | 'return' | 'publish', ids: number[]) =>
    act(async () => {
      const results = await api.transitions(ids, action, action === 'publish' ? undefined : note.trim() || undefined);
      const verb = action === 'approve' ? 'approveVerb' : action === 'return' ? 'returnVerb' : 'publishVerb';
      pane.notify({ kind: results.every((r) => r.ok) ? 'success' : 'warning', message: describeResults(results, verb, lang) });
      setNote('');
      load();
    });
  const chosen = (items ?? []).filter((c) => selected.has(c.id));

  return (
    <div style={{ display: 'grid', gap: 8 }} data-view="review-queue">
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Checkbox label={say(lang, 'onlyLate')} checked={late} onChange={(_, d) => setLate(Boolean(d.checked))} />
        <Select value={hint} onChange={(_, d) => setHint(d.value)} aria-label={say(lang, 'anyHint')}>
          <option value="">{say(lang, 'anyHint')}</option>
          {HINTS.map((h) => (
            <option key={h} value={h}>{HINT_LABELS[h][lang]}</option>
          ))}
        </Select>
        <Button size="small" onClick={load}>{say(lang, 'refresh')}</Button>
      </div>
      {items === null ? (
        <Spinner size="tiny" />
      ) : items.length === 0 ? (
        <Caption1>{say(lang, 'empty')}</Caption1>
      ) : (
        <>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Checkbox
              label={say(lang, 'selectAll')}
              checked={selected.size === items.length ? true : selected.size > 0 ? 'mixed' : false}
              onChange={(_, d) => setSelected(new Set(d.checked ? items.map((c) => c.id) : []))}
            />
            <Caption1 data-count>{say(lang, 'count', { n: items.length, selected: selected.size })}</Caption1>
          </div>
          {items.map((c) => (
            <section key={c.id} data-item={c.id} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 6, display: 'flex', gap: 6 }}>
              <Checkbox checked={selected.has(c.id)} onChange={(_, d) => toggle(c.id, Boolean(d.checked))} aria-label={c.content} />
              <div style={{ display: 'grid', gap: 2 }}>
                <Caption1>
                  {c.orgName} · {c.subjectName} · {CATEGORY_LABELS[c.category as Category]?.[lang] ?? c.category}
                </Caption1>
                <Body1>{c.content}</Body1>
                {c.measures && <Caption1>{c.measures}</Caption1>}
                {c.plan.length > 0 && <PlanList plan={c.plan} lang={lang} />}
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <Caption1>{say(lang, 'deadline', { d: c.deadline === 'ongoing' ? say(lang, 'ongoing') : c.deadline })}</Caption1>
                  {c.submittedAt && <Caption1>{say(lang, 'submitted', { on: c.submittedAt.slice(0, 10) })}</Caption1>}
                  {c.reviewDue && <Caption1>{say(lang, 'due', { on: c.reviewDue })}</Caption1>}
                  {c.reviewLate && <Badge color="danger" appearance="filled" data-late>{say(lang, 'late')}</Badge>}
                </div>
                {c.hints.map((h) => (
                  <Caption1 key={h.code} data-hint={h.code} style={{ color: '#8a5300' }}>⚠ {h.message}</Caption1>
                ))}
              </div>
            </section>
          ))}
        </>
      )}
      <Field label={say(lang, 'note')}>
        <Textarea name="review-note" value={note} onChange={(_, d) => setNote(d.value)} resize="vertical" rows={4} />
      </Field>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button size="small" onClick={() => setNote(noteFromHints(chosen, lang))} disabled={chosen.length === 0}>{say(lang, 'draftNote')}</Button>
        <Button appearance="primary" onClick={() => run('approve', [...selected])} disabled={busy || selected.size === 0}>{say(lang, 'approve')}</Button>
        <Button onClick={() => run('return', [...selected])} disabled={busy || selected.size === 0 || !note.trim()}>{say(lang, 'return')}</Button>
        <Button onClick={() => run('publish', approved)} disabled={busy || approved.length === 0}>{say(lang, 'publish', { n: approved.length })}</Button>
      </div>
    </div>
  );
}
