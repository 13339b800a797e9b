// A member's commitment joins up with a member record of its organisation (DESIGN §4): the member
// it was linked to before, else the one member of that name (told apart by 单位及职务 when the
// ledger gives it), else a new member made from the row. Members are people, not names: when two
// of one name cannot be told apart the row stays unlinked, with a warning, and nothing is merged.
import type { Kysely } from 'kysely';
import type { FieldError, MemberRole } from '../../core/types';
import type { Database } from '../db/schema';
import { insertRows } from '../db/insertRows';
import { recordAudits } from '../audit';

export interface MemberClaim {
  orgId: number;
  name: string;
  /** 单位及职务 as the row states it. */
  unitPost: string | null;
  /** The member the record is linked to already; kept (also after the member transferred). */
  linkedId: number | null;
}

export type MemberLink = { memberId: number; role: MemberRole; created: boolean } | { memberId: null; warning: FieldError };

/** What a member created from a ledger row is until a roster or a clerk says more. */
const NEW_MEMBER_ROLE: MemberRole = 'ordinary';
const CHUNK = 1000;

interface Known {
  id: number;
  orgId: number;
  name: string;
  unitPost: string | null;
  role: MemberRole;
}

/** One link per claim, in order; members to be made are made in one go and audited. */
export async function linkMembers(trx: Kysely<Database>, claims: MemberClaim[], actorId: number, at: string): Promise<MemberLink[]> {
  const known = await loadKnown(trx, claims);
  const byName = new Map<string, Known[]>();
  for (const m of known.values()) byName.set(nameKey(m.orgId, m.name), [...(byName.get(nameKey(m.orgId, m.name)) ?? []), m]);
  const made: Known[] = [];

  const picks = claims.map((c): Known | FieldError => {
    const linked = c.linkedId === null ? undefined : known.get(c.linkedId);
    if (linked) return linked;
    const namesakes = byName.get(nameKey(c.orgId, c.name)) ?? [];
    const pick = choose(namesakes, c.unitPost);
    if (pick !== 'new') return pick;
    const member: Known = { id: 0, orgId: c.orgId, name: c.name, unitPost: c.unitPost, role: NEW_MEMBER_ROLE };
    made.push(member);
    byName.set(nameKey(c.orgId, c.name), [...namesakes, member]);
    return member;
  });

  if (made.length > 0) {
    const rows = await insertRows<{ id: number }>(
      trx,
      'members',
      ['org_id', 'name', 'unit_post', 'role', 'created_at', 'updated_at'],
      made.map((m) => [m.orgId, m.name, m.unitPost, m.role, at, at]),
      ['id', 'org_id', 'name', 'unit_post'],
    );
    // Each made member is one (organisation, name, 单位及职务): find its id by those.
    const ids = new Map(rows.map((r: any) => [madeKey(r.org_id, r.name, r.unit_post), Number(r.id)]));
    for (const m of made) m.id = ids.get(madeKey(m.orgId, m.name, m.unitPost))!;
    await recordAudits(
      trx,
      made.map((m) => ({ userId: actorId, at, action: 'ledger:create', entity: 'member', entityId: m.id, after: { orgId: m.orgId, name: m.name, unitPost: m.unitPost, role: m.role } })),
    );
  }
  const fresh = new Set(made);
  return picks.map((p) => ('id' in p ? { memberId: p.id, role: p.role, created: fresh.has(p) } : { memberId: null, warning: p }));
}

/** The namesake this row means, 'new' for someone not yet recorded, or the warning that it cannot tell. */
function choose(namesakes: Known[], unitPost: string | null): Known | 'new' | FieldError {
  if (namesakes.length === 0) return 'new';
  if (unitPost !== null) {
    const same = namesakes.filter((m) => m.unitPost === unitPost);
    if (same.length === 1) return same[0];
    if (same.length === 0) {
      // The one member of that name, recorded without a post, is this person; beside others it is not known.
      if (namesakes.length === 1 && namesakes[0].unitPost === null) return namesakes[0];
      return 'new';
    }
    return ambiguous(same);
  }
  return namesakes.length === 1 ? namesakes[0] : ambiguous(namesakes);
}

function ambiguous(namesakes: Known[]): FieldError {
  const name = namesakes[0].name;
  const ids = namesakes.map((m) => m.id).filter((id) => id > 0);
  const listed = ids.length > 0 ? `（党员编号 ${ids.join('、')}）` : '';
  return {
    field: 'subject',
    code: 'member.ambiguous',
    message: {
      zh: `本党组织有 ${namesakes.length} 名党员叫“${name}”${listed}，无法确定是哪一位，本条承诺未关联到党员；请补上“单位及职务”或党员编号`,
      en: `${namesakes.length} members of this organisation are called "${name}"${ids.length ? ` (ids ${ids.join(', ')})` : ''}; the commitment is not linked to a member. Add the unit and post (单位及职务) or the member id`,
    },
  };
}

async function loadKnown(trx: Kysely<Database>, claims: MemberClaim[]): Promise<Map<number, Known>> {
  const out = new Map<number, Known>();
  const add = (rows: { id: number; org_id: number; name: string; unit_post: string | null; role: string }[]) => {
    for (const r of rows) out.set(r.id, { id: r.id, orgId: r.org_id, name: r.name, unitPost: r.unit_post, role: r.role as MemberRole });
  };
  const columns = ['id', 'org_id', 'name', 'unit_post', 'role'] as const;
  const orgIds = [...new Set(claims.map((c) => c.orgId))];
  for (let i = 0; i < orgIds.length; i += CHUNK) add(await trx.selectFrom('members').select(columns).where('org_id', 'in', orgIds.slice(i, i + CHUNK)).execute());
  const linked = [...new Set(claims.map((c) => c.linkedId).filter((id): id is number => id !== null && !out.has(id)))];
  for (let i = 0; i < linked.length; i += CHUNK) add(await trx.selectFrom('members').select(columns).where('id', 'in', linked.slice(i, i + CHUNK)).execute());
  return out;
}

const nameKey = (orgId: number, name: string) => `${orgId}|${name}`;
const madeKey = (orgId: number, name: string, unitPost: string | null) => JSON.stringify([Number(orgId), name, unitPost]);
