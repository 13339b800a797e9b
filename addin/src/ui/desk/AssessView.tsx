// 评诺 and 考诺 for a leader: whom I still have to comment on this period (my comment duties), the
// paper 群众评议 tallies of the organisations below (TalliesSection), the year's rating grid with
// commendation candidates and proposed rectifications, and the year's rectifications.
import { Badge, Body1, Button, Caption1, Checkbox, Field, Input, Select, Spinner, Subtitle2, Textarea } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { LocalText } from '../../../../core/types';
import type { DutyItem, RatingRow, RectificationItem } from '../../api';
import type { Lang } from '../../i18n';
import { useAction, usePane } from '../pane';
import { say } from './words';
import { TalliesSection } from './TalliesSection';

/** Annual ratings on the subject's scale: members 优秀…不合格, organisations 好…差. */
const SCALES: Record<RatingRow['targetType'], Array<[code: string, label: LocalText]>> = {
  member: [
    ['excellent', { zh: '优秀', en: 'Excellent' }],
    ['qualified', { zh: '合格', en: 'Qualified' }],
    ['basically_qualified', { zh: '基本合格', en: 'Basically qualified' }],
    ['unqualified', { zh: '不合格', en: 'Unqualified' }],
  ],
  organization: [
    ['good', { zh: '好', en: 'Good' }],
    ['fairly_good', { zh: '较好', en: 'Fairly good' }],
    ['average', { zh: '一般', en: 'Average' }],
    ['poor', { zh: '差', en: 'Poor' }],
  ],
};

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

export function AssessView() {
  const pane = usePane();
  const { api, lang, session } = pane;
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [duties, setDuties] = useState<{ period: string; items: DutyItem[] } | null>(null);
  const [grid, setGrid] = useState<RatingRow[] | null>(null);
  const [rules, setRules] = useState<string[]>([]);
  const [rectifications, setRectifications] = useState<RectificationItem[]>([]);
  const [busy, act] = useAction(pane);

  const orgId = session?.user.orgId ?? null;
  const load = useCallback(() => {
    if (!api) return;
    api.commentDuties().then((d) => setDuties({ period: d.period, items: d.items.filter((i) => i.commentedAt === null) }), pane.fail);
    if (/^\d{4}$/.test(year) && orgId !== null) {
      api.ratings(orgId, Number(year)).then((g) => {
        setGrid([...g.organizations, ...g.members]);
        setRules([g.rules.commendation, g.rules.rectification]);
      }, pane.fail);
      api.rectifications(Number(year)).then((r) => setRectifications(r.items), pane.fail);
    }
  }, [api, year, orgId]);
  useEffect(load, [load]);
  if (!api) return <Caption1>{say(lang, 'signedOut')}</Caption1>;

  const done = (message: string) => {
    pane.notify({ kind: 'success', message });
    load();
  };
  return (
    <div style={{ display: 'grid', gap: 10 }} data-view="assess">
      <section data-section="comments">
        <Subtitle2 block>{say(lang, 'commentsDue', { period: duties?.period ?? '' })}</Subtitle2>
        {duties === null ? (
          <Spinner size="tiny" />
        ) : duties.items.length === 0 ? (
          <Caption1>{say(lang, 'noCommentsDue')}</Caption1>
        ) : (
          duties.items.map((d) => (
            <CommentLine key={`${d.targetType}:${d.targetId}`} duty={d} busy={busy} lang={lang}
              onSave={(text, shown) => act(async () => {
                await api.comment(d.targetType, d.targetId, duties.period, text, shown);
                done(say(lang, 'commented', { name: d.targetName ?? '' }));
              })}
            />
          ))
        )}
      </section>

      <TalliesSection />

      <section data-section="ratings" style={{ display: 'grid', gap: 6 }}>
        <div style={{ display: 'flex', gap: 8, alignItems: 'end' }}>
          <Subtitle2>{say(lang, 'ratingGrid')}</Subtitle2>
          <Field label={say(lang, 'ratingYear')} style={{ width: 90 }}>
            <Input name="rating-year" value={year} onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} />
          </Field>
        </div>
        {rules.map((r) => <Caption1 key={r} block>{r}</Caption1>)}
        {grid === null ? (
          <Spinner size="tiny" />
        ) : (
          grid.map((row) => (
            <RatingLine key={`${row.targetType}:${row.targetId}`} row={row} year={Number(year)} busy={busy} lang={lang}
              onRate={(rating) => act(async () => {
                await api.rate(row.targetType, row.targetId, Number(year), rating);
                done(say(lang, 'rated', { name: row.name }));
              })}
              onRectify={(dueOn) => act(async () => {
                await api.rectify({ targetType: row.targetType, targetId: row.targetId, year: Number(year), issue: row.proposeRectification.join('；'), dueOn });
                done(say(lang, 'rectified', { name: row.name }));
              })}
            />
          ))
        )}
      </section>

      <section data-section="rectifications">
        <Subtitle2 block>{say(lang, 'rectifications')}</Subtitle2>
        {rectifications.length === 0 && <Caption1>{say(lang, 'none')}</Caption1>}
        {rectifications.map((r) => (
          <div key={r.id} data-rectification={r.id} style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
            <Body1>{r.targetName}</Body1>
            <Caption1>{r.issue}</Caption1>
            <Caption1>{say(lang, 'dueOn')} {r.dueOn}</Caption1>
            <Badge appearance="tint" color={r.status === 'done' ? 'success' : r.overdue ? 'danger' : 'warning'}>
              {say(lang, r.status === 'done' ? 'done' : r.overdue ? 'overdue' : 'open')}
            </Badge>
          </div>
        ))}
      </section>
    </div>
  );
}

