// Accounts of the user's scope: create (login, name, password, role, organisation), change role
// or scope, disable or enable, reset a password (a new one is made and shown once, to pass on).
// Admins manage every account; reviewers those of their scope that are not admins.
import { Button, Checkbox, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { USER_ROLES, type LocalText } from '../../../../core/types';
import { wordsIn } from '../../i18n';
import { workspaceApi, type Account, type Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { ROLE_LABELS } from '../Workspace';
import { treeOrder } from './OrgsView';
import { Table } from './Table';

const WORDS = {
  list: { zh: '账号', en: 'Accounts' },
  login: { zh: '用户名', en: 'Login' },
  name: { zh: '姓名', en: 'Name' },
  role: { zh: '角色', en: 'Role' },
  org: { zh: '所属党组织', en: 'Organisation' },
  state: { zh: '状态', en: 'State' },
  active: { zh: '正常', en: 'active' },
  disabled: { zh: '已停用', en: 'disabled' },
  wholeTree: { zh: '（全部）', en: '(whole tree)' },
  pick: { zh: '选择要修改的账号', en: 'Account to change' },
  disable: { zh: '停用此账号', en: 'Disable this account' },
  save: { zh: '保存', en: 'Save' },
  reset: { zh: '重置密码', en: 'Reset password' },
  resetDone: { zh: '“{login}”的新密码：{password}（只显示这一次，请转告本人）', en: 'New password of “{login}”: {password} (shown only now; pass it on)' },
  saved: { zh: '已保存“{login}”。', en: 'Saved “{login}”.' },
  add: { zh: '新建账号', en: 'New account' },
  password: { zh: '初始密码（至少 8 位）', en: 'Initial password (8 or more characters)' },
  create: { zh: '新建', en: 'Create' },
  created: { zh: '已新建账号“{login}”。', en: 'Account “{login}” created.' },
} satisfies Record<string, LocalText>;

/** A password to hand over: 12 letters and digits, none that read alike (0/O, 1/l/I). */
function newPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...crypto.getRandomValues(new Uint32Array(12))].map((n) => letters[n % letters.length]).join('');
}

