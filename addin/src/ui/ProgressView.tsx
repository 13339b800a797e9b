// Progress: this month's note (and optional percent) for the rows selected in the ledger.
import { Body1, Button, Caption1, Checkbox, Divider, Field, Input, Subtitle2, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { recordProgress } from '../actions/progress';
import { markPhaseDone, planProblem, planText, savePlan, selectedPlanTarget, type PlanTarget } from '../actions/plan';
import type { PlannedCommitment } from '../api';
import { PlanList, planSay } from './PlanList';
import { text, type TextKey } from '../i18n';
import { useAction, usePane } from './pane';

/** The public flag: shown on the organisation's public page (群众可见), off unless the clerk ticks it. */
const PUBLIC_WORDS = {
  label: { zh: '公开（群众可见）', en: 'Public' },
  warning: {
    zh: '勾选后这条进展会显示在公开页面。写到群众姓名（如走访低保户王某某）的进展请不要公开。',
    en: 'Ticked, this note shows on the public page. Keep notes that name residents (e.g. a welfare recipient visited) private.',
  },
};

export function ProgressView() {
  const pane = usePane();
  const t = (k: TextKey, v?: Record<string, string | number>) => text(pane.lang, k, v);
  const [note, setNote] = useState('');
  const [percent, setPercent] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, act] = useAction(pane);
  if (!pane.api) return <Caption1>{t('signedOut')}</Caption1>;
  const api = pane.api;

  const save = () =>
    act(async () => {
      const done = await recordProgress(api, note.trim(), percent === '' ? undefined : Number(percent), {}, shown);
      pane.notify(
        done.ids.length === 0
          ? { kind: 'info', message: t('noSelectedIds') }
          : { kind: 'success', message: t('progressSaved', { n: done.ids.length, month: done.month }) },
      );
    });
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Caption1>{t('progressHint')}</Caption1>
      <Field label={t('progressNote')} required>
        <Textarea value={note} onChange={(_, d) => setNote(d.value)} resize="vertical" rows={4} />
      </Field>
      <Field label={t('progressPercent')} style={{ width: 160 }}>
        <Input value={percent} onChange={(_, d) => setPercent(d.value.replace(/\D/g, '').slice(0, 3))} inputMode="numeric" />
      </Field>
      <Checkbox checked={shown} onChange={(_, d) => setShown(Boolean(d.checked))} label={PUBLIC_WORDS.label[pane.lang]} data-field="progress-public" />
      <Caption1 data-hint="progress-public">{PUBLIC_WORDS.warning[pane.lang]}</Caption1>
      <Button appearance="primary" onClick={save} disabled={busy || !note.trim() || (percent !== '' && Number(percent) > 100)}>
        {t('saveProgress')}
      </Button>
      <Divider />
      <PlanEditor note={note.trim()} />
    </div>
  );
}

/** The selected row's 阶段计划: read, edited as its ledger text, saved; a phase marked done. */
function PlanEditor({ note }: { note: string }) {
  const pane = usePane();
  const { lang } = pane;
  const [target, setTarget] = useState<PlanTarget | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, act] = useAction(pane);
  const api = pane.api!;
  const show = (record: PlannedCommitment, from: PlanTarget) => {
    setTarget({ ...from, record });
    setDraft(planText(record));
  };
  const load = () =>
    act(async () => {
      const found = await selectedPlanTarget(api);
      if (!found) {
        setTarget(null);
        pane.notify({ kind: 'info', message: planSay(lang, 'noRow') });
        return;
      }
      show(found.record, found);
    });
  const problem = target && draft.trim() ? planProblem(target.record, draft) : null;
  const save = () =>
    act(async () => {
      const saved = await savePlan(api, target!, draft);
      show(saved, target!);
      const message = planSay(lang, 'saved', { n: saved.plan.length }) + (target!.planCell ? planSay(lang, 'savedToCell') : '');
      pane.notify({ kind: 'success', message });
    });
  const done = (phase: number) =>
    act(async () => {
      const words = note || planSay(lang, 'doneNote', { n: phase, target: target!.record.plan[phase - 1].target });
      show(await markPhaseDone(api, target!.record, phase, words), target!);
      pane.notify({ kind: 'success', message: planSay(lang, 'marked', { n: phase }) });
    });
  return (
    <section data-view="plan" style={{ display: 'grid', gap: 8, minWidth: 0 }}>
      <Subtitle2>{planSay(lang, 'plan')}</Subtitle2>
      <Caption1>{planSay(lang, 'hint')}</Caption1>
      <Button onClick={load} disabled={busy} data-action="plan-load">{planSay(lang, 'load')}</Button>
      {target && (
        <>
          <Body1 data-plan-of={target.record.id} style={{ overflowWrap: 'anywhere' }}>{target.record.subjectName} · {target.record.content}</Body1>
          {target.record.plan.length === 0 ? <Caption1>{planSay(lang, 'none')}</Caption1> : <PlanList plan={target.record.plan} lang={lang} onDone={done} busy={busy} />}
          <Field label={planSay(lang, 'field')} validationState={problem ? 'error' : 'none'} validationMessage={problem?.[lang]}>
            <Textarea value={draft} onChange={(_, d) => setDraft(d.value)} resize="vertical" rows={3} data-field="plan-text" />
          </Field>
          <Button appearance="primary" onClick={save} disabled={busy || problem !== null || draft === planText(target.record)} data-action="plan-save">
            {planSay(lang, 'save')}
          </Button>
        </>
      )}
    </section>
  );
}
