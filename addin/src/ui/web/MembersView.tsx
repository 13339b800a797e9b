// Members of one organisation: upload a roster (花名册, `POST /imports` with kind=roster: the
// same preview → commit as a ledger), and correct one member's record — the fields the pledge
// forms print.
import { Button, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { MEMBER_ROLES, type LocalText, type MemberRole } from '../../../../core/types';
import { wordsIn } from '../../i18n';
import { workspaceApi, type Member, type Org, type RosterPreview } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { FileDrop } from './FileDrop';
import { treeOrder } from './OrgsView';
import { Table } from './Table';

export const MEMBER_ROLE_LABELS: Record<MemberRole, LocalText> = {
  leader_cadre: { zh: '党员领导干部', en: 'Leading cadre' },
  ordinary: { zh: '普通党员', en: 'Ordinary member' },
  retired: { zh: '离退休党员', en: 'Retired' },
  no_post: { zh: '无职党员', en: 'No post' },
};

const WORDS = {
  org: { zh: '党组织', en: 'Organisation' },
  find: { zh: '按姓名查找', en: 'Find by name' },
  roster: { zh: '上传花名册（姓名、性别、出生年月或年龄、入党时间、单位及职务、身份）', en: 'Upload a roster (name, gender, birth or age, joined, unit and post, role)' },
  rosterHint: { zh: '先预览，确认后导入；同一党组织中同名的党员会被更新，不会重复。', en: 'Preview first, then commit; a member of the same name in the organisation is updated, never duplicated.' },
  memberCount: { zh: '{n} 名党员', en: '{n} members' },
  previewLine: { zh: '预览：{counts}；{bad} 行被退回。', en: 'Preview: {counts}; {bad} rows rejected.' },
  commit: { zh: '确认导入花名册', en: 'Commit the roster' },
  committed: { zh: '花名册已导入：新增 {created}，更新 {updated}，未变 {unchanged}。', en: 'Roster imported: {created} created, {updated} updated, {unchanged} unchanged.' },
  rejected: { zh: '退回的行', en: 'Rejected rows' },
  list: { zh: '党员', en: 'Members' },
  none: { zh: '没有找到党员', en: 'No members found' },
  name: { zh: '姓名', en: 'Name' },
  gender: { zh: '性别', en: 'Gender' },
  male: { zh: '男', en: 'male' },
  female: { zh: '女', en: 'female' },
  birthYear: { zh: '出生年份', en: 'Born' },
  joinedOn: { zh: '入党年月（如 2001-07）', en: 'Joined (e.g. 2001-07)' },
  unitPost: { zh: '单位及职务', en: 'Unit and post' },
  role: { zh: '身份', en: 'Role' },
  pick: { zh: '选择要修改的党员', en: 'Member to change' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存“{name}”。', en: 'Saved “{name}”.' },
} satisfies Record<string, LocalText>;

export function MembersView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const api = session ? workspaceApi(session, lang) : null;
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [org, setOrg] = useState<number | null>(session?.user.orgId ?? null);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Member[]>([]);
  const [edit, setEdit] = useState<Member | null>(null);
  const [roster, setRoster] = useState<RosterPreview | null>(null);
  const [busy, act] = useAction(pane);

  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [session]);
  const load = () => (api && org !== null ? api.members(org, name.trim()).then((page) => setMembers(page.items), pane.fail) : undefined);
  useEffect(() => void load(), [org, session]);
  if (!api) return null;

  const upload = (file: File) =>
    act(async () => {
      if (org === null) return;
      setRoster(await api.previewRoster(file, org));
    });
  const commit = () =>
    act(async () => {
      if (!roster) return;
      const done = await api.commitImport(roster.id, false);
      setRoster(null);
      pane.notify({ kind: 'success', message: say('committed', { created: done.created, updated: done.updated, unchanged: done.unchanged }) });
      await load();
    });
  const save = () =>
    act(async () => {
      if (!edit) return;
      const { id, ...fields } = edit;
      const saved = await api.changeMember(id, { ...fields, name: fields.name.trim(), unitPost: fields.unitPost?.trim() || null });
      pane.notify({ kind: 'success', message: say('saved', { name: saved.name }) });
      await load();
    });

  const countLine = roster
    ? [say('memberCount', { n: roster.counts.members }),
       ...Object.entries(roster.counts.byRole).map(([role, n]) => `${MEMBER_ROLE_LABELS[role as MemberRole]?.[lang] ?? role} ${n}`)].join(lang === 'zh' ? '，' : ', ')
    : '';
  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 900 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
        <Field label={say('org')}>
          <Select value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))} data-field="member-org">
            {treeOrder(orgs).map(({ org: o, depth }) => <option key={o.id} value={o.id}>{'　'.repeat(depth)}{o.name}</option>)}
          </Select>
        </Field>
        <Field label={say('find')}>
          <Input value={name} onChange={(_, d) => setName(d.value)} onKeyDown={(e) => e.key === 'Enter' && load()} data-field="member-name" />
        </Field>
      </div>

      <FileDrop accept=".xlsx,.xls,.csv" label={say('roster')} hint={say('rosterHint')} onFile={upload} disabled={busy || org === null} />
      {roster && (
        <section style={{ display: 'grid', gap: 8 }} data-section="roster">
          <Text weight="semibold">{say('previewLine', { counts: countLine, bad: roster.rejected.length })}</Text>
          {roster.rejected.length > 0 && (
            <Table caption={say('rejected')} data="roster-rejected" rows={roster.rejected.map((r) => [r.sheet ?? '', String(r.row), r.column ?? '', r.message])} />
          )}
          <Button appearance="primary" onClick={commit} disabled={busy} data-action="commit-roster" style={{ justifySelf: 'start' }}>{say('commit')}</Button>
        </section>
      )}

      <Table caption={say('list')} data="members" empty={say('none')} head={[say('name'), say('gender'), say('birthYear'), say('joinedOn'), say('unitPost'), say('role')]}
        rows={members.map((m) => [m.name, m.gender ? say(m.gender) : '', m.birthYear ? String(m.birthYear) : '', m.joinedOn ?? '', m.unitPost ?? '', MEMBER_ROLE_LABELS[m.role as MemberRole]?.[lang] ?? m.role])} />

      {members.length > 0 && (
        <section style={{ display: 'grid', gap: 8 }} data-section="edit-member">
          <Field label={say('pick')} style={{ maxWidth: 360 }}>
            <Select value={edit ? String(edit.id) : ''} onChange={(_, d) => setEdit(members.find((m) => m.id === Number(d.value)) ?? null)} data-field="member">
              <option value="" disabled />
              {members.map((m) => <option key={m.id} value={m.id}>{m.name}{m.unitPost ? ` · ${m.unitPost}` : ''}</option>)}
            </Select>
          </Field>
          {edit && (
            <>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
                <Field label={say('name')} required><Input value={edit.name} onChange={(_, d) => setEdit({ ...edit, name: d.value })} data-field="edit-member-name" /></Field>
                <Field label={say('gender')}>
                  <Select value={edit.gender ?? ''} onChange={(_, d) => setEdit({ ...edit, gender: (d.value || null) as Member['gender'] })}>
                    <option value="" />
                    <option value="male">{say('male')}</option>
                    <option value="female">{say('female')}</option>
                  </Select>
                </Field>
                <Field label={say('birthYear')}>
                  <Input value={edit.birthYear ? String(edit.birthYear) : ''} inputMode="numeric" style={{ width: 90 }}
                    onChange={(_, d) => setEdit({ ...edit, birthYear: d.value ? Number(d.value.replace(/\D/g, '').slice(0, 4)) : null })} />
                </Field>
                <Field label={say('joinedOn')}>
                  <Input value={edit.joinedOn ?? ''} style={{ width: 110 }} onChange={(_, d) => setEdit({ ...edit, joinedOn: d.value.trim() || null })} data-field="edit-member-joined" />
                </Field>
                <Field label={say('unitPost')}><Input value={edit.unitPost ?? ''} onChange={(_, d) => setEdit({ ...edit, unitPost: d.value })} data-field="edit-member-post" /></Field>
                <Field label={say('role')}>
                  <Select value={edit.role} onChange={(_, d) => setEdit({ ...edit, role: d.value })} data-field="edit-member-role">
                    {MEMBER_ROLES.map((r) => <option key={r} value={r}>{MEMBER_ROLE_LABELS[r][lang]}</option>)}
                  </Select>
                </Field>
              </div>
              <Button appearance="primary" onClick={save} disabled={busy || !edit.name.trim()} data-action="save-member" style={{ justifySelf: 'start' }}>{say('save')}</Button>
            </>
          )}
        </section>
      )}
    </div>
  );
}
