// The county's scheme (方案, DESIGN §4) and its comment duties (点评责任), for admins: pick a
// top-level organisation, set in plain words who reviews ordinary members, how often leaders
// comment and the masses survey, which categories are in use and the 提诺 deadline; then list,
// add and remove the duties that say which leader comments on which organisation or member.
import { Button, Checkbox, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { CATEGORIES, type LocalText } from '../../../../core/types';
import { CATEGORY_LABELS } from '../../../../core/category';
import { wordsIn } from '../../i18n';
import { workspaceApi, type Account, type CommentDuty, type Member, type Org, type Scheme } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { treeOrder } from './OrgsView';

const WORDS = {
  county: { zh: '顶层党组织（县）', en: 'Top-level organisation (county)' },
  scheme: { zh: '方案', en: 'Scheme' },
  memberReview: { zh: '普通党员的承诺由', en: "An ordinary member's commitments are approved by" },
  branch: { zh: '本支部审定（附件2）', en: 'their own branch (Annex 2)' },
  above: { zh: '上级党组织审定', en: 'the organisation above' },
  commentCadence: { zh: '领导点评', en: 'Leader comments' },
  quarter: { zh: '每季度', en: 'every quarter' },
  half: { zh: '每半年', en: 'every half year' },
  year: { zh: '每年', en: 'every year' },
  surveyCadence: { zh: '群众评议', en: 'Public survey' },
  categories: { zh: '使用的承诺类别', en: 'Categories in use' },
  proposeBy: { zh: '提诺截止（月-日，可空）', en: 'Proposals due by (MM-DD, may be empty)' },
  save: { zh: '保存方案', en: 'Save the scheme' },
  saved: { zh: '已保存“{org}”的方案。', en: 'Scheme of “{org}” saved.' },
  badDate: { zh: '提诺截止应如 03-31', en: 'The proposal deadline reads like 03-31' },
  duties: { zh: '点评责任（指定的联系点、分管单位）', en: 'Comment duties (assigned contact points and units)' },
  noDuties: { zh: '尚未指定点评责任；各支部审核人默认点评本支部党员，党委、党总支审核人默认点评下一级党组织。', en: 'No duties assigned; by default a branch reviewer comments on its members, and a committee’s on the organisations below.' },
  remove: { zh: '删除', en: 'Remove' },
  removed: { zh: '已删除点评责任：{duty}', en: 'Comment duty removed: {duty}' },
  add: { zh: '新增点评责任', en: 'New comment duty' },
  reviewer: { zh: '点评人（账号）', en: 'Reviewer (account)' },
  targetOrg: { zh: '点评对象所在党组织', en: 'Organisation of the target' },
  targetMember: { zh: '点评对象', en: 'Target' },
  wholeOrg: { zh: '（该党组织本身）', en: '(the organisation itself)' },
  create: { zh: '新增', en: 'Add' },
  added: { zh: '已新增点评责任：{duty}', en: 'Comment duty added: {duty}' },
} satisfies Record<string, LocalText>;

const COMMENTERS = ['admin', 'reviewer'];

/** The organisations at the top of what the user sees: those whose parent is not in the list. */
function topLevel(orgs: readonly Org[]): Org[] {
  const ids = new Set(orgs.map((o) => o.id));
  return orgs.filter((o) => o.parentId === null || !ids.has(o.parentId));
}

/** The ids of an organisation and everything below it. */
function subtree(orgs: readonly Org[], root: number): Set<number> {
  const ids = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of orgs) if (o.parentId !== null && ids.has(o.parentId) && !ids.has(o.id)) ids.add(o.id), (grew = true);
  }
  return ids;
}

