// Report emails of the user's scope: what each scheduled send did, who got it, what the mail
// server said to those who did not. Admins and reviewers can send a failed one again.
import { Badge, Body1, Button, Caption1, Link, Select, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { LocalText } from '../../../core/types';
import type { DeliveryItem, OrgSummary, RunReport } from '../api';
import { fillIn, REPORT_LABELS, type Lang } from '../i18n';
import { usePane } from './pane';
import { saveAs } from './web/FileDrop';

const WORDS = {
  all: { zh: '全部', en: 'All' },
  pending: { zh: '待发送', en: 'Pending' },
  sent: { zh: '已发送', en: 'Sent' },
  failed: { zh: '发送失败', en: 'Failed' },
  refresh: { zh: '刷新', en: 'Refresh' },
  resend: { zh: '重新发送', en: 'Send again' },
  sentWorkbook: { zh: '下载所发报表', en: 'Download the workbook sent' },
  save: { zh: '保存 {file}', en: 'Save {file}' },
  none: { zh: '暂无报表邮件记录', en: 'No report emails yet' },
  reached: { zh: '已送达 {n}/{of}', en: 'Delivered {n}/{of}' },
  attempts: { zh: '尝试 {n} 次', en: 'attempts: {n}' },
  nextAttempt: { zh: '下次尝试 {at}', en: 'Next attempt {at}' },
  signedOut: { zh: '登录后可查看本单位的报表邮件。', en: 'Sign in to see the report emails of your scope.' },
  ranSent: { zh: '已发送给 {who}', en: 'Sent to {who}' },
  ranNothing: { zh: '所有收件人都已收到，未重复发送', en: 'Everyone has it already; nothing was sent again' },
  ranOther: { zh: '未能全部送达，请查看下方记录', en: 'Not everyone got it; see the record below' },
} satisfies Record<string, LocalText>;

type Word = keyof typeof WORDS;

function say(lang: Lang, word: Word, values: Record<string, string | number> = {}): string {
  return fillIn(WORDS[word][lang], values);
}

const STATUS_COLOURS = { pending: 'warning', sent: 'success', failed: 'danger' } as const;

/** One delivery as the pane shows it: a title line, a status line and the refusals, if any. */
export function describeDelivery(d: DeliveryItem, lang: Lang, orgName: string | undefined) {
  const reached = d.results.filter((r) => r.status === 'sent').length;
  const facts = [say(lang, 'reached', { n: reached, of: d.results.length }), say(lang, 'attempts', { n: d.attempts })];
  if (d.status === 'pending' && d.nextAttemptAt) facts.push(say(lang, 'nextAttempt', { at: localTime(d.nextAttemptAt) }));
  return {
    title: [REPORT_LABELS[d.kind]?.[lang] ?? d.kind, d.period, orgName].filter(Boolean).join(' · '),
    status: say(lang, d.status),
    facts: facts.join(' · '),
    refusals: d.results.filter((r) => r.status !== 'sent' && r.response).map((r) => `${r.address}: ${r.response}`),
  };
}

/** What a manual run did, in one sentence. */
export function describeRun(run: RunReport, lang: Lang): string {
  if (run.action === 'nothing-to-send') return say(lang, 'ranNothing');
  if (run.action === 'sent') return say(lang, 'ranSent', { who: run.sentTo.join(lang === 'zh' ? '、' : ', ') });
  return say(lang, 'ranOther');
}

function localTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

export function DeliveriesView() {
  const pane = usePane();
  const { api, lang } = pane;
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<DeliveryItem[] | null>(null);
  const [orgs, setOrgs] = useState<Map<number, string>>(new Map());
  const [busy, setBusy] = useState<number | null>(null);
  const [saved, setSaved] = useState<{ id: number; url: string; fileName: string } | null>(null);
  useEffect(() => () => void (saved && URL.revokeObjectURL(saved.url)), [saved]);
  const mayRun = pane.session?.user.role === 'admin' || pane.session?.user.role === 'reviewer';

  const load = useCallback(() => {
    if (!api) return;
    setItems(null);
    api.deliveries(status || undefined).then((answer) => setItems(answer.items), pane.fail);
  }, [api, status]);
  useEffect(load, [load]);
  useEffect(() => {
    api?.orgs().then((list: OrgSummary[]) => setOrgs(new Map(list.map((o) => [o.id, o.name]))), pane.fail);
  }, [api]);
  if (!api) return <Caption1>{say(lang, 'signedOut')}</Caption1>;

  const resend = async (d: DeliveryItem) => {
    setBusy(d.id);
    pane.notify(null);
    try {
      const run = await api.runSchedule(d.scheduleId, d.period);
      pane.notify({ kind: run.action === 'sent' || run.action === 'nothing-to-send' ? 'success' : 'warning', message: describeRun(run, lang) });
      load();
    } catch (error) {
      pane.fail(error);
    } finally {
      setBusy(null);
    }
  };

  // The bytes that went out: a browser saves them at once; the pane offers a link (Excel's webview keeps no downloads).
  const fetchSent = async (d: DeliveryItem) => {
    setBusy(d.id);
    pane.notify(null);
    try {
      const blob = await api.sentWorkbook(d.id);
      const fileName = `${describeDelivery(d, lang, orgs.get(d.orgId)).title.replace(/[\\/:*?"<>|\s·]+/g, '_')}.xlsx`;
      if (pane.host === 'web') saveAs(blob, fileName);
      else setSaved({ id: d.id, url: URL.createObjectURL(blob), fileName });
    } catch (error) {
      pane.fail(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8 }}>
        <Select value={status} onChange={(_, d) => setStatus(d.value)} aria-label={say(lang, 'all')}>
          {(['', 'pending', 'sent', 'failed'] as const).map((s) => (
            <option key={s} value={s}>{say(lang, s || 'all')}</option>
          ))}
        </Select>
        <Button onClick={load}>{say(lang, 'refresh')}</Button>
      </div>
      {items === null ? (
        <Spinner size="tiny" />
      ) : items.length === 0 ? (
        <Caption1>{say(lang, 'none')}</Caption1>
      ) : (
        items.map((d) => {
          const shown = describeDelivery(d, lang, orgs.get(d.orgId));
          return (
            <section key={d.id} data-delivery={d.id} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 6 }}>
              <Body1 block>{shown.title}</Body1>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                <Badge appearance="tint" color={STATUS_COLOURS[d.status]}>{shown.status}</Badge>
                <Caption1>{shown.facts}</Caption1>
                {d.hasWorkbook && (
                  <Button size="small" onClick={() => fetchSent(d)} disabled={busy !== null} data-action="sent-workbook">{say(lang, 'sentWorkbook')}</Button>
                )}
                {mayRun && d.status === 'failed' && (
                  <Button size="small" onClick={() => resend(d)} disabled={busy !== null}>{say(lang, 'resend')}</Button>
                )}
              </div>
              {saved?.id === d.id && <Link href={saved.url} download={saved.fileName}>{say(lang, 'save', { file: saved.fileName })}</Link>}
              {shown.refusals.map((line) => (
                <Caption1 key={line} block style={{ color: '#a4262c', wordBreak: 'break-all' }}>{line}</Caption1>
              ))}
            </section>
          );
        })
      )}
    </div>
  );
}
