// The one rule every write path keeps: nothing changes in a closed organisation-year (封账).
// An organisation's year is closed while a standing closure covers it: one made for the
// organisation or an organisation above it now, or one whose frozen subtree held it at close
// (an organisation moved away since stays closed for that year). Call it with the transaction
// that writes, so the check and the write see the same database.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Problem } from '../http/problem';
import { ancestorIds } from '../scope';

export interface StandingClosure {
  id: number;
  orgId: number;
  orgName: string;
  year: number;
  closedAt: string;
}

/** This application's namespace for advisory locks on a year's closing (any fixed int4). */
const YEAR_LOCKS = 19_031_112;

/**
 * On PostgreSQL, a write and a close of the same year must not pass each other: a write that read
 * "open" could otherwise commit just after a close committed. Writers share a transaction-scoped
 * advisory lock of the year (taken before they look for a closure), a close takes it alone, so a
 * close waits for the year's writes in flight and later writes wait for the close, then see it.
 * Advisory locks need no table privilege, so the public-only role's ballots take part too. SQLite
 * has one writer at a time already. Outside a transaction the lock ends at once (harmless).
 */
export async function holdYears(db: Kysely<Database>, years: Iterable<number>, mode: 'shared' | 'alone'): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const lock = sql.raw(mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock');
  for (const year of [...new Set(years)].sort((a, b) => a - b)) await sql`SELECT ${lock}(${YEAR_LOCKS}::int4, ${year}::int4)`.execute(db);
}

/** The standing closure covering (orgId, year), the earliest when several do; null when the year is open. */
export async function standingClosure(db: Kysely<Database>, orgId: number, year: number): Promise<StandingClosure | null> {
  await holdYears(db, [year], 'shared');
  // Most writes meet no closure of their year at all: one indexed look first.
  const any = await db.selectFrom('year_closures').select('id').where('year', '=', year).where('reopened_at', 'is', null).executeTakeFirst();
  if (!any) return null;
  const above = await ancestorIds(db, orgId);
  const row = await db
    .selectFrom('year_closures')
    .innerJoin('organizations', 'organizations.id', 'year_closures.org_id')
    .select(['year_closures.id', 'year_closures.org_id', 'organizations.name', 'year_closures.year', 'year_closures.closed_at'])
    .where('year_closures.year', '=', year)
    .where('year_closures.reopened_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('year_closures.org_id', 'in', above.length ? above : [orgId]),
        eb('year_closures.id', 'in', eb.selectFrom('year_closure_orgs').select('closure_id').where('year_closure_orgs.org_id', '=', orgId)),
      ]),
    )
    .orderBy('year_closures.closed_at')
    .orderBy('year_closures.id')
    .executeTakeFirst();
  return row ? { id: row.id, orgId: row.org_id, orgName: row.name, year: row.year, closedAt: row.closed_at } : null;
}

/** 409 `year.closed` when (orgId, year) is closed; the message names the organisation and the year. */
export async function assertYearOpen(db: Kysely<Database>, orgId: number, year: number): Promise<void> {
  const refused = await closedYearProblem(db, orgId, year);
  if (refused) throw refused;
}

/** The problem assertYearOpen throws, for callers that say it some other way (a warning, a public page); null when open. */
export async function closedYearProblem(db: Kysely<Database>, orgId: number, year: number): Promise<Problem | null> {
  const closure = await standingClosure(db, orgId, year);
  return closure && yearClosed({ id: orgId, name: await orgName(db, orgId) }, year, closure);
}

/** assertYearOpen for each distinct (organisation, year) a multi-record write touches. */
export async function assertYearsOpen(db: Kysely<Database>, pairs: Iterable<{ orgId: number; year: number }>): Promise<void> {
  const distinct = new Map<string, { orgId: number; year: number }>();
  for (const p of pairs) distinct.set(`${p.orgId}|${p.year}`, p);
  const years = [...new Set([...distinct.values()].map((p) => p.year))];
  if (years.length === 0) return;
  await holdYears(db, years, 'shared');
  const closedYears = await db.selectFrom('year_closures').select('year').distinct().where('year', 'in', years).where('reopened_at', 'is', null).execute();
  if (closedYears.length === 0) return;
  const closed = new Set(closedYears.map((r) => r.year));
  for (const p of distinct.values()) if (closed.has(p.year)) await assertYearOpen(db, p.orgId, p.year);
}

export function yearClosed(org: { id: number; name: string }, year: number, closure: Pick<StandingClosure, 'orgName' | 'closedAt'>): Problem {
  const orgName = org.name;
  const on = closure.closedAt.slice(0, 10);
  return new Problem(
    409,
    'year.closed',
    { zh: `${orgName}${year}年度已封账`, en: `${year} is closed for ${orgName}` },
    {
      zh: `“${orgName}”${year}年度已于 ${on} 由“${closure.orgName}”封账，不能再修改；如需更正，请上级党组织先启封`,
      en: `${orgName}'s ${year} was closed on ${on} (closure of ${closure.orgName}) and cannot change; to correct it, the level above must reopen the year first`,
    },
    undefined,
    { orgId: org.id, year },
  );
}

async function orgName(db: Kysely<Database>, orgId: number): Promise<string> {
  const org = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirst();
  return org?.name ?? `#${orgId}`;
}
