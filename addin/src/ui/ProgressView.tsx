// Progress: this month's note (and optional percent) for the rows selected in the ledger.
import { Button, Caption1, Checkbox, Field, Input, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { recordProgress } from '../actions/progress';
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
    </div>
  );
}
