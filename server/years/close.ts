// Closing an organisation's year (封账) and reopening it (启封), both acts of the level above
// (or an admin), audited. Closing covers the organisation and everything below it, and freezes
// what the year's reports print besides the records themselves: the subtree's organisations
// (names, kinds, parents) and the members and authors the year's records name, as they are now.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { Database } from '../db/schema';
import type { YearClosure } from '../../core/types';
import { Problem, forbidden } from '../http/problem';
import { ancestorIds, assertOrgInScope, orgRelation, subtreeIds } from '../scope';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { holdYears, standingClosure, yearClosed } from './closed';

/** The first day a year may be closed or carried over: 考诺 takes place at the year's end. */
export const closableFrom = (year: number) => `${year}-12-01`;

export type ClosureJson = YearClosure;

/**
 * 403 unless the user acts for the level above the organisation: a reviewer or admin of an
 * organisation above it, or an admin of the organisation itself (admins may close their own tree).
 */
export async function assertMayClose(ctx: AppContext, user: AuthUser, orgId: number): Promise<void> {
  await assertOrgInScope(ctx, user, orgId);
  const relation = await orgRelation(ctx.db, user.orgId, orgId);
  const allowed = (user.role === 'admin' && relation !== 'outside') || (user.role === 'reviewer' && relation === 'above');
  if (!allowed) {
    throw forbidden('year.not_allowed', {
      zh: '封账、启封和结转由上级党组织的审核人或管理员进行',
      en: 'Closing, reopening and carrying over a year are for a reviewer of the level above, or an admin',
    });
  }
}

/** 409 `year.not_over` before 1 December of the year (REPORT_TZ). */
export function assertYearOver(ctx: AppContext, year: number): void {
  const today = localDate(ctx.now(), ctx.config.reportTz);
  if (today < closableFrom(year)) {
    throw new Problem(409, 'year.not_over', { zh: `${year}年度尚未到考诺时间`, en: `${year} is not over yet` }, {
      zh: `年度封账和结转在考诺之后进行，${closableFrom(year)} 起才能办理（今天是 ${today}）`,
      en: `A year is closed and carried over after its assessment, from ${closableFrom(year)} on (today is ${today})`,
    });
  }
}

export async function closeYear(ctx: AppContext, user: AuthUser, orgId: number, year: number): Promise<ClosureJson> {
  await assertMayClose(ctx, user, orgId);
  assertYearOver(ctx, year);
  const at = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    await holdYears(trx, [year], 'alone'); // writes of the year in flight finish first; later ones wait and see the close
    const standing = await standingClosure(trx, orgId, year);
    if (standing) {
      const org = await trx.selectFrom('organizations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
      const p = yearClosed(org, year, standing);
      throw new Problem(409, 'year.already_closed', { zh: '该年度已封账', en: 'The year is already closed' }, p.detail, undefined, p.extensions);
    }
    const orgs = await trx.selectFrom('organizations').select(['id', 'name', 'kind', 'parent_id']).where('id', 'in', subtreeIds(trx, orgId)).orderBy('id').execute();
    const { id } = await trx
      .insertInto('year_closures')
      .values({
        org_id: orgId,
        year,
        closed_at: at,
        closed_by: user.id,
        members_json: JSON.stringify(await namedMembers(trx, orgId, year)),
        users_json: JSON.stringify(await evaluationAuthors(trx, orgId, year)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < orgs.length; i += 500) {
      await trx
        .insertInto('year_closure_orgs')
        .values(orgs.slice(i, i + 500).map((o) => ({ closure_id: id, org_id: o.id, name: o.name, kind: o.kind, parent_id: o.parent_id })))
        .execute();
    }
    await recordAudit(trx, { userId: user.id, at, action: 'year:close', entity: 'organization', entityId: orgId, after: { year, closureId: id, orgs: orgs.length } });
    return id;
  });
  return (await closureById(ctx.db, id))!;
}

export async function reopenYear(ctx: AppContext, user: AuthUser, orgId: number, year: number, reason: string): Promise<ClosureJson> {
  await assertMayClose(ctx, user, orgId);
  const at = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const own = await trx.selectFrom('year_closures').select('id').where('org_id', '=', orgId).where('year', '=', year).where('reopened_at', 'is', null).executeTakeFirst();
    if (!own) {
      const covering = await standingClosure(trx, orgId, year);
      throw covering
        ? new Problem(409, 'year.closed_above', { zh: '该年度由其他党组织封账', en: 'Closed by another organisation' }, {
            zh: `${year}年度是随“${covering.orgName}”一并封账的，请在“${covering.orgName}”启封`,
            en: `${year} was closed with ${covering.orgName}; reopen it there`,
          })
        : new Problem(409, 'year.not_closed', { zh: '该年度未封账', en: 'The year is not closed' });
    }
    await trx.updateTable('year_closures').set({ reopened_at: at, reopened_by: user.id, reopen_reason: reason }).where('id', '=', own.id).execute();
    await recordAudit(trx, { userId: user.id, at, action: 'year:reopen', entity: 'organization', entityId: orgId, before: { year, closureId: own.id }, after: { year, reason } });
    return own.id;
  });
  return (await closureById(ctx.db, id))!;
}

