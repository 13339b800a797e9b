// Reading a county's scheme: the one of the top-level organisation above any organisation.
import type { Kysely } from 'kysely';
import { DEFAULT_SCHEME, type Scheme } from '../../core/scheme';
import type { Category } from '../../core/types';
import type { Database, SchemesTable } from '../db/schema';
import { ancestorIds } from '../scope';

/** The top-level organisation of `orgId`'s tree (itself when it has no parent). */
export async function countyOf(db: Kysely<Database>, orgId: number): Promise<number> {
  const chain = await ancestorIds(db, orgId);
  return chain[chain.length - 1] ?? orgId;
}

/** The scheme in force for an organisation: its county's, or the default. */
export async function schemeOf(db: Kysely<Database>, orgId: number): Promise<Scheme> {
  return storedScheme(db, await countyOf(db, orgId));
}

/** The scheme a top-level organisation keeps, or the default when it has set none. */
export async function storedScheme(db: Kysely<Database>, countyId: number): Promise<Scheme> {
  const row = await db.selectFrom('schemes').selectAll().where('org_id', '=', countyId).executeTakeFirst();
  return row ? schemeFromRow(row) : DEFAULT_SCHEME;
}

export function schemeFromRow(row: SchemesTable): Scheme {
  return {
    memberReview: row.member_review as Scheme['memberReview'],
    commentCadence: row.comment_cadence as Scheme['commentCadence'],
    surveyCadence: row.survey_cadence as Scheme['surveyCadence'],
    categories: JSON.parse(row.categories_json) as Category[],
    proposeBy: row.propose_by,
  };
}
