// 公示与监督: for one organisation and year, what the public sees of it — its 创建目标, the
// 监督电话/邮箱 printed on the notice (only admins may change an organisation; anyone else is
// told the server's refusal), the live public page's address (made, shown, revoked), and the
// 公示 notice workbook itself.
import { Button, Caption1, Field, Input, Link, Text, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { LocalText } from '../../../../core/types';
import { fetchReport } from '../../actions/report';
import { callsFor } from '../../api';
import { wordsIn } from '../../i18n';
import { useAction, usePane } from '../pane';
import { OrgYearFields, useOrgYear } from '../OrgYear';
import { saveAs } from './FileDrop';

const WORDS = {
  goalTitle: { zh: '创建目标', en: 'Founding goal (创建目标)' },
  goalHint: { zh: '印在承诺书上，并显示在公开页面', en: 'Printed on the pledge form and shown on the public page' },
  saveGoal: { zh: '保存创建目标', en: 'Save the goal' },
  goalSaved: { zh: '已保存{year}年度创建目标。', en: 'Saved the founding goal for {year}.' },
  contactTitle: { zh: '监督电话/邮箱', en: 'Supervision phone and email' },
  contactHint: { zh: '印在公示落款；只有管理员可以修改', en: 'Printed at the foot of the notice; only an admin may change it' },
  phone: { zh: '监督电话', en: 'Phone' },
  email: { zh: '监督邮箱', en: 'Email' },
  saveContact: { zh: '保存监督电话/邮箱', en: 'Save phone and email' },
  contactSaved: { zh: '已保存监督电话/邮箱。', en: 'Saved the phone and email.' },
  linkTitle: { zh: '公开页面（群众扫码查看）', en: 'Public page (residents scan the QR code)' },
  noLink: { zh: '还没有公开链接。', en: 'No public link yet.' },
  createLink: { zh: '生成公开链接', en: 'Create the public link' },
  linkCreated: { zh: '公开链接已生成。', en: 'The public link is live.' },
  open: { zh: '打开公开页面', en: 'Open the public page' },
  revoke: { zh: '撤销链接', en: 'Revoke the link' },
  revoked: { zh: '链接已撤销，公开页面已下线；下次打印公示会生成新地址。', en: 'Revoked: the page is offline; the next notice printed gets a new address.' },
  noticeTitle: { zh: '公示表', en: 'Public notice workbook' },
  download: { zh: '下载公示表', en: 'Download the notice' },
  inserted: { zh: '已插入 {n} 个工作表。', en: 'Inserted {n} sheet(s).' },
} satisfies Record<string, LocalText>;

interface Link {
  id: number;
  orgId: number;
  year: number;
  url: string;
  revokedAt: string | null;
}

interface OrgContact {
  supervisionPhone: string | null;
  supervisionEmail: string | null;
}

const box = { display: 'grid', gap: 6, minWidth: 0 } as const;
/** Fluent's inputs keep a minimum width of their own; these take their field's width instead. */
const fill = { minWidth: 0, width: '100%' } as const;

export function PublicView() {
  const pane = usePane();
  const { lang, session, api } = pane;
  const say = wordsIn(WORDS, lang);
  const choice = useOrgYear();
  const { org, year, y, yearOk } = choice;
  const [goal, setGoal] = useState('');
  const [contact, setContact] = useState<OrgContact>({ supervisionPhone: null, supervisionEmail: null });
  const [link, setLink] = useState<Link | null>(null);
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const [busy, act] = useAction(pane);
  const calls = session ? callsFor(session, lang) : null;

  // What the chosen organisation shows for the chosen year.
  useEffect(() => {
    if (!calls || org === null || !yearOk) return;
    calls.json<{ items: { year: number; goal: string }[] }>('GET', `/orgs/${org}/goals`)
      .then((g) => setGoal(g.items.find((i) => i.year === y)?.goal ?? ''), pane.fail);
    calls.json<OrgContact>('GET', `/orgs/${org}`).then(setContact, pane.fail);
    calls.json<{ items: Link[] }>('GET', `/public-links?org=${org}&year=${y}`)
      .then((l) => setLink(l.items.find((i) => i.orgId === org && i.revokedAt === null) ?? null), pane.fail);
  }, [session, org, year]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download.url)), [download]);
  if (!api || !calls) return null;

  const saveGoal = () =>
    act(async () => {
      await calls.json('PUT', `/orgs/${org}/goals/${y}`, { goal: goal.trim() });
      pane.notify({ kind: 'success', message: say('goalSaved', { year: y }) });
    });
  const saveContact = () =>
    act(async () => {
      const saved = await calls.json<OrgContact>('PATCH', `/orgs/${org}`, {
        supervisionPhone: contact.supervisionPhone?.trim() || null,
        supervisionEmail: contact.supervisionEmail?.trim() || null,
      });
      setContact(saved);
      pane.notify({ kind: 'success', message: say('contactSaved') });
    });
  const createLink = () =>
    act(async () => {
      setLink(await calls.json<Link>('POST', '/public-links', { orgId: org, year: y }));
      pane.notify({ kind: 'success', message: say('linkCreated') });
    });
  const revoke = () =>
    act(async () => {
      if (!link) return;
      await calls.json<Link>('POST', `/public-links/${link.id}/revoke`);
      setLink(null);
      pane.notify({ kind: 'success', message: say('revoked') });
    });
  const notice = () =>
    act(async () => {
      if (org === null) return;
      setDownload(null);
      const answer = await fetchReport(api, 'notice', org, String(y));
      if ('inserted' in answer) pane.notify({ kind: 'success', message: say('inserted', { n: answer.inserted.length }) });
      else if (pane.host === 'web') saveAs(answer.download, answer.fileName);
      else setDownload({ url: URL.createObjectURL(answer.download), fileName: answer.fileName });
    });

  const ready = !busy && org !== null && yearOk;
  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 720, minWidth: 0 }}>
      <OrgYearFields choice={choice} name="public" />

      <section style={box} data-section="goal">
        <Text weight="semibold">{say('goalTitle')}</Text>
        <Field hint={say('goalHint')}>
          <Textarea value={goal} onChange={(_, d) => setGoal(d.value)} rows={3} resize="vertical" data-field="goal" />
        </Field>
        <Button onClick={saveGoal} disabled={!ready || !goal.trim()} data-action="save-goal" style={{ justifySelf: 'start' }}>{say('saveGoal')}</Button>
      </section>

      <section style={box} data-section="contact">
        <Text weight="semibold">{say('contactTitle')}</Text>
        <Caption1>{say('contactHint')}</Caption1>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Field label={say('phone')} style={{ flex: '1 1 140px', minWidth: 0 }}>
            <Input value={contact.supervisionPhone ?? ''} onChange={(_, d) => setContact({ ...contact, supervisionPhone: d.value })} data-field="phone" style={fill} />
          </Field>
          <Field label={say('email')} style={{ flex: '1 1 180px', minWidth: 0 }}>
            <Input value={contact.supervisionEmail ?? ''} onChange={(_, d) => setContact({ ...contact, supervisionEmail: d.value })} data-field="email" style={fill} />
          </Field>
        </div>
        <Button onClick={saveContact} disabled={!ready} data-action="save-contact" style={{ justifySelf: 'start' }}>{say('saveContact')}</Button>
      </section>

      <section style={box} data-section="link">
        <Text weight="semibold">{say('linkTitle')}</Text>
        {link ? (
          <>
            <Text data-field="public-url" style={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>{link.url}</Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <Link href={link.url} target="_blank" rel="noreferrer" data-action="open-public">{say('open')}</Link>
              <Button onClick={revoke} disabled={!ready} data-action="revoke-link">{say('revoke')}</Button>
            </div>
          </>
        ) : (
          <>
            <Caption1>{say('noLink')}</Caption1>
            <Button appearance="primary" onClick={createLink} disabled={!ready} data-action="create-link" style={{ justifySelf: 'start' }}>{say('createLink')}</Button>
          </>
        )}
      </section>

      <section style={box} data-section="notice">
        <Text weight="semibold">{say('noticeTitle')}</Text>
        <Button onClick={notice} disabled={!ready} data-action="download-notice" style={{ justifySelf: 'start' }}>{say('download')}</Button>
        {download && <Link href={download.url} download={download.fileName}>{say('download')}</Link>}
      </section>
    </div>
  );
}