/**
 * Closures that cover `orgId`: made for it, an organisation below it, or one above it (a clerk
 * sees the county's closure of their branch); every one when null. Newest first.
 */
export async function listClosures(db: Kysely<Database>, orgId: number | null, year?: number): Promise<ClosureJson[]> {
  let q = closureQuery(db);
  if (orgId !== null) {
    const above = await ancestorIds(db, orgId);
    q = q.where((eb) => eb.or([eb('year_closures.org_id', 'in', subtreeIds(db, orgId)), eb('year_closures.org_id', 'in', above)]));
  }
  if (year !== undefined) q = q.where('year_closures.year', '=', year);
  return (await q.orderBy('year_closures.id', 'desc').limit(500).execute()).map(closureJson);
}

export async function closureById(db: Kysely<Database>, id: number): Promise<ClosureJson | null> {
  const row = await closureQuery(db).where('year_closures.id', '=', id).executeTakeFirst();
  return row ? closureJson(row) : null;
}

function closureQuery(db: Kysely<Database>) {
  return db
    .selectFrom('year_closures')
    .innerJoin('organizations as o', 'o.id', 'year_closures.org_id')
    .leftJoin('users as closer', 'closer.id', 'year_closures.closed_by')
    .leftJoin('users as opener', 'opener.id', 'year_closures.reopened_by')
    .select((eb) => [
      'year_closures.id',
      'year_closures.org_id',
      'o.name as org_name',
      'year_closures.year',
      'year_closures.closed_at',
      'year_closures.closed_by',
      'closer.name as closer_name',
      'year_closures.reopened_at',
      'year_closures.reopened_by',
      'opener.name as opener_name',
      'year_closures.reopen_reason',
      eb.selectFrom('year_closure_orgs').select((e) => e.fn.countAll<number>().as('n')).whereRef('year_closure_orgs.closure_id', '=', 'year_closures.id').as('org_count'),
    ]);
}

type ClosureRow = Awaited<ReturnType<ReturnType<typeof closureQuery>['executeTakeFirstOrThrow']>>;

function closureJson(r: ClosureRow): ClosureJson {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    closedByName: r.closer_name,
    orgCount: Number(r.org_count ?? 0),
    reopenedAt: r.reopened_at,
    reopenedBy: r.reopened_by,
    reopenedByName: r.opener_name,
    reopenReason: r.reopen_reason,
  };
}

/** Period keys of a year's evaluations all start with the year (2011, 2011-H1, 2011-Q2, 2011-06). */
const ofYear = (year: number) => `${year}%`;

/** The members the year's commitments, evaluations and rectifications in the subtree name, as they are now. */
async function namedMembers(trx: Kysely<Database>, orgId: number, year: number) {
  const inTree = subtreeIds(trx, orgId);
  const ids = new Set<number>();
  const add = (rows: { id: number | null }[]) => rows.forEach((r) => r.id !== null && ids.add(r.id));
  add(await trx.selectFrom('commitments').select('member_id as id').distinct().where('year', '=', year).where('org_id', 'in', inTree).where('member_id', 'is not', null).execute());
  add(await trx.selectFrom('evaluations').select('target_id as id').distinct().where('target_type', '=', 'member').where('period', 'like', ofYear(year)).where('org_id', 'in', inTree).execute());
  add(await trx.selectFrom('rectifications').select('target_id as id').distinct().where('target_type', '=', 'member').where('year', '=', year).where('org_id', 'in', inTree).execute());
  const wanted = [...ids].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await trx
      .selectFrom('members')
      .select(['id', 'org_id', 'name', 'gender', 'birth_year', 'joined_on', 'unit_post', 'role'])
      .where('id', 'in', wanted.slice(i, i + 500))
      .orderBy('id')
      .execute();
    out.push(...rows.map((m) => ({ id: m.id, orgId: m.org_id, name: m.name, gender: m.gender, birthYear: m.birth_year, joinedOn: m.joined_on, unitPost: m.unit_post, role: m.role })));
  }
  return out;
}

/** Names of the users who wrote the year's evaluations in the subtree (点评人 in the reports). */
async function evaluationAuthors(trx: Kysely<Database>, orgId: number, year: number): Promise<Record<number, string>> {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', trx.selectFrom('evaluations').select('user_id').where('period', 'like', ofYear(year)).where('org_id', 'in', subtreeIds(trx, orgId)))
    .execute();
  return Object.fromEntries(rows.map((u) => [u.id, u.name]));
}
