// The organisation tree: admins add, rename, move (a parent below itself is refused by the
// server, and the refusal is shown in words), set kind and sector; reviewers read their scope.
import { Button, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { LocalText, OrgKind } from '../../../../core/types';
import { ORG_KINDS } from '../../../../core/types';
import { wordsIn } from '../../i18n';
import { workspaceApi, type Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';

export const KIND_LABELS: Record<OrgKind, LocalText> = {
  committee: { zh: '党委', en: 'Committee' },
  general_branch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Branch' },
};

const WORDS = {
  tree: { zh: '组织树（点击选中）', en: 'Tree (click to select)' },
  none: { zh: '还没有党组织', en: 'No organisations yet' },
  edit: { zh: '修改“{name}”', en: 'Change “{name}”' },
  add: { zh: '新增党组织', en: 'Add an organisation' },
  addBelow: { zh: '在“{name}”下新增', en: 'Add below “{name}”' },
  name: { zh: '名称', en: 'Name' },
  kind: { zh: '类型', en: 'Kind' },
  sector: { zh: '行业/系统（可不填）', en: 'Sector (optional)' },
  parent: { zh: '上级党组织', en: 'Parent' },
  top: { zh: '（顶层）', en: '(top level)' },
  save: { zh: '保存', en: 'Save' },
  create: { zh: '新增', en: 'Add' },
  saved: { zh: '已保存“{name}”。', en: 'Saved “{name}”.' },
  created: { zh: '已新增“{name}”。', en: 'Added “{name}”.' },
} satisfies Record<string, LocalText>;

interface Draft {
  name: string;
  kind: OrgKind;
  sector: string;
  parentId: number | null;
}

/** The tree in display order, each organisation with its depth; orphans (parent out of scope) at the top. */
export function treeOrder(orgs: readonly Org[]): { org: Org; depth: number }[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<number | null, Org[]>();
  for (const o of orgs) {
    const parent = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  const out: { org: Org; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const o of children.get(parent) ?? []) {
      out.push({ org: o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function OrgsView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const api = session ? workspaceApi(session, lang) : null;
  const admin = session?.user.role === 'admin';
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [edit, setEdit] = useState<Draft | null>(null);
  const [fresh, setFresh] = useState<Draft>({ name: '', kind: 'branch', sector: '', parentId: null });
  const [busy, act] = useAction(pane);

  const load = () => api?.orgs().then(setOrgs, pane.fail);
  useEffect(() => void load(), [session]);
  if (!api) return null;

  const select = (o: Org) => {
    setSelected(o.id);
    setEdit({ name: o.name, kind: o.kind, sector: o.sector ?? '', parentId: o.parentId });
    setFresh((f) => ({ ...f, parentId: o.id }));
  };
  const current = orgs.find((o) => o.id === selected) ?? null;
  const tree = treeOrder(orgs);

  const save = () =>
    act(async () => {
      if (!current || !edit) return;
      const saved = await api.changeOrg(current.id, { name: edit.name.trim(), kind: edit.kind, sector: edit.sector.trim() || null, parentId: edit.parentId });
      await load();
      pane.notify({ kind: 'success', message: say('saved', { name: saved.name }) });
    });
  const create = () =>
    act(async () => {
      const made = await api.addOrg({ name: fresh.name.trim(), kind: fresh.kind, sector: fresh.sector.trim() || null, parentId: fresh.parentId });
      await load();
      setFresh((f) => ({ ...f, name: '', sector: '' }));
      select(made);
      pane.notify({ kind: 'success', message: say('created', { name: made.name }) });
    });

  const parentChoices = (self: number | null) => (
    <>
      {(session?.user.orgId === null) && <option value="">{say('top')}</option>}
      {tree.filter(({ org }) => org.id !== self).map(({ org, depth }) => (
        <option key={org.id} value={org.id}>{'　'.repeat(depth)}{org.name}</option>
      ))}
    </>
  );
  const fields = (draft: Draft, change: (d: Draft) => void, self: number | null, prefix: string) => (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
      <Field label={say('name')} required>
        <Input value={draft.name} onChange={(_, d) => change({ ...draft, name: d.value })} data-field={`${prefix}-name`} />
      </Field>
      <Field label={say('kind')}>
        <Select value={draft.kind} onChange={(_, d) => change({ ...draft, kind: d.value as OrgKind })} data-field={`${prefix}-kind`}>
          {ORG_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k][lang]}</option>)}
        </Select>
      </Field>
      <Field label={say('sector')}>
        <Input value={draft.sector} onChange={(_, d) => change({ ...draft, sector: d.value })} data-field={`${prefix}-sector`} style={{ width: 120 }} />
      </Field>
      <Field label={say('parent')}>
        <Select value={draft.parentId === null ? '' : String(draft.parentId)} data-field={`${prefix}-parent`}
          onChange={(_, d) => change({ ...draft, parentId: d.value ? Number(d.value) : null })}>
          {parentChoices(self)}
        </Select>
      </Field>
    </div>
  );

  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 900 }}>
      <section>
        <Text weight="semibold" block>{say('tree')}</Text>
        {tree.length === 0 && <Text>{say('none')}</Text>}
        <ul style={{ listStyle: 'none', paddingInlineStart: 0, margin: '4px 0' }} data-list="orgs">
          {tree.map(({ org, depth }) => (
            <li key={org.id} data-org={org.name} style={{ paddingInlineStart: depth * 20 }}>
              <Button appearance={org.id === selected ? 'primary' : 'subtle'} size="small" onClick={() => select(org)}>
                {org.name}
              </Button>{' '}
              <Text size={200} style={{ color: '#666' }}>{KIND_LABELS[org.kind][lang]}{org.sector && ` · ${org.sector}`}</Text>
            </li>
          ))}
        </ul>
      </section>
      {admin && current && edit && (
        <section style={{ display: 'grid', gap: 8 }} data-section="edit-org">
          <Text weight="semibold">{say('edit', { name: current.name })}</Text>
          {fields(edit, setEdit, current.id, 'edit')}
          <Button onClick={save} disabled={busy || !edit.name.trim()} data-action="save-org" style={{ justifySelf: 'start' }}>{say('save')}</Button>
        </section>
      )}
      {admin && (
        <section style={{ display: 'grid', gap: 8 }} data-section="add-org">
          <Text weight="semibold">{current ? say('addBelow', { name: current.name }) : say('add')}</Text>
          {fields(fresh, setFresh, null, 'new')}
          <Button appearance="primary" onClick={create} disabled={busy || !fresh.name.trim()} data-action="add-org" style={{ justifySelf: 'start' }}>{say('create')}</Button>
        </section>
      )}
    </div>
  );
}
