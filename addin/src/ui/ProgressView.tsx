// Progress: a month's check (跟踪问诺) for the rows selected in the ledger: one note for all, and,
// after 逐行调整, a list of the rows (below the button, so a long list never hides it) where one
// row gets its own note or is left out. One request carries it all; pressing again after a lost
// answer sends the same key, so nothing is doubled.
import { Button, Caption1, Checkbox, Field, Input, Textarea } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { checkEntries, newCheckKey, planFromSelection, recordProgress, currentMonth, type CheckPlan, type RowChoice } from '../actions/progress';
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
  const [plan, setPlan] = useState<CheckPlan | null>(null);
  const [choices, setChoices] = useState<Map<number, RowChoice>>(new Map());
  // The key of the last check sent: the same check sent again keeps it, so a retry stores nothing twice.
  const sent = useRef<{ signature: string; key: string } | null>(null);
  const [busy, act] = useAction(pane);
  if (!pane.api) return <Caption1>{t('signedOut')}</Caption1>;
  const api = pane.api;

  const choose = (sheetRow: number, change: RowChoice) => setChoices(new Map(choices).set(sheetRow, { ...choices.get(sheetRow), ...change }));
  const loadRows = () =>
    act(async () => {
      const read = await planFromSelection({});
      setChoices(new Map());
      setPlan(read.rows.length ? read : null);
      if (!read.rows.length) pane.notify({ kind: 'info', message: t('noSelectedIds') });
    });
  const save = () =>
    act(async () => {
      const checked = plan ?? (await planFromSelection({}));
      const common = { note: note.trim(), percent: percent === '' ? undefined : Number(percent), shown };
      const month = currentMonth();
      const signature = JSON.stringify([month, checkEntries(checked, choices, common).entries]);
      if (sent.current?.signature !== signature) sent.current = { signature, key: newCheckKey() };
      const done = await recordProgress(api, checked, choices, common, sent.current.key, month);
      if (done.ids.length === 0) return pane.notify({ kind: 'info', message: t('noSelectedIds') });
      setPlan(null);
      setChoices(new Map());
      pane.notify({ kind: 'success', message: t(done.replayed ? 'progressReplayed' : 'progressSaved', { n: done.ids.length, month: done.month }) });
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
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button onClick={loadRows} disabled={busy} data-action="progress-rows">{t('progressRows')}</Button>
        {plan && <Button onClick={() => setPlan(null)} disabled={busy}>{t('progressRowsClear')}</Button>}
      </div>
      <Button appearance="primary" onClick={save} disabled={busy || !note.trim() || (percent !== '' && Number(percent) > 100)}>
        {t('saveProgress')}
      </Button>
      {plan && (
        <div style={{ display: 'grid', gap: 6 }} data-list="progress-rows">
          <Caption1>{t('progressRowsHint', { n: plan.rows.length })}</Caption1>
          {plan.rows.map((r) => {
            const choice = choices.get(r.sheetRow);
            return (
              <section key={r.sheetRow} data-row={r.sheetRow} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 4, display: 'grid', gap: 2, minWidth: 0 }}>
                <Checkbox
                  checked={!choice?.skip}
                  onChange={(_, d) => choose(r.sheetRow, { skip: !d.checked })}
                  label={`${r.sheetRow} · ${r.label}`}
                  aria-label={`${t('progressRowTake')} ${r.sheetRow}`}
                  style={{ overflowWrap: 'anywhere' }}
                />
                {!choice?.skip && (
                  <Input
                    value={choice?.note ?? ''}
                    onChange={(_, d) => choose(r.sheetRow, { note: d.value })}
                    placeholder={t('progressRowNote')}
                    aria-label={`${t('progressRowNote')} ${r.sheetRow}`}
                    name={`row-note-${r.sheetRow}`}
                  />
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
