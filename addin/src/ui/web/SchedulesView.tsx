// Report schedules (报表计划) for those who may change them (admins and reviewers, as the API
// allows): the schedules of the user's scope with their timing in words, a form to create one
// (report kind, organisation, a common cadence or a cron of one's own, recipients), and per
// schedule its recipients and whether it is on, to change. Refusals come in the server's words.
import { Button, Checkbox, Field, Input, Select, Text, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { REPORT_KINDS, type LocalText, type ReportKind, type Schedule } from '../../../../core/types';
import { callsFor } from '../../api';
import { fillIn, REPORT_LABELS, wordsIn, type Lang } from '../../i18n';
import type { Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { treeOrder } from './OrgsView';

const WORDS = {
  list: { zh: '报表发送计划', en: 'Report schedules' },
  none: { zh: '尚无发送计划。', en: 'No schedules yet.' },
  create: { zh: '新建发送计划', en: 'New schedule' },
  kind: { zh: '报表', en: 'Report' },
  org: { zh: '党组织', en: 'Organisation' },
  cadence: { zh: '发送时间', en: 'When' },
  cron: { zh: 'cron 表达式（分 时 日 月 周）', en: 'Cron (minute hour day month weekday)' },
  custom: { zh: '自定义（cron）', en: 'Custom (cron)' },
  recipients: { zh: '收件人（逗号或换行分隔）', en: 'Recipients (comma or newline separated)' },
  enabled: { zh: '启用', en: 'Enabled' },
  disabled: { zh: '（已停用）', en: ' (disabled)' },
  add: { zh: '新建', en: 'Create' },
  save: { zh: '保存', en: 'Save' },
  created: { zh: '已新建发送计划：{what}', en: 'Schedule created: {what}' },
  saved: { zh: '已保存发送计划：{what}', en: 'Schedule saved: {what}' },
  monthly: { zh: '每月{d}日 {t}', en: 'Monthly on day {d} at {t}' },
  quarterly: { zh: '每季度首月{d}日 {t}', en: 'Quarterly (Jan, Apr, Jul, Oct) on day {d} at {t}' },
  halfYearly: { zh: '每年1月、7月{d}日 {t}', en: 'Half-yearly (Jan, Jul) on day {d} at {t}' },
  yearly: { zh: '每年{m}月{d}日 {t}', en: 'Yearly on {m}/{d} at {t}' },
} satisfies Record<string, LocalText>;

/** The cadences offered in the form; the rest is written as cron. */
const CADENCES = [
  { cron: '0 8 1 * *' },
  { cron: '0 8 1 1,4,7,10 *' },
  { cron: '0 8 1 1,7 *' },
  { cron: '0 8 5 1 *' },
] as const;
const CUSTOM = 'custom';

/** A cron's timing in words when it is one of the usual shapes (a time on a day of some months), else null. */
export function cadenceWords(cron: string, lang: Lang): string | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5 || parts[4] !== '*') return null;
  const [minute, hour, day, months] = parts;
  if (![minute, hour, day].every((p) => /^\d+$/.test(p))) return null;
  const values = { d: Number(day), t: `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}` };
  if (months === '*') return fillIn(WORDS.monthly[lang], values);
  if (months === '1,4,7,10') return fillIn(WORDS.quarterly[lang], values);
  if (months === '1,7') return fillIn(WORDS.halfYearly[lang], values);
  if (/^\d+$/.test(months)) return fillIn(WORDS.yearly[lang], { ...values, m: Number(months) });
  return null;
}

/** Addresses typed one per line or separated by commas (or the Chinese comma, or semicolons). */
export function splitRecipients(text: string): string[] {
  return text.split(/[\s,，;；]+/).filter((a) => a !== '');
}

interface Draft {
  kind: ReportKind;
  orgId: number | null;
  cadence: string;
  cron: string;
  recipients: string;
  enabled: boolean;
}

