// Reads what a report needs from the database: the organisation tree under the report's
// organisation, and that scope's records for the period's year. Every query is limited to the
// scope by the same subtree subquery, so a report can hold nothing from outside it.
import type { Kysely } from 'kysely';
import type { Category, MemberRole, OrgKind, Status, SubjectType } from '../../core/types';
import type { FigureCommitment, SurveyCounts } from '../../core/figures';
import type { Database } from '../db/schema';
import { subtreeIds } from '../scope';
import { frozenYear, type FrozenYear } from '../years/frozen';

export interface ScopeOrg {
  id: number;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  /** 0 for the report's organisation. */
  depth: number;
}

export interface ReportScope {
  root: ScopeOrg;
  /** Depth first from the root, siblings by id: the order organisations are listed in. */
  orgs: ScopeOrg[];
  byId: Map<number, ScopeOrg>;
  /** A closed year: the organisations, members and authors as they stood at close. */
  frozen?: FrozenYear;
}

/**
 * The organisation and those below it: as they are, or — for a year closed over it — as they
 * stood at close (a report of a closed year prints what it printed then).
 */
export async function loadScope(db: Kysely<Database>, orgId: number, year?: number): Promise<ReportScope | null> {
  const frozen = year === undefined ? null : await frozenYear(db, orgId, year);
  const rows = frozen
    ? frozen.orgs
    : await db
        .selectFrom('organizations')
        .select(['id', 'name', 'kind', 'parent_id'])
        .where('id', 'in', subtreeIds(db, orgId))
        .orderBy('id')
        .execute();
  const children = new Map<number, typeof rows>();
  for (const r of rows) {
    if (r.id === orgId || r.parent_id === null) continue;
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  const rootRow = rows.find((r) => r.id === orgId);
  if (!rootRow) return null;
  const orgs: ScopeOrg[] = [];
  const stack: [typeof rootRow, number][] = [[rootRow, 0]];
  while (stack.length) {
    const [r, depth] = stack.pop()!;
    orgs.push({ id: r.id, name: r.name, kind: r.kind as OrgKind, parentId: r.parent_id, depth });
    const kids = children.get(r.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
  }
  return { root: orgs[0], orgs, byId: new Map(orgs.map((o) => [o.id, o])), ...(frozen && { frozen }) };
}

/** The ids of the scope's organisations, as a subquery for `where(column, 'in', …)`. */
export function scopeIds(db: Kysely<Database>, scope: ReportScope) {
  if (!scope.frozen) return subtreeIds(db, scope.root.id);
  const frozenIds = db.selectFrom('year_closure_orgs').select('org_id as id').where('closure_id', '=', scope.frozen.closureId);
  return scope.frozen.whole ? frozenIds : frozenIds.where('org_id', 'in', scope.orgs.map((o) => o.id));
}

/** Organisations per query when reading commitments. */
const ORGS_PER_QUERY = 500;

/**
 * The lean form of the year's commitments, for figures, organisation by organisation as the
 * scope lists them (then by id). Read a few hundred organisations at a time, so a million rows
 * never sit in memory twice (as driver rows and as figures).
 */
export async function loadFigures(db: Kysely<Database>, scope: ReportScope, year: number, tz: string): Promise<FigureCommitment[]> {
  const out: FigureCommitment[] = [];
  await eachFigure(db, scope, year, tz, (f) => out.push(f));
  return out;
}

/**
 * Hands each of the year's commitments to `visit` in loadFigures' order, keeping none: for
 * reports that only count (the annual summary), so a million commitments never sit in memory.
 */
export async function eachFigure(db: Kysely<Database>, scope: ReportScope, year: number, tz: string, visit: (f: FigureCommitment) => void): Promise<void> {
  const day = localDay(tz);
  // The driver makes a new string per cell; the same few hundred values are kept once instead.
  const words = new Map<string, string>();
  const once = <T extends string>(v: string) => {
    let kept = words.get(v);
    if (kept === undefined) words.set(v, (kept = v));
    return kept as T;
  };
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  for (let i = 0; i < scope.orgs.length; i += ORGS_PER_QUERY) {
    const rows = await db
      .selectFrom('commitments')
      .select(['id', 'org_id', 'member_id', 'subject_type', 'category', 'deadline', 'status', 'completed_at'])
      .where('year', '=', year)
      .where('org_id', 'in', scope.orgs.slice(i, i + ORGS_PER_QUERY).map((o) => o.id))
      .execute();
    rows.sort((a, b) => place.get(a.org_id)! - place.get(b.org_id)! || a.id - b.id);
    for (const r of rows) {
      visit({
        id: r.id,
        orgId: r.org_id,
        memberId: r.member_id,
        subjectType: once<SubjectType>(r.subject_type),
        category: once<Category>(r.category),
        deadline: once(r.deadline),
        status: once<Status>(r.status),
        completedOn: r.completed_at ? day(r.completed_at) : null,
      });
    }
  }
}

export interface CommitmentText {
  id: number;
  orgId: number;
  memberId: number | null;
  subjectType: SubjectType;
  subjectName: string;
  category: Category;
  content: string;
  measures: string | null;
  deadline: string;
  responsible: string | null;
  status: Status;
}

/** The texts of the given commitments (ids from figures), or of all the year's; in id order. */
export async function loadTexts(db: Kysely<Database>, scope: ReportScope, year: number, ids?: ReadonlySet<number>): Promise<Map<number, CommitmentText>> {
  let query = db
    .selectFrom('commitments')
    .select(['id', 'org_id', 'member_id', 'subject_type', 'subject_name', 'category', 'content', 'measures', 'deadline', 'responsible', 'status'])
    .where('year', '=', year)
    .where('org_id', 'in', scopeIds(db, scope))
    .orderBy('id');
  // A few items (the most overdue, the long overdue) are fetched by id; many by scanning the year.
  if (ids && ids.size <= 1000) {
    if (ids.size === 0) return new Map();
    query = query.where('id', 'in', [...ids]);
  }
  const out = new Map<number, CommitmentText>();
  for (const r of await query.execute()) {
    if (ids && !ids.has(r.id)) continue;
    out.set(r.id, {
      id: r.id,
      orgId: r.org_id,
      memberId: r.member_id,
      subjectType: r.subject_type as SubjectType,
      subjectName: r.subject_name,
      category: r.category as Category,
      content: r.content,
      measures: r.measures,
      deadline: r.deadline,
      responsible: r.responsible,
      status: r.status as Status,
    });
  }
  return out;
}

export interface ScopeMember {
  id: number;
  orgId: number;
  name: string;
  gender: string | null;
  birthYear: number | null;
  joinedOn: string | null;
  unitPost: string | null;
  role: MemberRole;
}

/** Only what a summary row shows of each member (the annual summary lists 250,000 of them). */
export type MemberName = Pick<ScopeMember, 'id' | 'orgId' | 'name' | 'role'>;

/**
 * The members the year's commitments name, wherever each belongs now: a member who transferred
 * still has their row where their commitments were made.
 */
export async function loadMemberNames(db: Kysely<Database>, ids: Iterable<number>, scope?: ReportScope): Promise<MemberName[]> {
  const frozen = frozenMembers(scope, ids);
  const wanted = frozen.rest;
  const out: MemberName[] = frozen.found.map(({ id, orgId, name, role }) => ({ id, orgId, name, role }));
  for (let i = 0; i < wanted.length; i += ORGS_PER_QUERY) {
    const rows = await db.selectFrom('members').select(['id', 'org_id', 'name', 'role']).where('id', 'in', wanted.slice(i, i + ORGS_PER_QUERY)).orderBy('id').execute();
    out.push(...rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, role: r.role as MemberRole })));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Of the members wanted (sorted, once each), those a closed year froze, and the rest to read from the database. */
function frozenMembers(scope: ReportScope | undefined, ids: Iterable<number>): { found: ScopeMember[]; rest: number[] } {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  const kept = scope?.frozen?.members;
  if (!kept) return { found: [], rest: wanted };
  return { found: wanted.filter((id) => kept.has(id)).map((id) => kept.get(id)!), rest: wanted.filter((id) => !kept.has(id)) };
}

/**
 * The members the given commitments name, each in the organisation of their first one: where the
 * commitments were made, not where a member who transferred since belongs now. `others` (members
 * named by evaluations, say) come too, in their own organisation.
 */
export async function loadMembers(db: Kysely<Database>, figures: readonly FigureCommitment[], others: Iterable<number> = [], scope?: ReportScope): Promise<ScopeMember[]> {
  const placed = new Map<number, number>();
  for (const f of figures) if (f.memberId !== null && !placed.has(f.memberId)) placed.set(f.memberId, f.orgId);
  const frozen = frozenMembers(scope, [...placed.keys(), ...others]);
  const ids = frozen.rest;
  const out: ScopeMember[] = frozen.found.map((m) => ({ ...m, orgId: placed.get(m.id) ?? m.orgId }));
  for (let i = 0; i < ids.length; i += ORGS_PER_QUERY) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'org_id', 'name', 'gender', 'birth_year', 'joined_on', 'unit_post', 'role'])
      .where('id', 'in', ids.slice(i, i + ORGS_PER_QUERY))
      .orderBy('id')
      .execute();
    out.push(...rows.map((r) => ({ id: r.id, orgId: placed.get(r.id) ?? r.org_id, name: r.name, gender: r.gender, birthYear: r.birth_year, joinedOn: r.joined_on, unitPost: r.unit_post, role: r.role as MemberRole })));
  }
  return out.sort((a, b) => a.id - b.id);
}