export function AccountsView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const api = session ? workspaceApi(session, lang) : null;
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [edit, setEdit] = useState<{ role: string; orgId: number | null; disabled: boolean } | null>(null);
  const [fresh, setFresh] = useState({ login: '', name: '', password: '', role: 'clerk', orgId: session?.user.orgId ?? null });
  const [busy, act] = useAction(pane);

  const load = () => api?.accounts().then(setAccounts, pane.fail);
  useEffect(() => {
    load();
    api?.orgs().then((list) => {
      setOrgs(list);
      setFresh((f) => ({ ...f, orgId: f.orgId ?? list[0]?.id ?? null }));
    }, pane.fail);
  }, [session]);
  if (!api || !session) return null;

  const roles = USER_ROLES.filter((r) => session.user.role === 'admin' || r !== 'admin');
  const orgName = (id: number | null) => (id === null ? say('wholeTree') : (orgs.find((o) => o.id === id)?.name ?? String(id)));
  const current = accounts.find((a) => a.id === selected) ?? null;
  const orgOptions = (
    <>
      {session.user.orgId === null && <option value="">{say('wholeTree')}</option>}
      {treeOrder(orgs).map(({ org, depth }) => <option key={org.id} value={org.id}>{'　'.repeat(depth)}{org.name}</option>)}
    </>
  );
  const choose = (id: number) => {
    const a = accounts.find((x) => x.id === id);
    setSelected(id);
    setEdit(a ? { role: a.role, orgId: a.orgId, disabled: a.disabled } : null);
  };

  const save = () =>
    act(async () => {
      if (!current || !edit) return;
      await api.changeAccount(current.id, edit);
      await load();
      pane.notify({ kind: 'success', message: say('saved', { login: current.login }) });
    });
  const reset = () =>
    act(async () => {
      if (!current) return;
      const password = newPassword();
      await api.changeAccount(current.id, { password });
      pane.notify({ kind: 'info', message: say('resetDone', { login: current.login, password }) });
    });
  const create = () =>
    act(async () => {
      const made = await api.addAccount({ ...fresh, login: fresh.login.trim(), name: fresh.name.trim() });
      await load();
      setFresh((f) => ({ ...f, login: '', name: '', password: '' }));
      pane.notify({ kind: 'success', message: say('created', { login: made.login }) });
    });

  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 900 }}>
      <Table caption={say('list')} data="accounts" head={[say('login'), say('name'), say('role'), say('org'), say('state')]}
        rows={accounts.map((a) => [a.login, a.name, ROLE_LABELS[a.role]?.[lang] ?? a.role, orgName(a.orgId), a.disabled ? say('disabled') : say('active')])} />

      {accounts.length > 0 && (
        <section style={{ display: 'grid', gap: 8 }} data-section="edit-account">
          <Field label={say('pick')} style={{ maxWidth: 360 }}>
            <Select value={selected === null ? '' : String(selected)} onChange={(_, d) => choose(Number(d.value))} data-field="account">
              <option value="" disabled />
              {accounts.map((a) => <option key={a.id} value={a.id}>{a.login} · {a.name}</option>)}
            </Select>
          </Field>
          {current && edit && (
            <>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
                <Field label={say('role')}>
                  <Select value={edit.role} onChange={(_, d) => setEdit({ ...edit, role: d.value })} data-field="edit-role">
                    {roles.map((r) => <option key={r} value={r}>{ROLE_LABELS[r][lang]}</option>)}
                  </Select>
                </Field>
                <Field label={say('org')}>
                  <Select value={edit.orgId === null ? '' : String(edit.orgId)} onChange={(_, d) => setEdit({ ...edit, orgId: d.value ? Number(d.value) : null })} data-field="edit-org">
                    {orgOptions}
                  </Select>
                </Field>
                <Checkbox checked={edit.disabled} onChange={(_, d) => setEdit({ ...edit, disabled: Boolean(d.checked) })} label={say('disable')} data-field="edit-disabled" />
              </div>
              <div style={{ display: 'flex', gap: 8 }}>
                <Button appearance="primary" onClick={save} disabled={busy} data-action="save-account">{say('save')}</Button>
                <Button onClick={reset} disabled={busy} data-action="reset-password">{say('reset')}</Button>
              </div>
            </>
          )}
        </section>
      )}

      <section style={{ display: 'grid', gap: 8 }} data-section="add-account">
        <Text weight="semibold">{say('add')}</Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
          <Field label={say('login')} required><Input value={fresh.login} onChange={(_, d) => setFresh({ ...fresh, login: d.value })} data-field="new-login" /></Field>
          <Field label={say('name')} required><Input value={fresh.name} onChange={(_, d) => setFresh({ ...fresh, name: d.value })} data-field="new-name" /></Field>
          <Field label={say('password')} required><Input type="password" value={fresh.password} onChange={(_, d) => setFresh({ ...fresh, password: d.value })} data-field="new-password" autoComplete="new-password" /></Field>
          <Field label={say('role')}>
            <Select value={fresh.role} onChange={(_, d) => setFresh({ ...fresh, role: d.value })} data-field="new-role">
              {roles.map((r) => <option key={r} value={r}>{ROLE_LABELS[r][lang]}</option>)}
            </Select>
          </Field>
          <Field label={say('org')}>
            <Select value={fresh.orgId === null ? '' : String(fresh.orgId)} onChange={(_, d) => setFresh({ ...fresh, orgId: d.value ? Number(d.value) : null })} data-field="new-org">
              {orgOptions}
            </Select>
          </Field>
        </div>
        <Button appearance="primary" onClick={create} disabled={busy || !fresh.login.trim() || !fresh.name.trim() || fresh.password.length < 8} data-action="add-account" style={{ justifySelf: 'start' }}>
          {say('create')}
        </Button>
      </section>
    </div>
  );
}