export function SchedulesView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const calls = session ? callsFor(session, lang) : null;
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [edits, setEdits] = useState<Record<number, { recipients: string; enabled: boolean }>>({});
  const [draft, setDraft] = useState<Draft>({ kind: 'monthly', orgId: null, cadence: CADENCES[0].cron, cron: CADENCES[0].cron, recipients: '', enabled: true });
  const [busy, act] = useAction(pane);

  const load = async () => {
    if (!calls) return;
    const list = (await calls.json<{ items: Schedule[] }>('GET', '/schedules')).items;
    setSchedules(list);
    setEdits(Object.fromEntries(list.map((s) => [s.id, { recipients: s.recipients.join('\n'), enabled: s.enabled }])));
  };
  useEffect(() => {
    if (!calls) return;
    calls.json<{ items: Org[] }>('GET', '/orgs').then(({ items }) => {
      setOrgs(items);
      setDraft((d) => ({ ...d, orgId: d.orgId ?? items[0]?.id ?? null }));
    }, pane.fail);
    load().catch(pane.fail);
  }, [session]);
  if (!calls) return null;

  const orgName = (id: number) => orgs.find((o) => o.id === id)?.name ?? String(id);
  const timing = (cron: string) => cadenceWords(cron, lang) ?? cron;
  const title = (s: Pick<Schedule, 'kind' | 'orgId' | 'cron'>) => `${orgName(s.orgId)} · ${REPORT_LABELS[s.kind][lang]} · ${timing(s.cron)}`;

  const create = () =>
    act(async () => {
      if (draft.orgId === null) return;
      const body = { kind: draft.kind, orgId: draft.orgId, cron: draft.cron, recipients: splitRecipients(draft.recipients), enabled: draft.enabled };
      const saved = await calls.json<Schedule>('POST', '/schedules', body);
      await load();
      pane.notify({ kind: 'success', message: say('created', { what: title(saved) }) });
    });
  const save = (s: Schedule) =>
    act(async () => {
      const edit = edits[s.id];
      const saved = await calls.json<Schedule>('PATCH', `/schedules/${s.id}`, { recipients: splitRecipients(edit.recipients), enabled: edit.enabled });
      await load();
      pane.notify({ kind: 'success', message: say('saved', { what: title(saved) }) });
    });

  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 900, minWidth: 0 }}>
      <section style={{ display: 'grid', gap: 8 }} data-section="schedules">
        <Text weight="semibold">{say('list')}</Text>
        {schedules.length === 0 && <Text size={200}>{say('none')}</Text>}
        <ul style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: 8 }} data-list="schedules">
          {schedules.map((s) => {
            const edit = edits[s.id] ?? { recipients: '', enabled: s.enabled };
            const change = (c: Partial<typeof edit>) => setEdits({ ...edits, [s.id]: { ...edit, ...c } });
            return (
              <li key={s.id} data-schedule={s.id} style={{ border: '1px solid #e0e0e0', borderRadius: 4, padding: 8, display: 'grid', gap: 6, minWidth: 0 }}>
                <Text weight="semibold" style={{ overflowWrap: 'anywhere' }} data-title>
                  {title(s)}{!s.enabled && say('disabled')}
                </Text>
                <Field label={say('recipients')}>
                  <Textarea value={edit.recipients} onChange={(_, d) => change({ recipients: d.value })} resize="vertical" data-field="recipients" />
                </Field>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                  <Checkbox label={say('enabled')} checked={edit.enabled} onChange={(_, d) => change({ enabled: d.checked === true })} data-field="enabled" />
                  <Button size="small" appearance="primary" onClick={() => save(s)} disabled={busy} data-action="save-schedule">{say('save')}</Button>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section style={{ display: 'grid', gap: 8 }} data-section="create-schedule">
        <Text weight="semibold">{say('create')}</Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
          <Field label={say('kind')} style={{ maxWidth: '100%' }}>
            <Select value={draft.kind} onChange={(_, d) => setDraft({ ...draft, kind: d.value as ReportKind })} data-field="kind">
              {REPORT_KINDS.map((k) => <option key={k} value={k}>{REPORT_LABELS[k][lang]}</option>)}
            </Select>
          </Field>
          <Field label={say('org')} style={{ maxWidth: '100%' }}>
            <Select value={draft.orgId === null ? '' : String(draft.orgId)} onChange={(_, d) => setDraft({ ...draft, orgId: Number(d.value) })} data-field="org">
              {treeOrder(orgs).map(({ org, depth }) => <option key={org.id} value={org.id}>{'　'.repeat(depth)}{org.name}</option>)}
            </Select>
          </Field>
          <Field label={say('cadence')} style={{ maxWidth: '100%' }}>
            <Select value={draft.cadence} data-field="cadence"
              onChange={(_, d) => setDraft({ ...draft, cadence: d.value, cron: d.value === CUSTOM ? draft.cron : d.value })}>
              {CADENCES.map((c) => <option key={c.cron} value={c.cron}>{timing(c.cron)}</option>)}
              <option value={CUSTOM}>{say('custom')}</option>
            </Select>
          </Field>
          {draft.cadence === CUSTOM && (
            <Field label={say('cron')} style={{ maxWidth: '100%' }}>
              <Input value={draft.cron} onChange={(_, d) => setDraft({ ...draft, cron: d.value })} data-field="cron" />
            </Field>
          )}
        </div>
        <Field label={say('recipients')}>
          <Textarea value={draft.recipients} onChange={(_, d) => setDraft({ ...draft, recipients: d.value })} resize="vertical" data-field="new-recipients" />
        </Field>
        <Checkbox label={say('enabled')} checked={draft.enabled} onChange={(_, d) => setDraft({ ...draft, enabled: d.checked === true })} data-field="new-enabled" />
        <Button appearance="primary" onClick={create} disabled={busy || draft.orgId === null} data-action="create-schedule" style={{ justifySelf: 'start' }}>{say('add')}</Button>
      </section>
    </div>
  );
}
