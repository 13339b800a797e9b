// What the public page of one organisation's year shows (seed 003's 五亮: 亮承诺、亮点评、亮评议),
// and nothing more: its commitments that stood in public (the notice's statuses) with status,
// deadline, the progress notes the clerk marked public and the date of the last change; its
// 创建目标; the leader comments their authors marked public; the latest survey result.
// No birth years, review notes, unpublished comments, drafts or other organisations.
import type { Kysely } from 'kysely';
import type { Category, Status } from '../../core/types';
import { isOverdue } from '../../core/overdue';
import { parsePeriod } from '../../core/period';
import { satisfactionRate, type SurveyCounts } from '../../core/figures';
import type { Database } from '../db/schema';
import { PUBLIC_STATUSES } from '../reports/notice';
import { localDay } from '../reports/load';
import { periodLabel } from '../reports/words';
import type { PublicLink } from './links';

export interface PublicItem {
  id: number;
  subject: string;
  category: Category;
  content: string;
  deadline: string;
  status: Status;
  overdue: boolean;
  changedOn: string;
  notes: { month: string; note: string; percent: number | null }[];
}

export interface PublicView {
  orgName: string;
  year: number;
  goal: string | null;
  changedOn: string | null;
  items: PublicItem[];
  comments: { period: string; about: string; text: string }[];
  survey: (SurveyCounts & { period: string; rate: number | null }) | null;
}

export async function publicView(db: Kysely<Database>, link: PublicLink, tz: string, today: string): Promise<PublicView | null> {
  const org = await db.selectFrom('organizations').select('name').where('id', '=', link.orgId).executeTakeFirst();
  if (!org) return null;
  const day = localDay(tz);
  const [goal, rows, comments, surveys] = await Promise.all([
    db.selectFrom('org_goals').select('goal').where('org_id', '=', link.orgId).where('year', '=', link.year).executeTakeFirst(),
    db
      .selectFrom('commitments')
      .select(['id', 'subject_name', 'category', 'content', 'deadline', 'status', 'updated_at'])
      .where('org_id', '=', link.orgId)
      .where('year', '=', link.year)
      .where('status', 'in', [...PUBLIC_STATUSES])
      .orderBy('subject_type', 'desc') // the organisation's own items first, then its members'
      .orderBy('id')
      .execute(),
    db
      .selectFrom('evaluations as e')
      .leftJoin('members as m', (j) => j.onRef('m.id', '=', 'e.target_id').on('e.target_type', '=', 'member'))
      .select(['e.period', 'e.target_type', 'm.name as member', 'e.text'])
      .where('e.kind', '=', 'leader_comment')
      .where('e.public', '=', 1)
      .where('e.org_id', '=', link.orgId)
      .where((eb) => eb.or([eb('e.period', '=', String(link.year)), eb('e.period', 'like', `${link.year}-%`)]))
      .orderBy('e.period', 'desc')
      .orderBy('e.id', 'desc')
      .execute(),
    db
      .selectFrom('evaluations')
      .select(['period', 'satisfied', 'basically_satisfied', 'unsatisfied'])
      .where('org_id', '=', link.orgId) // an organisation's own survey is filed under it: the index's column
      .where('kind', '=', 'survey')
      .where('target_type', '=', 'organization')
      .where('target_id', '=', link.orgId)
      .where('period', 'in', [`${link.year}-H1`, `${link.year}-H2`, String(link.year)])
      .execute(),
  ]);
  const notes = rows.length
    ? await db
        .selectFrom('progress_entries')
        .select(['commitment_id', 'month', 'note', 'percent', 'created_at'])
        .where('public', '=', 1)
        .where('commitment_id', 'in', rows.map((r) => r.id))
        .orderBy('month')
        .orderBy('id')
        .execute()
    : [];
  const items = rows.map((r): PublicItem => {
    const own = notes.filter((n) => n.commitment_id === r.id);
    const changedOn = [r.updated_at, ...own.map((n) => n.created_at)].map(day).reduce((a, b) => (a > b ? a : b));
    return {
      id: r.id,
      subject: r.subject_name,
      category: r.category as Category,
      content: r.content,
      deadline: r.deadline,
      status: r.status as Status,
      overdue: isOverdue({ deadline: r.deadline, status: r.status as Status }, today),
      changedOn,
      notes: own.map((n) => ({ month: n.month, note: n.note, percent: n.percent })),
    };
  });
  return {
    orgName: org.name,
    year: link.year,
    goal: goal?.goal ?? null,
    changedOn: items.length ? items.map((i) => i.changedOn).reduce((a, b) => (a > b ? a : b)) : null,
    items,
    comments: comments.map((c) => ({ period: label(c.period), about: c.target_type === 'member' ? (c.member ?? '') : org.name, text: c.text ?? '' })),
    survey: latestSurvey(surveys),
  };
}

/** The survey of the latest period with answers, paper and phone ballots summed (DESIGN §4). */
function latestSurvey(rows: { period: string; satisfied: number | null; basically_satisfied: number | null; unsatisfied: number | null }[]): PublicView['survey'] {
  const byPeriod = new Map<string, SurveyCounts>();
  for (const r of rows) {
    const sum = byPeriod.get(r.period) ?? { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 };
    sum.satisfied += r.satisfied ?? 0;
    sum.basicallySatisfied += r.basically_satisfied ?? 0;
    sum.unsatisfied += r.unsatisfied ?? 0;
    byPeriod.set(r.period, sum);
  }
  const answered = [...byPeriod].filter(([, c]) => c.satisfied + c.basicallySatisfied + c.unsatisfied > 0);
  // H1 < H2; a whole-year survey comes after both.
  const order = (p: string) => (p.endsWith('H1') ? 1 : p.endsWith('H2') ? 2 : 3);
  const latest = answered.sort(([a], [b]) => order(b) - order(a))[0];
  if (!latest) return null;
  const [period, counts] = latest;
  return { ...counts, period: label(period), rate: satisfactionRate(counts) };
}

function label(period: string): string {
  const p = parsePeriod(period);
  return p ? periodLabel(p) : period;
}
