// A closed year's reports read the organisations, members and authors as they stood at close
// (year_closures), so renaming, moving or re-kinding an organisation, or changing a member,
// later changes nothing a closed year's report prints. The records themselves need no copy:
// nothing writes to a closed year.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { OrgKind } from '../../core/types';
import type { ScopeMember } from '../reports/load';

export interface FrozenYear {
  closureId: number;
  /** The closure was made for this very organisation (not one above it). */
  whole: boolean;
  orgs: { id: number; name: string; kind: OrgKind; parent_id: number | null }[];
  members: Map<number, FrozenMember>;
  users: Map<number, string>;
}

/** A member as the year's reports print them (load.ts ScopeMember), kept at close. */
export type FrozenMember = ScopeMember;

/** The earliest standing closure of `year` that froze `orgId`, with what it froze; null when none did. */
export async function frozenYear(db: Kysely<Database>, orgId: number, year: number): Promise<FrozenYear | null> {
  const closure = await db
    .selectFrom('year_closures')
    .innerJoin('year_closure_orgs', 'year_closure_orgs.closure_id', 'year_closures.id')
    .select(['year_closures.id', 'year_closures.org_id', 'year_closures.members_json', 'year_closures.users_json'])
    .where('year_closure_orgs.org_id', '=', orgId)
    .where('year_closures.year', '=', year)
    .where('year_closures.reopened_at', 'is', null)
    .orderBy('year_closures.closed_at')
    .orderBy('year_closures.id')
    .executeTakeFirst();
  if (!closure) return null;
  const orgs = await db.selectFrom('year_closure_orgs').select(['org_id as id', 'name', 'kind', 'parent_id']).where('closure_id', '=', closure.id).orderBy('org_id').execute();
  const members = JSON.parse(closure.members_json) as FrozenMember[];
  const users = JSON.parse(closure.users_json) as Record<string, string>;
  return {
    closureId: closure.id,
    whole: closure.org_id === orgId,
    orgs: orgs.map((o) => ({ ...o, kind: o.kind as OrgKind })),
    members: new Map(members.map((m) => [m.id, m])),
    users: new Map(Object.entries(users).map(([id, name]) => [Number(id), name])),
  };
}
