// Who has not committed in a year (科学提诺), below an organisation: members with no commitment of
// the year, and organisations below the top of their tree with no organisation commitment. A
// withdrawn item is no commitment; a member's item stored unlinked (a namesake the ledger did not
// tell apart) counts for the members of that name in its organisation, so nobody is named late
// for a row that is theirs. One function for the route, the monthly report and the bulletin.
import { sql, type Kysely } from 'kysely';
import { isLate, mustCommitAsOrganisation, type MissingAnswer } from '../../core/proposeBy';
import type { MemberRole, OrgKind } from '../../core/types';
import type { Database } from '../db/schema';
import { loadScope } from '../reports/load';
import { datesInForce } from './dates';
import { subtreeIds } from '../scope';

export async function missingCommitters(db: Kysely<Database>, orgId: number, year: number, asOf: string): Promise<MissingAnswer> {
  const scope = (await loadScope(db, orgId))!;
  const dates = await datesInForce(db, scope.orgs, year);
  const due = (id: number) => {
    const proposeBy = dates.get(id)!.proposeBy;
    return { proposeBy, late: isLate(proposeBy, asOf) };
  };
  const kept = sql<boolean>`c.year = ${year} AND c.status <> 'withdrawn'`;

  const committedOrgs = await db
    .selectFrom('commitments as c')
    .select('c.org_id')
    .distinct()
    .where('c.subject_type', '=', 'organization')
    .where(kept)
    .where('c.org_id', 'in', subtreeIds(db, orgId))
    .execute();
  const made = new Set(committedOrgs.map((r) => r.org_id));
  const organizations = scope.orgs
    .filter((o) => mustCommitAsOrganisation(o) && !made.has(o.id))
    .map((o) => ({ id: o.id, name: o.name, kind: o.kind as OrgKind, parentId: o.parentId, ...due(o.id) }));

  const silent = await db
    .selectFrom('members as m')
    .select(['m.id', 'm.name', 'm.role', 'm.org_id'])
    .where('m.org_id', 'in', subtreeIds(db, orgId))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('commitments as c').select('c.id').whereRef('c.member_id', '=', 'm.id').where(kept))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('commitments as c')
            .select('c.id')
            .where('c.member_id', 'is', null)
            .where('c.subject_type', '=', 'member')
            .whereRef('c.org_id', '=', 'm.org_id')
            .whereRef('c.subject_name', '=', 'm.name')
            .where(kept),
        ),
      ),
    )
    .execute();
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  const members = silent
    .sort((a, b) => place.get(a.org_id)! - place.get(b.org_id)! || a.id - b.id)
    .map((m) => ({ id: m.id, name: m.name, role: m.role as MemberRole, orgId: m.org_id, orgName: scope.byId.get(m.org_id)!.name, ...due(m.org_id) }));

  return { orgId, year, asOf, proposeBy: dates.get(orgId)!.proposeBy, members, organizations };
}