export interface ScopeEvaluation {
  id: number;
  targetType: SubjectType;
  targetId: number;
  orgId: number;
  period: string;
  text: string | null;
  rating: string | null;
  answers: SurveyCounts;
  /** Who wrote it (点评人). */
  userId: number;
  createdOn: string;
}

export async function loadEvaluations(db: Kysely<Database>, scope: ReportScope, kind: string, periods: string[], tz: string): Promise<ScopeEvaluation[]> {
  if (periods.length === 0) return [];
  const rows = await db
    .selectFrom('evaluations')
    .selectAll()
    .where('kind', '=', kind)
    .where('period', 'in', periods)
    .where('org_id', 'in', scopeIds(db, scope))
    .orderBy('id')
    .execute();
  const day = localDay(tz);
  return rows.map((r) => ({
    id: r.id,
    targetType: r.target_type as SubjectType,
    targetId: r.target_id,
    orgId: r.org_id,
    period: r.period,
    text: r.text,
    rating: r.rating,
    answers: { satisfied: r.satisfied ?? 0, basicallySatisfied: r.basically_satisfied ?? 0, unsatisfied: r.unsatisfied ?? 0 },
    userId: r.user_id,
    createdOn: day(r.created_at),
  }));
}

/** Names of the users who wrote something, by id. */
export async function loadUserNames(db: Kysely<Database>, ids: Iterable<number>, scope?: ReportScope): Promise<Map<number, string>> {
  const kept = scope?.frozen?.users ?? new Map<number, string>();
  const wanted = [...new Set(ids)];
  const rest = wanted.filter((id) => !kept.has(id));
  const rows = rest.length === 0 ? [] : await db.selectFrom('users').select(['id', 'name']).where('id', 'in', rest).execute();
  return new Map([...wanted.filter((id) => kept.has(id)).map((id) => [id, kept.get(id)!] as const), ...rows.map((u) => [u.id, u.name] as const)]);
}