export function SchemeView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const api = session ? workspaceApi(session, lang) : null;
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [county, setCounty] = useState<number | null>(null);
  const [scheme, setScheme] = useState<Scheme | null>(null);
  const [duties, setDuties] = useState<CommentDuty[]>([]);
  const [fresh, setFresh] = useState<{ userId: number | null; orgId: number | null; memberId: number | null }>({ userId: null, orgId: null, memberId: null });
  const [members, setMembers] = useState<Member[]>([]);
  const [busy, act] = useAction(pane);

  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setCounty((c) => c ?? topLevel(list)[0]?.id ?? null);
    }, pane.fail);
    api?.accounts().then(setAccounts, pane.fail);
  }, [session]);

  const inCounty = county === null ? new Set<number>() : subtree(orgs, county);
  const commenters = accounts.filter((a) => COMMENTERS.includes(a.role) && !a.disabled && (a.orgId === null || inCounty.has(a.orgId)));

  // The county's assigned duties: every commenter's, those whose target lies in the county.
  const loadDuties = async () => {
    if (!api || county === null) return;
    const lists = await Promise.all(commenters.map((a) => api.duties(a.id)));
    setDuties(lists.flat().filter((d) => d.source === 'assigned' && inCounty.has(d.orgId)));
  };
  useEffect(() => {
    if (!api || county === null) return;
    api.scheme(county).then(({ orgId: _, ...s }) => setScheme(s), pane.fail);
    setFresh({ userId: null, orgId: county, memberId: null });
  }, [county]);
  useEffect(() => {
    loadDuties().catch(pane.fail);
  }, [county, accounts]);
  useEffect(() => {
    setMembers([]);
    if (api && fresh.orgId !== null) api.members(fresh.orgId, '').then((page) => setMembers(page.items), pane.fail);
  }, [fresh.orgId]);
  if (!api || !session) return null;

  const orgName = (id: number) => orgs.find((o) => o.id === id)?.name ?? String(id);
  const userName = (id: number) => {
    const a = accounts.find((x) => x.id === id);
    return a ? `${a.name}（${a.login}）` : String(id);
  };
  const dutyText = (d: { userId: number; targetName: string }) => `${userName(d.userId)} — ${d.targetName}`;

  const save = () =>
    act(async () => {
      if (county === null || !scheme) return;
      const proposeBy = scheme.proposeBy?.trim() || null;
      if (proposeBy !== null && !/^\d{2}-\d{2}$/.test(proposeBy)) {
        pane.notify({ kind: 'warning', message: say('badDate') });
        return;
      }
      const { orgId: _, ...stored } = await api.saveScheme(county, { ...scheme, proposeBy });
      setScheme(stored);
      pane.notify({ kind: 'success', message: say('saved', { org: orgName(county) }) });
    });
  const add = () =>
    act(async () => {
      if (fresh.userId === null || fresh.orgId === null) return;
      const target = fresh.memberId === null ? { targetType: 'organization', targetId: fresh.orgId } : { targetType: 'member', targetId: fresh.memberId };
      await api.addDuty({ userId: fresh.userId, ...target });
      await loadDuties();
      const name = fresh.memberId === null ? orgName(fresh.orgId) : (members.find((m) => m.id === fresh.memberId)?.name ?? '');
      pane.notify({ kind: 'success', message: say('added', { duty: dutyText({ userId: fresh.userId, targetName: name }) }) });
    });
  const remove = (d: CommentDuty) =>
    act(async () => {
      if (d.id === null) return;
      await api.removeDuty(d.id);
      await loadDuties();
      pane.notify({ kind: 'success', message: say('removed', { duty: dutyText(d) }) });
    });

  const set = (change: Partial<Scheme>) => scheme && setScheme({ ...scheme, ...change });
  const choice = <K extends keyof Scheme>(key: K, options: string[]) => (
    <Field label={say(key as keyof typeof WORDS)}>
      <Select value={String(scheme?.[key] ?? '')} onChange={(_, d) => set({ [key]: d.value } as Partial<Scheme>)} data-field={key}>
        {options.map((o) => <option key={o} value={o}>{say(o as keyof typeof WORDS)}</option>)}
      </Select>
    </Field>
  );

  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 900, minWidth: 0 }}>
      <Field label={say('county')} style={{ maxWidth: 360 }}>
        <Select value={county === null ? '' : String(county)} onChange={(_, d) => setCounty(Number(d.value))} data-field="county">
          {topLevel(orgs).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </Select>
      </Field>

      {scheme && (
        <section style={{ display: 'grid', gap: 8 }} data-section="scheme">
          <Text weight="semibold">{say('scheme')}</Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
            {choice('memberReview', ['branch', 'above'])}
            {choice('commentCadence', ['quarter', 'half'])}
            {choice('surveyCadence', ['half', 'year'])}
            <Field label={say('proposeBy')}>
              <Input value={scheme.proposeBy ?? ''} placeholder="03-31" onChange={(_, d) => set({ proposeBy: d.value })} data-field="proposeBy" style={{ width: 120 }} />
            </Field>
          </div>
          <Field label={say('categories')}>
            <div style={{ display: 'flex', flexWrap: 'wrap' }}>
              {CATEGORIES.map((c) => (
                <Checkbox key={c} label={CATEGORY_LABELS[c][lang]} checked={scheme.categories.includes(c)} data-category={c}
                  onChange={(_, d) => set({ categories: d.checked ? [...scheme.categories, c] : scheme.categories.filter((x) => x !== c) })} />
              ))}
            </div>
          </Field>
          <Button appearance="primary" onClick={save} disabled={busy} data-action="save-scheme" style={{ justifySelf: 'start' }}>{say('save')}</Button>
        </section>
      )}

      <section style={{ display: 'grid', gap: 6 }} data-section="duties">
        <Text weight="semibold">{say('duties')}</Text>
        {duties.length === 0 && <Text size={200}>{say('noDuties')}</Text>}
        <ul style={{ margin: 0, paddingLeft: 18 }} data-list="duties">
          {duties.map((d) => (
            <li key={d.id} data-duty={dutyText(d)} style={{ overflowWrap: 'anywhere' }}>
              {dutyText(d)}{' '}
              <Button size="small" appearance="subtle" onClick={() => remove(d)} disabled={busy} data-action="remove-duty">{say('remove')}</Button>
            </li>
          ))}
        </ul>
      </section>

      <section style={{ display: 'grid', gap: 8 }} data-section="add-duty">
        <Text weight="semibold">{say('add')}</Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
          <Field label={say('reviewer')} style={{ maxWidth: '100%' }}>
            <Select value={fresh.userId === null ? '' : String(fresh.userId)} onChange={(_, d) => setFresh({ ...fresh, userId: Number(d.value) })} data-field="duty-user">
              <option value="" disabled />
              {commenters.map((a) => <option key={a.id} value={a.id}>{a.login} · {a.name}</option>)}
            </Select>
          </Field>
          <Field label={say('targetOrg')} style={{ maxWidth: '100%' }}>
            <Select value={fresh.orgId === null ? '' : String(fresh.orgId)} onChange={(_, d) => setFresh({ ...fresh, orgId: Number(d.value), memberId: null })} data-field="duty-org">
              {treeOrder(orgs.filter((o) => inCounty.has(o.id))).map(({ org, depth }) => <option key={org.id} value={org.id}>{'　'.repeat(depth)}{org.name}</option>)}
            </Select>
          </Field>
          <Field label={say('targetMember')} style={{ maxWidth: '100%' }}>
            <Select value={fresh.memberId === null ? '' : String(fresh.memberId)} onChange={(_, d) => setFresh({ ...fresh, memberId: d.value ? Number(d.value) : null })} data-field="duty-member">
              <option value="">{say('wholeOrg')}</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </Select>
          </Field>
        </div>
        <Button appearance="primary" onClick={add} disabled={busy || fresh.userId === null || fresh.orgId === null} data-action="add-duty" style={{ justifySelf: 'start' }}>{say('create')}</Button>
      </section>
    </div>
  );
}
