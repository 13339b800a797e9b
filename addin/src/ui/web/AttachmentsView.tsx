// 存档备案与佐证材料 in the workspace: choose an organisation and year, then the record — the
// organisation itself (its signed 承诺书, photos of the posted 公示), one of its members (their
// signed 承诺书), or one of its commitments (佐证材料) — to see its files and attach more; or
// everything the organisation's year holds.
import { Field, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AttachmentEntityType, AttachmentKind } from '../../../../core/attachments';
import type { LocalText } from '../../../../core/types';
import { fillIn } from '../../i18n';
import { workspaceApi, type LedgerItem, type Member } from '../../workspaceApi';
import { AttachmentsPanel } from '../AttachmentsPanel';
import { usePane } from '../pane';
import { OrgYearFields, useOrgYear } from '../OrgYear';

const WORDS = {
  record: { zh: '附在', en: 'Attached to' },
  all: { zh: '本组织本年度的全部附件', en: 'Everything of this organisation’s year' },
  itself: { zh: '党组织本身（承诺书、公示照片）', en: 'The organisation itself (pledge form, notice photos)' },
  members: { zh: '党员（承诺书）', en: 'Members (pledge forms)' },
  commitments: { zh: '承诺事项（佐证材料）', en: 'Commitments (evidence)' },
  title: { zh: '{name} · {year} 年度', en: '{name} · {year}' },
} satisfies Record<string, LocalText>;

/** What each kind of record is offered, the usual one first. */
const KINDS: Record<AttachmentEntityType, readonly AttachmentKind[]> = {
  organization: ['pledge_form', 'notice_photo', 'evidence'],
  member: ['pledge_form', 'evidence'],
  commitment: ['evidence'],
};

const fill = { minWidth: 0, width: '100%' } as const;

export function AttachmentsView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = (k: keyof typeof WORDS, v: Record<string, string | number> = {}) => fillIn(WORDS[k][lang], v);
  const api = session ? workspaceApi(session, lang) : null;
  const choice = useOrgYear();
  const { orgs, org, year, y, yearOk } = choice;
  const [members, setMembers] = useState<Member[]>([]);
  const [items, setItems] = useState<LedgerItem[]>([]);
  /** `all`, `organization`, `member:<id>` or `commitment:<id>`. */
  const [record, setRecord] = useState('all');

  useEffect(() => {
    setRecord('all');
    if (!api || org === null) return;
    api.members(org, '').then((m) => setMembers(m.items.filter((x) => x.orgId === org)), pane.fail);
  }, [session, org]);
  useEffect(() => {
    if (!api || org === null || !yearOk) return;
    api.commitmentsOf(org, y, 500, 0).then((c) => setItems(c.items.filter((x) => x.orgId === org)), pane.fail);
  }, [session, org, year]);
  if (!api) return null;

  const [type, id] = record.split(':') as [AttachmentEntityType | 'all', string | undefined];
  const entity = type === 'all' || org === null ? null : { entityType: type, entityId: type === 'organization' ? org : Number(id), year: y };
  const orgName = orgs.find((o) => o.id === org)?.name ?? '';

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 720, minWidth: 0 }}>
      <OrgYearFields choice={choice} name="attachments" />
      <Field label={say('record')} style={{ minWidth: 0 }}>
        <Select value={record} onChange={(_, d) => setRecord(d.value)} data-field="attachments-record" style={fill}>
          <option value="all">{say('all')}</option>
          <option value="organization">{say('itself')}</option>
          {members.length > 0 && (
            <optgroup label={say('members')}>
              {members.map((m) => <option key={m.id} value={`member:${m.id}`}>{m.name}</option>)}
            </optgroup>
          )}
          {items.length > 0 && (
            <optgroup label={say('commitments')}>
              {items.map((c) => <option key={c.id} value={`commitment:${c.id}`}>{`${c.subjectName}：${c.content}`.slice(0, 60)}</option>)}
            </optgroup>
          )}
        </Select>
      </Field>
      {org !== null && yearOk && (
        <section style={{ display: 'grid', gap: 8, minWidth: 0 }}>
          <Text weight="semibold">{say('title', { name: orgName, year: y })}</Text>
          {entity ? (
            <AttachmentsPanel filter={{ entityType: entity.entityType, entityId: entity.entityId, year: y }} target={entity} kinds={KINDS[entity.entityType]} />
          ) : (
            <AttachmentsPanel filter={{ org, year: y }} />
          )}
        </section>
      )}
    </div>
  );
}
