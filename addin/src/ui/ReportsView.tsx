// Reports: kind, period and organisation; the workbook is inserted, or offered as a download
// (in the workspace, downloaded at once).
import { Button, Caption1, Field, Input, Link, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { REPORT_KINDS } from '../../../core/types';
import { defaultPeriod, fetchReport } from '../actions/report';
import type { OrgSummary } from '../api';
import { REPORT_LABELS, text, type TextKey } from '../i18n';
import { useAction, usePane } from './pane';
import { saveAs } from './web/FileDrop';

export function ReportsView() {
  const pane = usePane();
  const t = (k: TextKey, v?: Record<string, string | number>) => text(pane.lang, k, v);
  const [kind, setKind] = useState<string>('monthly');
  const [period, setPeriod] = useState(defaultPeriod('monthly'));
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [org, setOrg] = useState<number | null>(pane.session?.user.orgId ?? null);
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const [busy, act] = useAction(pane);
  const api = pane.api;

  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [api]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download.url)), [download]);
  if (!api) return <Caption1>{t('signedOut')}</Caption1>;

  const run = () => {
    if (org === null) return;
    setDownload(null);
    return act(async () => {
      const answer = await fetchReport(api, kind, org, period.trim());
      if ('inserted' in answer) pane.notify({ kind: 'success', message: t('reportInserted', { n: answer.inserted.length }) });
      else if (pane.host === 'web') saveAs(answer.download, answer.fileName); // a browser simply downloads it
      else setDownload({ url: URL.createObjectURL(answer.download), fileName: answer.fileName });
    });
  };
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Field label={t('reportKind')}>
        <Select value={kind} onChange={(_, d) => { setKind(d.value); setPeriod(defaultPeriod(d.value)); }}>
          {REPORT_KINDS.map((k) => <option key={k} value={k}>{REPORT_LABELS[k][pane.lang]}</option>)}
        </Select>
      </Field>
      <Field label={t('period')} hint="2011-06 · 2011-Q2 · 2011-H1 · 2011">
        <Input value={period} onChange={(_, d) => setPeriod(d.value)} />
      </Field>
      <Field label={t('organisation')}>
        <Select value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))}>
          {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </Select>
      </Field>
      <Button appearance="primary" onClick={run} disabled={busy || org === null || !period.trim()} data-action="report">
        {t(pane.host === 'web' ? 'download' : 'insertReport')}
      </Button>
      {download && (
        <Caption1>
          {t('reportDownload')} <Link href={download.url} download={download.fileName}>{t('download')}</Link>
        </Caption1>
      )}
    </div>
  );
}
