// Progress: this month's note (and optional percent) for the rows selected in the ledger.
import { Button, Caption1, Field, Input, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { recordProgress } from '../actions/progress';
import { text, type TextKey } from '../i18n';
import { useAction, usePane } from './pane';

export function ProgressView() {
  const pane = usePane();
  const t = (k: TextKey, v?: Record<string, string | number>) => text(pane.lang, k, v);
  const [note, setNote] = useState('');
  const [percent, setPercent] = useState('');
  const [busy, act] = useAction(pane);
  if (!pane.api) return <Caption1>{t('signedOut')}</Caption1>;
  const api = pane.api;

  const save = () =>
    act(async () => {
      const done = await recordProgress(api, note.trim(), percent === '' ? undefined : Number(percent), {});
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
      <Button appearance="primary" onClick={save} disabled={busy || !note.trim() || (percent !== '' && Number(percent) > 100)}>
        {t('saveProgress')}
      </Button>
    </div>
  );
}
