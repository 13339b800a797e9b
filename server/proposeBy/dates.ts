// 提诺 deadlines as stored (org_years) and as in force: an organisation's own date, else the
// nearest organisation above with one, else its county scheme's MM-DD for the year, else none.
// Every reader — the missing list, the monthly report, the half-year bulletin — goes through here.
import type { Kysely } from 'kysely';
import { proposeByInForce, schemeDay, type OrgYear, type ProposeByInForce } from '../../core/proposeBy';
import type { Database } from '../db/schema';
import { ancestorIds } from '../scope';
import { storedScheme } from '../scheme/store';

async function ownDates(db: Kysely<Database>, orgIds: number[], year: number): Promise<Map<number, string>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.selectFrom('org_years').select(['org_id', 'propose_by']).where('year', '=', year).where('org_id', 'in', orgIds).execute();
  return new Map(rows.map((r) => [r.org_id, r.propose_by]));
}

/** The date in force for one organisation's year, where it comes from, and its own setting. */
export async function orgYearOf(db: Kysely<Database>, orgId: number, year: number): Promise<OrgYear> {
  const chain = await ancestorIds(db, orgId);
  const own = await ownDates(db, chain, year);
  const scheme = await storedScheme(db, chain[chain.length - 1]);
  const inForce = proposeByInForce(chain.map((id) => ({ id, own: own.get(id) ?? null })), schemeDay(year, scheme.proposeBy));
  return { orgId, year, ...inForce, own: own.get(orgId) ?? null };
}

/**
 * The dates in force for a whole subtree, given as organisations with parents before children
 * (a report's scope order): each inherits its parent's unless it has its own.
 */
export async function datesInForce(db: Kysely<Database>, orgs: readonly { id: number; parentId: number | null }[], year: number): Promise<Map<number, ProposeByInForce>> {
  const out = new Map<number, ProposeByInForce>();
  if (orgs.length === 0) return out;
  const own = await ownDates(db, orgs.map((o) => o.id), year);
  const top = await orgYearOf(db, orgs[0].id, year);
  out.set(orgs[0].id, { proposeBy: top.proposeBy, source: top.source, fromOrgId: top.fromOrgId });
  for (const o of orgs.slice(1)) {
    const date = own.get(o.id);
    const parent = out.get(o.parentId!)!;
    out.set(o.id, date ? { proposeBy: date, source: 'own', fromOrgId: o.id } : { ...parent, source: parent.source === 'own' ? 'above' : parent.source });
  }
  return out;
}