/** A comment goes on the public page (亮点评) only when its author ticks this. */
const PUBLIC_COMMENT: LocalText = { zh: '公开', en: 'Public' };

function CommentLine({ duty, busy, lang, onSave }: { duty: DutyItem; busy: boolean; lang: Lang; onSave(text: string, shown: boolean): void }) {
  const [text, setText] = useState('');
  const [shown, setShown] = useState(false);
  return (
    <div data-duty={`${duty.targetType}:${duty.targetId}`} style={{ display: 'grid', gap: 4, paddingBlock: 4 }}>
      <Body1>{duty.targetName}</Body1>
      <Textarea aria-label={`${say(lang, 'commentText')} ${duty.targetName ?? ''}`} value={text} onChange={(_, d) => setText(d.value)} rows={2} resize="vertical" />
      <Checkbox checked={shown} onChange={(_, d) => setShown(Boolean(d.checked))} label={PUBLIC_COMMENT[lang]} data-field="comment-public" />
      <Button size="small" onClick={() => onSave(text.trim(), shown)} disabled={busy || !text.trim()} style={{ justifySelf: 'start' }}>{say(lang, 'writeComment')}</Button>
    </div>
  );
}

function RatingLine({ row, year, busy, lang, onRate, onRectify }: {
  row: RatingRow;
  year: number;
  busy: boolean;
  lang: Lang;
  onRate(rating: string): void;
  onRectify(dueOn: string): void;
}) {
  // Until the reviewer types a day, the due day follows the grid's year: the end of next March.
  const [typedDue, setDueOn] = useState<string | null>(null);
  const dueOn = typedDue ?? `${year + 1}-03-31`;
  return (
    <div data-rating={`${row.targetType}:${row.targetId}`} style={{ borderBottom: '1px solid #e0e0e0', paddingBottom: 4, display: 'grid', gap: 4 }}>
      <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
        <Body1>{row.name}</Body1>
        <Select size="small" value={row.rating ?? ''} disabled={busy || row.rating !== null} aria-label={row.name} onChange={(_, d) => d.value && onRate(d.value)}>
          <option value="">{say(lang, 'notRated')}</option>
          {SCALES[row.targetType].map(([code, label]) => <option key={code} value={code}>{label[lang]}</option>)}
        </Select>
        {row.candidate && <Badge color="success" data-candidate>{say(lang, 'candidate')}</Badge>}
        {row.rectified && <Badge color="warning">{say(lang, 'rectifying')}</Badge>}
      </div>
      <Caption1>{say(lang, 'figures', { due: row.due, done: row.dueCompleted, rate: percent(row.satisfactionRate) })}</Caption1>
      {row.proposeRectification.length > 0 && (
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }} data-propose>
          <Caption1 style={{ color: '#a4262c' }}>{row.proposeRectification.join('；')}</Caption1>
          <Input size="small" aria-label={say(lang, 'dueOn')} value={dueOn} onChange={(_, d) => setDueOn(d.value)} style={{ width: 110 }} />
          <Button size="small" onClick={() => onRectify(dueOn)} disabled={busy}>{say(lang, 'proposeRectify')}</Button>
        </div>
      )}
    </div>
  );
}
