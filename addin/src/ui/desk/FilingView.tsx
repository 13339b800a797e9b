// 承诺书备案 on the review desk: for an organisation's year (and everything below it), who made
// commitments and whether their signed 承诺书 is filed. 未备案 come first; each can be filed here
// with a scan or photo, which is what the level above receives (报上级党组织存档备案).
import { Button, Caption1, Field, Select, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { ATTACHMENT_TYPES } from '../../../../core/attachments';
import type { LocalText } from '../../../../core/types';
import type { Filing, FilingEntry } from '../../api';
import { fillIn } from '../../i18n';
import { useAction, usePane } from '../pane';
import { OrgYearFields, useOrgYear } from '../OrgYear';

const WORDS = {
  counts: { zh: '已备案 {filed}，未备案 {unfiled}', en: '{filed} filed, {unfiled} not filed' },
  onlyUnfiled: { zh: '只看未备案', en: 'Not filed only' },
  everyone: { zh: '全部', en: 'Everyone' },
  none: { zh: '本年度还没有作出承诺的党组织或党员。', en: 'Nobody has made commitments this year yet.' },
  allFiled: { zh: '全部已备案。', en: 'All filed.' },
  filed: { zh: '已备案', en: 'Filed' },
  unfiled: { zh: '未备案', en: 'Not filed' },
  organisationKind: { zh: '党组织', en: 'Organisation' },
  member: { zh: '党员', en: 'Member' },
  file: { zh: '上传承诺书', en: 'File the form' },
  stored: { zh: '已为{name}备案承诺书。', en: 'Filed the pledge form of {name}.' },
} satisfies Record<string, LocalText>;

export function FilingView() {
  const pane = usePane();
  const { lang, session, api } = pane;
  const say = (k: keyof typeof WORDS, v: Record<string, string | number> = {}) => fillIn(WORDS[k][lang], v);
  const choice = useOrgYear();
  const { org, year, yearOk } = choice;
  const [filing, setFiling] = useState<Filing | null>(null);
  const [unfiledOnly, setUnfiledOnly] = useState(true);
  const [busy, act] = useAction(pane);
  const input = useRef<HTMLInputElement>(null);
  const [filingFor, setFilingFor] = useState<FilingEntry | null>(null);
  const writer = session?.user.role === 'admin' || session?.user.role === 'reviewer' || session?.user.role === 'clerk';

  const load = () => (api && org !== null && yearOk ? api.filing(org, Number(year)).then(setFiling, pane.fail) : undefined);
  useEffect(() => void load(), [api, org, year]);
  if (!api) return null;

  const choose = (entry: FilingEntry) => {
    setFilingFor(entry);
    input.current?.click();
  };
  const upload = (file: File) =>
    act(async () => {
      if (!filingFor) return;
      await api.attach({ entityType: filingFor.subjectType, entityId: filingFor.subjectId, year: Number(year), kind: 'pledge_form' }, file, file.name);
      pane.notify({ kind: 'success', message: say('stored', { name: filingFor.name }) });
      await load();
    });

  const shown = (filing?.items ?? []).filter((f) => !unfiledOnly || !f.filed).sort((a, b) => Number(a.filed) - Number(b.filed));
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 720, minWidth: 0 }}>
      <OrgYearFields choice={choice} name="filing">
        <Field label=" " style={{ width: 140 }}>
          <Select value={unfiledOnly ? 'unfiled' : 'all'} onChange={(_, d) => setUnfiledOnly(d.value === 'unfiled')} data-field="filing-show">
            <option value="unfiled">{say('onlyUnfiled')}</option>
            <option value="all">{say('everyone')}</option>
          </Select>
        </Field>
      </OrgYearFields>
      {filing && (
        <Text weight="semibold" data-filing-counts={`${filing.counts.filed}/${filing.counts.unfiled}`}>
          {say('counts', filing.counts)}
        </Text>
      )}
      {filing && filing.items.length === 0 && <Caption1>{say('none')}</Caption1>}
      {filing && filing.items.length > 0 && shown.length === 0 && <Caption1>{say('allFiled')}</Caption1>}
      <input ref={input} type="file" accept={ATTACHMENT_TYPES.join(',')} style={{ display: 'none' }} data-input="filing-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }} />
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }} data-list="filing">
        {shown.map((f) => (
          <li key={`${f.subjectType}:${f.subjectId}`} data-subject={`${f.subjectType}:${f.subjectId}`} data-filed={f.filed}
            style={{ display: 'flex', gap: 8, alignItems: 'center', borderBottom: '1px solid #eee', paddingBottom: 4, minWidth: 0 }}>
            <div style={{ display: 'grid', flex: '1 1 auto', minWidth: 0 }}>
              <Text weight="semibold" style={{ overflowWrap: 'anywhere' }}>{f.name}</Text>
              <Caption1 style={{ overflowWrap: 'anywhere' }}>{f.subjectType === 'organization' ? say('organisationKind') : `${say('member')} · ${f.orgName}`}</Caption1>
            </div>
            <Text style={{ color: f.filed ? '#107c10' : '#c50f1f', flex: '0 0 auto' }}>{f.filed ? `${say('filed')} ${f.filedAt?.slice(0, 10) ?? ''}` : say('unfiled')}</Text>
            {!f.filed && writer && (
              <Button size="small" onClick={() => choose(f)} disabled={busy} data-action="file-form">{say('file')}</Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
