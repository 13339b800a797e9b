// 述诺与互评: for one organisation and one quarter, the clerk sees each member with whether this
// quarter's 述诺 (self_report) and 互评 (peer) are recorded, types a member's 述诺 and saves it, and
// records a 互评 of a member. The server judges scope and refuses anyone rating themselves; its
// words go to the notice.
import { Button, Caption1, Field, Input, Select, Subtitle2, Text, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ANNUAL_RATINGS, type LocalText } from '../../../../core/types';
import { RATING_LABELS } from '../../../../core/evaluation';
import { callsFor } from '../../api';
import { fillIn, type Lang } from '../../i18n';
import { workspaceApi, type Member, type Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';

const WORDS = {
  signedOut: { zh: '登录后可录入述诺和互评。', en: 'Sign in to record reports and peer reviews.' },
  org: { zh: '党组织', en: 'Organisation' },
  quarter: { zh: '季度', en: 'Quarter' },
  members: { zh: '党员（{n} 名）', en: 'Members ({n})' },
  none: { zh: '该党组织还没有党员。', en: 'This organisation has no members yet.' },
  report: { zh: '述诺', en: 'Report' },
  peer: { zh: '互评', en: 'Peer review' },
  done: { zh: '已录', en: 'recorded' },
  missing: { zh: '未录', en: 'missing' },
  reportText: { zh: '述诺内容（党员述承诺践行情况）', en: "Report (the member's account of their commitments)" },
  peerText: { zh: '互评意见', en: 'Peer review' },
  saveReport: { zh: '保存述诺', en: 'Save report' },
  savePeer: { zh: '保存互评', en: 'Save peer review' },
  savedReport: { zh: '已保存“{name}”的述诺。', en: 'Saved the report of “{name}”.' },
  lacking: { zh: '本季度未录{what}：{names}', en: 'No {what} this quarter: {names}' },
  rating: { zh: '评定（可不选）', en: 'Rating (optional)' },
  noRating: { zh: '不评定', en: 'No rating' },
  savedPeer: { zh: '已保存对“{name}”的互评。', en: 'Saved the peer review of “{name}”.' },
} satisfies Record<string, LocalText>;

type Word = keyof typeof WORDS;
const say = (lang: Lang, word: Word, values: Record<string, string | number> = {}) => fillIn(WORDS[word][lang], values);

type Kind = 'self_report' | 'peer';

interface EvaluationItem {
  id: number;
  kind: string;
  targetType: string;
  targetId: number;
  period: string;
}

/** The quarter now, as the API writes it (2011-Q2). */
export function currentQuarter(today: Date): string {
  return `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`;
}

const QUARTER = /^\d{4}-Q[1-4]$/;

export function MemberReportsView() {
  const pane = usePane();
  const { lang, session } = pane;
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [org, setOrg] = useState<number | null>(session?.user.orgId ?? null);
  const [quarter, setQuarter] = useState(() => currentQuarter(new Date()));
  const [members, setMembers] = useState<Member[]>([]);
  const [recorded, setRecorded] = useState<Record<Kind, Set<number>>>({ self_report: new Set(), peer: new Set() });
  const [texts, setTexts] = useState<Record<string, string>>({});
  /** The rating chosen for each member's 互评, by member id; none when absent. */
  const [ratings, setRatings] = useState<Record<number, string>>({});
  const [busy, act] = useAction(pane);
  const api = session ? workspaceApi(session, lang) : null;
  const calls = session ? callsFor(session, lang) : null;

  const readRecorded = async (kind: Kind, org: number, period: string) => {
    const page = await calls!.json<{ items: EvaluationItem[] }>('GET', `/evaluations?org=${org}&kind=${kind}&period=${period}&limit=1000`);
    return new Set(page.items.filter((e) => e.targetType === 'member').map((e) => e.targetId));
  };
  const load = () => {
    if (!api || org === null) return;
    api.members(org, '').then((page) => setMembers(page.items), pane.fail);
    if (!QUARTER.test(quarter)) return;
    Promise.all([readRecorded('self_report', org, quarter), readRecorded('peer', org, quarter)]).then(
      ([self_report, peer]) => setRecorded({ self_report, peer }),
      pane.fail,
    );
  };

  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [session]);
  useEffect(load, [org, quarter, session]);
  if (!api || !calls) return <Caption1>{say(lang, 'signedOut')}</Caption1>;

  const key = (kind: Kind, member: number) => `${kind}:${member}`;
  const save = (kind: Kind, m: Member) =>
    act(async () => {
      const text = (texts[key(kind, m.id)] ?? '').trim();
      const rating = kind === 'peer' ? ratings[m.id] || null : null;
      await calls.json('POST', '/evaluations', { kind, targetType: 'member', targetId: m.id, period: quarter, text, rating });
      if (kind === 'peer') setRatings((all) => ({ ...all, [m.id]: '' }));
      setTexts((all) => ({ ...all, [key(kind, m.id)]: '' }));
      pane.notify({ kind: 'success', message: say(lang, kind === 'peer' ? 'savedPeer' : 'savedReport', { name: m.name }) });
      load();
    });
  const colon = lang === 'zh' ? '：' : ': ';
  const mark = (kind: Kind, m: Member) => (recorded[kind].has(m.id) ? say(lang, 'done') : say(lang, 'missing'));

  return (
    <div style={{ display: 'grid', gap: 10, maxWidth: 720 }} data-view="member-reports">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'start' }}>
        <Field label={say(lang, 'org')} style={{ flex: '2 1 180px', minWidth: 0 }}>
          <Select name="reports-org" value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))}>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select>
        </Field>
        <Field label={say(lang, 'quarter')} hint="2011-Q2" style={{ flex: '1 1 100px', minWidth: 0 }}>
          <Input name="reports-quarter" style={{ minWidth: 0 }} value={quarter} onChange={(_, d) => setQuarter(d.value.trim())} />
        </Field>
      </div>
      <Subtitle2 block>{say(lang, 'members', { n: members.length })}</Subtitle2>
      {members.length === 0 && <Caption1>{say(lang, 'none')}</Caption1>}
      {(['self_report', 'peer'] as const).map((kind) => {
        const lacking = members.filter((m) => !recorded[kind].has(m.id)).map((m) => m.name);
        if (lacking.length === 0) return null;
        const what = say(lang, kind === 'peer' ? 'peer' : 'report');
        return <Caption1 key={kind} data-lacking={kind}>{say(lang, 'lacking', { what: lang === 'zh' ? what : what.toLowerCase(), names: lacking.join(lang === 'zh' ? '、' : ', ') })}</Caption1>;
      })}
      {members.map((m) => (
        <section key={m.id} data-member={m.id} style={{ display: 'grid', gap: 6, padding: 8, border: '1px solid #d1d1d1', borderRadius: 4, overflowWrap: 'anywhere' }}>
          <Text weight="semibold">{m.name}</Text>
          <Caption1 data-status>
            {say(lang, 'report')}{colon}<span data-has="self_report">{mark('self_report', m)}</span> · {say(lang, 'peer')}{colon}<span data-has="peer">{mark('peer', m)}</span>
          </Caption1>
          {(['self_report', 'peer'] as const).map((kind) => (
            <div key={kind} style={{ display: 'grid', gap: 4 }}>
              <Field label={say(lang, kind === 'peer' ? 'peerText' : 'reportText')}>
                <Textarea
                  name={`${kind}-${m.id}`}
                  value={texts[key(kind, m.id)] ?? ''}
                  onChange={(_, d) => setTexts((all) => ({ ...all, [key(kind, m.id)]: d.value }))}
                />
              </Field>
              {kind === 'peer' && (
                <Field label={say(lang, 'rating')}>
                  <Select name={`rating-${m.id}`} value={ratings[m.id] ?? ''} onChange={(_, d) => setRatings((all) => ({ ...all, [m.id]: d.value }))}>
                    <option value="">{say(lang, 'noRating')}</option>
                    {ANNUAL_RATINGS.map((r) => <option key={r} value={r}>{lang === 'zh' ? RATING_LABELS[r] : r.replace('_', ' ')}</option>)}
                  </Select>
                </Field>
              )}
              <Button
                data-action={`save-${kind}`}
                disabled={busy || !QUARTER.test(quarter) || !(texts[key(kind, m.id)] ?? '').trim()}
                onClick={() => save(kind, m)}
                style={{ justifySelf: 'start' }}
              >
                {say(lang, kind === 'peer' ? 'savePeer' : 'saveReport')}
              </Button>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
