// A user's scope is their organisation and everything below it (null: the whole tree, admins
// only). Anything outside answers 404, as if it did not exist.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database, OrganizationRow } from './db/schema';
import type { AppContext } from './context';
import type { AuthUser } from './auth/sessions';
import { notFound } from './http/problem';
import type { LocalText } from '../core/types';

/** A subquery of the ids of `orgId` and every organisation below it, for `where(col, 'in', …)`. */
export function subtreeIds(db: Kysely<Database>, orgId: number) {
  return db
    .withRecursive('subtree(id)', (qc) =>
      qc
        .selectFrom('organizations')
        .select('organizations.id')
        .where('organizations.id', '=', orgId)
        .unionAll(
          qc
            .selectFrom('organizations')
            .innerJoin('subtree', 'subtree.id', 'organizations.parent_id')
            .select('organizations.id'),
        ),
    )
    .selectFrom('subtree')
    .select('subtree.id');
}

/** Ids of `orgId` and everything below it; every organisation when orgId is null. */
export async function scopeOrgIds(db: Kysely<Database>, orgId: number | null): Promise<number[]> {
  const rows =
    orgId === null
      ? await db.selectFrom('organizations').select('id').execute()
      : await subtreeIds(db, orgId).execute();
  return rows.map((r) => r.id);
}

/**
 * `column` (an organisation id) lies in the subtree of `orgId`, in the form each database plans
 * well. PostgreSQL cannot estimate what a recursive subquery returns: for one branch of 300 it
 * expected hundreds of organisations and counted its 300 commitments by scanning all 100,000.
 * There the ids are looked up first and passed as one array, which it estimates per value (and
 * which has no limit on their number); SQLite plans the subquery well as it is.
 */
export async function inSubtree(
  ctx: Pick<AppContext, 'db' | 'dialect'>,
  column: string,
  orgId: number,
): Promise<Expression<SqlBool>> {
  if (ctx.dialect === 'sqlite') return sql<SqlBool>`${sql.ref(column)} in ${subtreeIds(ctx.db, orgId)}`;
  const ids = await scopeOrgIds(ctx.db, orgId);
  // An organisation with none below it (most branches) as an equality, which an index on
  // (org_id, id) answers in page order; `= any(…)` is never read in index order.
  if (ids.length === 1) return sql<SqlBool>`${sql.ref(column)} = ${ids[0]}`;
  return sql<SqlBool>`${sql.ref(column)} = any(${ids})`;
}

/** Ids of `orgId` and all its ancestors, nearest first. */
export async function ancestorIds(db: Kysely<Database>, orgId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number; depth: number }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM organizations WHERE id = ${orgId}
      UNION ALL
      SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id
    )
    SELECT id, depth FROM up ORDER BY depth`.execute(db);
  return rows.map((r) => r.id);
}

export type OrgRelation = 'same' | 'above' | 'outside';

/** How the scope org `actorOrgId` stands to `orgId`: the same, above it, or neither. */
export async function orgRelation(
  db: Kysely<Database>,
  actorOrgId: number | null,
  orgId: number,
): Promise<OrgRelation> {
  if (actorOrgId === null) return 'above';
  if (actorOrgId === orgId) return 'same';
  return (await ancestorIds(db, orgId)).includes(actorOrgId) ? 'above' : 'outside';
}

const ORGANISATION: LocalText = { zh: '党组织', en: 'organisation' };

/** The organisation when it lies in the user's scope; 404 otherwise (also when it does not exist). */
export async function assertOrgInScope(
  ctx: Pick<AppContext, 'db'>,
  user: AuthUser,
  orgId: number,
  what: LocalText = ORGANISATION,
): Promise<OrganizationRow> {
  // An id no integer column holds (from a query string) names nothing; PostgreSQL would refuse it.
  if (!Number.isInteger(orgId) || orgId < 1 || orgId > 2 ** 31 - 1) throw notFound(what);
  const org = await ctx.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org || (await orgRelation(ctx.db, user.orgId, orgId)) === 'outside') throw notFound(what);
  return org;
}