export interface MonthProgress {
  commitmentId: number;
  note: string;
  percent: number | null;
}

/** Progress entries recorded for one month (`YYYY-MM`); the latest per commitment. */
export async function loadProgress(db: Kysely<Database>, scope: ReportScope, month: string): Promise<Map<number, MonthProgress>> {
  const rows = await db
    .selectFrom('progress_entries')
    .innerJoin('commitments', 'commitments.id', 'progress_entries.commitment_id')
    .select(['progress_entries.commitment_id', 'progress_entries.note', 'progress_entries.percent'])
    .where('progress_entries.month', '=', month)
    .where('commitments.org_id', 'in', scopeIds(db, scope))
    .orderBy('progress_entries.id')
    .execute();
  return new Map(rows.map((r) => [r.commitment_id, { commitmentId: r.commitment_id, note: r.note, percent: r.percent }]));
}

export interface ScopeRectification {
  id: number;
  targetType: SubjectType;
  targetId: number;
  orgId: number;
  /** The year whose assessment it follows (for older rows: the year it was made). */
  year: number;
  issue: string;
  dueOn: string;
  status: string;
  doneOn: string | null;
  createdOn: string;
}

/** Every rectification in scope, in the order they were made. */
export async function loadAllRectifications(db: Kysely<Database>, scope: ReportScope, tz: string): Promise<ScopeRectification[]> {
  const rows = await db
    .selectFrom('rectifications')
    .selectAll()
    .where('org_id', 'in', scopeIds(db, scope))
    .orderBy('id')
    .execute();
  const day = localDay(tz);
  return rows.map((r) => {
    const createdOn = day(r.created_at);
    return {
      id: r.id,
      targetType: r.target_type as SubjectType,
      targetId: r.target_id,
      orgId: r.org_id,
      year: r.year ?? Number(createdOn.slice(0, 4)),
      issue: r.issue,
      dueOn: r.due_on,
      status: r.status,
      doneOn: r.done_on,
      createdOn,
    };
  });
}

/** Rectifications following the year's assessment. */
export async function loadRectifications(db: Kysely<Database>, scope: ReportScope, year: number, tz: string): Promise<ScopeRectification[]> {
  return (await loadAllRectifications(db, scope, tz)).filter((r) => r.year === year);
}

/**
 * ISO timestamp → the date it fell on in the report's time zone. Intl is slow, and every zone's
 * offset is whole minutes, so the answer is kept per minute of the timestamp.
 */
export function localDay(tz: string): (timestamp: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  const seen = new Map<string, string>();
  return (timestamp) => {
    // Only UTC timestamps (as stored) share a key; any other form is converted on its own.
    const minute = timestamp.endsWith('Z') ? timestamp.slice(0, 16) : timestamp;
    let day = seen.get(minute);
    if (day === undefined) seen.set(minute, (day = format.format(new Date(timestamp))));
    return day;
  };
}
