// 待审 queue (GET /commitments?reviewable=true): what the caller may approve or return now, oldest
// submission first — decided by the same rules as the transition route, record by record.
import type { Category } from '../../core/types';
import type { HintCode } from '../../core/hints';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { inSubtree } from '../scope';
import type { Language } from '../http/problem';
import { commitmentJson, type CommitmentJson } from './json';
import { peerTexts } from './peers';
import { transitionRules } from './transitions';

export interface QueueFilter {
  org?: number;
  year?: number;
  category?: Category[];
  /** true: only late reviews; false: only those still in time. */
  late?: boolean;
  /** Only items with any of these hints. */
  hint?: HintCode[];
  limit: number;
  offset: number;
}

export type QueueItem = CommitmentJson & { orgName: string };

export async function reviewQueue(
  ctx: AppContext,
  user: AuthUser,
  f: QueueFilter,
  today: string,
  lang: Language,
): Promise<{ items: QueueItem[]; total: number }> {
  const root = f.org ?? user.orgId;
  let q = ctx.db.selectFrom('commitments').selectAll().where('status', '=', 'under_review');
  if (root !== null) q = q.where(await inSubtree(ctx, 'commitments.org_id', root));
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.category) q = q.where('category', 'in', f.category);
  const candidates = await q.orderBy('submitted_at').orderBy('id').execute();

  const rules = transitionRules(ctx, user);
  const decidable = [];
  for (const c of candidates) if ((await rules.check(c, 'approve')).check.ok) decidable.push(c);

  const peersOf = await peerTexts(ctx.db, decidable);
  const items = decidable
    .map((c) => commitmentJson(c, today, { peers: peersOf(c), lang }))
    .filter((c) => f.late === undefined || c.reviewLate === f.late)
    .filter((c) => !f.hint || c.hints.some((h) => f.hint!.includes(h.code)));
  const page = items.slice(f.offset, f.offset + f.limit);
  const names = await orgNames(ctx, page.map((c) => c.orgId));
  return { items: page.map((c) => ({ ...c, orgName: names.get(c.orgId) ?? '' })), total: items.length };
}

async function orgNames(ctx: AppContext, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((o) => [o.id, o.name]));
}
