// Storing a member roster (花名册): each row joins up with a member of its organisation as a
// ledger row does (members/link.ts) — made when new — and fills the fields the roster states
// (性别, 出生年份, 入党年月, 单位及职务, 身份). A role does not change while one of the member's
// commitments is in review (who reviews it depends on the role). Transaction-agnostic, as upsert.
import type { Kysely } from 'kysely';
import type { RosterMember } from '../../core/roster';
import type { FieldError } from '../../core/types';
import type { Database, MemberRow } from '../db/schema';
import { recordAudits, type AuditEntry } from '../audit';
import { IN_REVIEW } from '../commitments/steps';
import { ambiguousOrg, orgDirectory } from '../orgs/lookup';
import { linkMembers } from './link';
import { memberJson } from './routes';
import { mayChangeMemberRole } from '../commitments/review';

export interface RosterRow {
  sheet: string | null;
  row: number;
  member: RosterMember;
}

export interface RosterOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows stored, but not all as written, or not stored (a namesake it cannot tell apart). */
  warnings: (FieldError & { sheet: string | null; row: number })[];
  /** Rows that cannot be stored at all; the caller rolls back. */
  rejected: (FieldError & { sheet: string | null; row: number })[];
}

const CHUNK = 1000;

export async function upsertRoster(
  trx: Kysely<Database>,
  actor: { id: number; orgId: number | null },
  importOrg: { id: number; name: string },
  rows: RosterRow[],
  at: string,
): Promise<RosterOutcome> {
  const out: RosterOutcome = { created: 0, updated: 0, unchanged: 0, warnings: [], rejected: [] };
  const scope = await orgDirectory(trx, actor.orgId);
  const placed: { row: RosterRow; orgId: number }[] = [];
  for (const row of rows) {
    const where = { sheet: row.sheet, row: row.row };
    const name = row.member.orgName;
    if (name === null || name === importOrg.name) {
      placed.push({ row, orgId: importOrg.id });
      continue;
    }
    const match = scope.find(name, importOrg.id);
    if ('org' in match) placed.push({ row, orgId: match.org.id });
    else if ('ambiguous' in match) out.rejected.push({ ...where, ...ambiguousOrg(name, match.ambiguous, scope.orgs) });
    else {
      placed.push({ row, orgId: importOrg.id });
      out.warnings.push({
        ...where,
        field: 'org',
        code: 'roster.unknown_org',
        message: { zh: `党组织“${name}”不在管理范围内，该党员记入“${importOrg.name}”`, en: `Organisation "${name}" is not in your scope; the member goes to "${importOrg.name}"` },
      });
    }
  }
  if (out.rejected.length > 0) return out;

  const links = await linkMembers(trx, placed.map(({ row, orgId }) => ({ orgId, name: row.member.name, unitPost: row.member.unitPost, linkedId: null })), actor.id, at);
  const ids = links.flatMap((l) => (l.memberId === null ? [] : [l.memberId]));
  const stored = await loadMembers(trx, ids);
  const inReview = await membersInReview(trx, ids);
  const audits: AuditEntry[] = [];
  const seen = new Set<number>();
  for (const [i, link] of links.entries()) {
    const { row } = placed[i];
    const where = { sheet: row.sheet, row: row.row };
    if (link.memberId === null) {
      const name = row.member.name;
      out.warnings.push({
        ...where,
        field: 'name',
        code: link.warning.code,
        message: { zh: `本党组织有多名党员叫“${name}”，无法确定是哪一位，本行未导入；请补上单位及职务`, en: `Several members of this organisation are called "${name}"; the row was not imported. Add the unit and post` },
      });
      continue;
    }
    const before = stored.get(link.memberId)!;
    const wanted = rosterColumns(row.member);
    if (wanted.role !== undefined && wanted.role !== before.role && inReview.has(before.id)) {
      delete wanted.role;
      out.warnings.push({ ...where, field: 'role', code: 'member.in_review', message: { zh: '该党员有承诺正在审核，审核结束前身份不变', en: 'A commitment of this member is in review; the role stays until it is reviewed' } });
    }
    // The rule PATCH /members/:id keeps: a role whose commitments the level above reviews changes only from there.
    if (wanted.role !== undefined && wanted.role !== before.role && !(await mayChangeMemberRole(trx, actor.orgId, { orgId: before.org_id, role: before.role }, wanted.role))) {
      delete wanted.role;
      out.warnings.push({
        ...where,
        field: 'role',
        code: 'member.role_reviewed_above',
        message: { zh: '党员领导干部的承诺由上级党委审核，其身份类别只能由上级党委的用户更改；本行其余内容已导入', en: "A leading cadre's commitments are reviewed by a Party committee above; only its users may change the role. The rest of the row was imported" },
      });
    }
    const changed = Object.entries(wanted).filter(([k, v]) => before[k as keyof typeof wanted] !== v);
    if (link.created && !seen.has(before.id)) out.created++;
    else if (changed.length === 0) out.unchanged++;
    else out.updated++;
    seen.add(before.id);
    if (changed.length === 0) continue;
    const after = await trx.updateTable('members').set({ ...wanted, updated_at: at }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    stored.set(after.id, after);
    audits.push({ userId: actor.id, at, action: 'roster:update', entity: 'member', entityId: after.id, before: memberJson(before), after: memberJson(after) });
  }
  await recordAudits(trx, audits);
  return out;
}

/** The member columns a roster row states; what it leaves blank is kept. */
function rosterColumns(m: RosterMember): Partial<Pick<MemberRow, 'gender' | 'birth_year' | 'joined_on' | 'unit_post' | 'role'>> {
  return {
    ...(m.gender !== null && { gender: m.gender }),
    ...(m.birthYear !== null && { birth_year: m.birthYear }),
    ...(m.joinedOn !== null && { joined_on: m.joinedOn }),
    ...(m.unitPost !== null && { unit_post: m.unitPost }),
    ...(m.role !== null && { role: m.role }),
  };
}

async function loadMembers(trx: Kysely<Database>, ids: number[]): Promise<Map<number, MemberRow>> {
  const out = new Map<number, MemberRow>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    for (const m of await trx.selectFrom('members').selectAll().where('id', 'in', unique.slice(i, i + CHUNK)).execute()) out.set(m.id, m);
  }
  return out;
}

async function membersInReview(trx: Kysely<Database>, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx.selectFrom('commitments').select('member_id').where('member_id', 'in', unique.slice(i, i + CHUNK)).where('status', 'in', IN_REVIEW).execute();
    for (const r of rows) out.add(r.member_id!);
  }
  return out;
}
