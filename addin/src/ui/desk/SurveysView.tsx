// 群众评议 by phone, for the reviewer of a higher organisation: open a survey of N ballots for an
// organisation below, download its printable slips, watch answered / unused and the tallies while
// residents answer (the list is read again every few seconds while the view is open), close it,
// and read the residents' comments. The server is the judge of scope and of who may open or close.
import { Button, Caption1, Checkbox, Field, Input, Link, Select, Subtitle2, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { LocalText } from '../../../../core/types';
import { callsFor, type OrgSummary } from '../../api';
import { fillIn, type Lang } from '../../i18n';
import { useAction, usePane } from '../pane';
import { saveAs } from '../web/FileDrop';

const WORDS = {
  signedOut: { zh: '登录后可发起和查看群众评议。', en: 'Sign in to open and follow public surveys.' },
  open: { zh: '发起手机评议', en: 'Open a phone survey' },
  organisation: { zh: '被评议的党组织', en: 'Organisation surveyed' },
  period: { zh: '评议期间（半年或全年）', en: 'Period (half-year or year)' },
  ballots: { zh: '评议票张数', en: 'Number of ballots' },
  closesOn: { zh: '截止日期', en: 'Closes on' },
  members: { zh: '同时评议该组织的党员', en: 'Also rate its members' },
  create: { zh: '发起评议', en: 'Open survey' },
  opened: { zh: '已发起评议，共 {n} 张评议票。', en: 'Survey opened with {n} ballots.' },
  list: { zh: '评议进展（每 {s} 秒自动刷新）', en: 'Surveys (refreshed every {s} s)' },
  none: { zh: '还没有手机评议。', en: 'No phone surveys yet.' },
  figures: { zh: '已答 {answered} 张 · 未用 {unused} 张 · 共 {ballots} 张', en: 'answered {answered} · unused {unused} · of {ballots}' },
  tally: { zh: '满意 {s} · 基本满意 {b} · 不满意 {u}', en: 'satisfied {s} · basically satisfied {b} · unsatisfied {u}' },
  closes: { zh: '{on} 截止', en: 'closes {on}' },
  closed: { zh: '已结束', en: 'Closed' },
  slips: { zh: '下载评议票', en: 'Download slips' },
  slipsReady: { zh: '评议票已生成：', en: 'The slips are ready:' },
  close: { zh: '结束评议', en: 'Close' },
  closedNow: { zh: '评议已结束。', en: 'The survey is closed.' },
  comments: { zh: '群众意见', en: 'Comments' },
  noComments: { zh: '暂无群众意见。', en: 'No comments yet.' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
} satisfies Record<string, LocalText>;

type Word = keyof typeof WORDS;
const say = (lang: Lang, word: Word, values: Record<string, string | number> = {}) => fillIn(WORDS[word][lang], values);

/** How often the list is read again while the view is open. */
export const POLL_SECONDS = 4;

interface Counts {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

interface Survey {
  id: number;
  orgId: number;
  period: string;
  ballots: number;
  answered: number;
  unused: number;
  counts: Counts;
  closesOn: string;
  closed: boolean;
  targets: { id: number; targetType: 'organization' | 'member'; name: string; counts: Counts }[];
}

interface Comment {
  about: string;
  answer: string;
  comment: string;
  createdAt: string;
}

/** The half-year now (2011-H1), the period a survey is most often for. */
export function currentHalf(today: Date): string {
  return `${today.getFullYear()}-H${today.getMonth() < 6 ? 1 : 2}`;
}

/** A day some weeks ahead, YYYY-MM-DD, as the default closing date. */
function daysAhead(today: Date, days: number): string {
  const d = new Date(today.getTime() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function surveyCalls(calls: ReturnType<typeof callsFor>) {
  return {
    list: async () => (await calls.json<{ items: Survey[] }>('GET', '/surveys?limit=200')).items,
    open: (s: { orgId: number; period: string; ballots: number; closesOn: string; members: boolean }) => calls.json<Survey>('POST', '/surveys', s),
    close: (id: number) => calls.json<Survey>('POST', `/surveys/${id}/close`),
    slips: (id: number) => calls.blob(`/surveys/${id}/ballots`),
    comments: async (id: number) => (await calls.json<{ items: Comment[] }>('GET', `/surveys/${id}/comments`)).items,
  };
}

export function SurveysView() {
  const pane = usePane();
  const { api, lang, session } = pane;
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [org, setOrg] = useState<number | null>(null);
  const [period, setPeriod] = useState(() => currentHalf(new Date()));
  const [ballots, setBallots] = useState('50');
  const [closesOn, setClosesOn] = useState(() => daysAhead(new Date(), 14));
  const [members, setMembers] = useState(false);
  const [surveys, setSurveys] = useState<Survey[] | null>(null);
  const [comments, setComments] = useState<Record<number, Comment[]>>({});
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const [busy, act] = useAction(pane);
  const calls = session ? surveyCalls(callsFor(session, lang)) : null;
  const ownOrg = session?.user.orgId ?? null;

  const load = useCallback(() => {
    if (!session) return;
    surveyCalls(callsFor(session, lang)).list().then(setSurveys, pane.fail);
  }, [session, lang]);

  useEffect(() => {
    api?.orgs().then((list) => {
      // A survey comes from above: the organisations below the user's own.
      const below = list.filter((o) => o.id !== ownOrg);
      setOrgs(below);
      setOrg((current) => current ?? below[0]?.id ?? null);
    }, pane.fail);
  }, [api, ownOrg]);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download.url)), [download]);
  if (!api || !calls) return <Caption1>{say(lang, 'signedOut')}</Caption1>;

  const nameOf = (id: number) => orgs.find((o) => o.id === id)?.name ?? `#${id}`;
  const count = Number(ballots);
  const canOpen = org !== null && /^\d{4}(-H[12])?$/.test(period.trim()) && Number.isInteger(count) && count >= 1 && /^\d{4}-\d{2}-\d{2}$/.test(closesOn);

  const openSurvey = () =>
    act(async () => {
      const opened = await calls.open({ orgId: org!, period: period.trim(), ballots: count, closesOn, members });
      pane.notify({ kind: 'success', message: say(lang, 'opened', { n: opened.ballots }) });
      load();
    });
  const slips = (s: Survey) =>
    act(async () => {
      const fileName = `评议票-${nameOf(s.orgId)}-${s.period}.xlsx`;
      const blob = await calls.slips(s.id);
      if (pane.host === 'web') saveAs(blob, fileName);
      else setDownload({ url: URL.createObjectURL(blob), fileName });
    });
  const close = (s: Survey) =>
    act(async () => {
      await calls.close(s.id);
      pane.notify({ kind: 'success', message: say(lang, 'closedNow') });
      load();
    });
  const readComments = (s: Survey) =>
    act(async () => {
      const items = await calls.comments(s.id);
      setComments((all) => ({ ...all, [s.id]: items }));
    });

  return (
    <div style={{ display: 'grid', gap: 10, maxWidth: 720 }} data-view="surveys">
      <section data-section="open" style={{ display: 'grid', gap: 6 }}>
        <Subtitle2 block>{say(lang, 'open')}</Subtitle2>
        <Field label={say(lang, 'organisation')}>
          <Select name="survey-org" value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))}>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select>
        </Field>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'start' }}>
          <Field label={say(lang, 'period')} hint="2011-H1 · 2011" style={{ flex: '1 1 140px' }}>
            <Input name="survey-period" value={period} onChange={(_, d) => setPeriod(d.value)} />
          </Field>
          <Field label={say(lang, 'ballots')} style={{ flex: '1 1 100px' }}>
            <Input name="survey-ballots" type="number" min={1} max={2000} value={ballots} onChange={(_, d) => setBallots(d.value)} />
          </Field>
          <Field label={say(lang, 'closesOn')} style={{ flex: '1 1 140px' }}>
            <Input name="survey-closes" type="date" value={closesOn} onChange={(_, d) => setClosesOn(d.value)} />
          </Field>
        </div>
        <Checkbox label={say(lang, 'members')} checked={members} onChange={(_, d) => setMembers(d.checked === true)} />
        <Button appearance="primary" onClick={openSurvey} disabled={busy || !canOpen} data-action="open-survey">
          {say(lang, 'create')}
        </Button>
      </section>

      <section data-section="surveys" style={{ display: 'grid', gap: 6 }}>
        <Subtitle2 block>{say(lang, 'list', { s: POLL_SECONDS })}</Subtitle2>
        {download && (
          <Caption1>
            {say(lang, 'slipsReady')} <Link href={download.url} download={download.fileName}>{download.fileName}</Link>
          </Caption1>
        )}
        {surveys !== null && surveys.length === 0 && <Caption1>{say(lang, 'none')}</Caption1>}
        {[...(surveys ?? [])].reverse().map((s) => (
          <div key={s.id} data-survey={s.id} style={{ display: 'grid', gap: 4, padding: 8, border: '1px solid #d1d1d1', borderRadius: 4, overflowWrap: 'anywhere' }}>
            <Text weight="semibold">{nameOf(s.orgId)} · {s.period}</Text>
            <Caption1>{s.closed ? say(lang, 'closed') : say(lang, 'closes', { on: s.closesOn })}</Caption1>
            <Text data-figures>{say(lang, 'figures', { answered: s.answered, unused: s.unused, ballots: s.ballots })}</Text>
            {s.targets.map((t) => (
              <Caption1 key={t.id} data-tally={t.targetType === 'organization' ? 'organization' : `member:${t.id}`}>
                {t.targetType === 'member' ? `${t.name}：` : ''}
                {say(lang, 'tally', { s: t.counts.satisfied, b: t.counts.basicallySatisfied, u: t.counts.unsatisfied })}
              </Caption1>
            ))}
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
              <Button size="small" onClick={() => slips(s)} disabled={busy} data-action="slips">{say(lang, 'slips')}</Button>
              <Button size="small" onClick={() => readComments(s)} disabled={busy} data-action="comments">{say(lang, 'comments')}</Button>
              {!s.closed && <Button size="small" onClick={() => close(s)} disabled={busy} data-action="close">{say(lang, 'close')}</Button>}
            </div>
            {comments[s.id] && (
              <div data-comments style={{ display: 'grid', gap: 2 }}>
                {comments[s.id].length === 0 && <Caption1>{say(lang, 'noComments')}</Caption1>}
                {comments[s.id].map((c, i) => (
                  <Caption1 key={i} data-comment>
                    {c.about} · {c.answer in WORDS ? say(lang, c.answer as Word) : c.answer}：{c.comment}
                  </Caption1>
                ))}
              </div>
            )}
          </div>
        ))}
      </section>
    </div>
  );
}
