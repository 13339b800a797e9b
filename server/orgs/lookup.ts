// Organisation names as ledgers write them (DESIGN §4 "Records join up"): a name is looked up
// inside the organisation the caller works on (an import's `org`, a batch's `orgId`) first, then
// in the rest of the caller's scope within that organisation's tree — never in another county,
// where a branch of the same name is a different branch. Two of one name where it is looked up
// is an error naming both. Shared by the batch upsert, the import commit and the preview.
import type { Kysely } from 'kysely';
import type { FieldError } from '../../core/types';
import type { Database } from '../db/schema';
import { ancestorIds, scopeOrgIds } from '../scope';

export interface ScopeOrg {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

export type OrgMatch = { org: ScopeOrg } | { ambiguous: ScopeOrg[] } | { missing: true };

export interface OrgDirectory {
  /** The actor's scope by id. */
  orgs: Map<number, ScopeOrg>;
  /** The top-level organisation of an organisation of the scope: its key space. */
  rootOf(orgId: number): number;
  /** A name looked up from `workingOrgId` outwards (the whole scope when none). */
  find(name: string, workingOrgId?: number): OrgMatch;
}

const CHUNK = 1000;

/** The actor's scope (null: the whole tree) as a directory of names. */
export async function orgDirectory(db: Kysely<Database>, scopeOrgId: number | null): Promise<OrgDirectory> {
  const ids = scopeOrgId === null ? null : await scopeOrgIds(db, scopeOrgId);
  const rows: ScopeOrg[] = [];
  const columns = ['id', 'name', 'kind', 'parent_id as parentId'] as const;
  if (ids === null) rows.push(...(await db.selectFrom('organizations').select(columns).execute()));
  else for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await db.selectFrom('organizations').select(columns).where('id', 'in', ids.slice(i, i + CHUNK)).execute()));
  const orgs = new Map(rows.map((o) => [o.id, o]));
  // A scoped actor's whole scope lies in one tree; its top may be above the scope.
  const scopeRoot = scopeOrgId === null ? null : (await ancestorIds(db, scopeOrgId)).at(-1)!;
  const rootOf = (orgId: number) => {
    if (scopeRoot !== null) return scopeRoot;
    let id = orgId;
    while (orgs.get(id)?.parentId != null) id = orgs.get(id)!.parentId!;
    return id;
  };
  const children = new Map<number, number[]>();
  for (const o of rows) if (o.parentId !== null) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const below = (top: number) => {
    const out = new Set<number>();
    const stack = [top];
    while (stack.length) {
      const id = stack.pop()!;
      out.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  };
  const memo = new Map<number | undefined, { near: Set<number> | null; tree: number | null }>();
  const around = (working: number | undefined) => {
    if (!memo.has(working)) {
      const known = working !== undefined && orgs.has(working);
      memo.set(working, { near: known ? below(working) : null, tree: known ? rootOf(working) : null });
    }
    return memo.get(working)!;
  };
  const byName = new Map<string, ScopeOrg[]>();
  for (const o of rows) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);

  return {
    orgs,
    rootOf,
    find(name, workingOrgId) {
      const all = byName.get(name) ?? [];
      const { near, tree } = around(workingOrgId);
      const inTree = tree === null ? all : all.filter((o) => rootOf(o.id) === tree);
      const nearby = near === null ? inTree : inTree.filter((o) => near.has(o.id));
      const found = nearby.length > 0 ? nearby : inTree;
      if (found.length === 1) return { org: found[0] };
      return found.length > 1 ? { ambiguous: found } : { missing: true };
    },
  };
}

/** The error of a name two organisations share, naming each with the one above it. */
export function ambiguousOrg(name: string, found: ScopeOrg[], orgs: Map<number, ScopeOrg>): FieldError {
  const where = (o: ScopeOrg) => orgs.get(o.parentId ?? -1)?.name ?? null;
  const zh = found.map((o) => `“${o.name}”（编号 ${o.id}${where(o) ? `，属${where(o)}` : ''}）`).join('和');
  const en = found.map((o) => `"${o.name}" (id ${o.id}${where(o) ? `, under ${where(o)}` : ''})`).join(' and ');
  return {
    field: 'org',
    code: 'org.ambiguous',
    message: { zh: `党组织名称“${name}”不唯一：${zh}；请改用编号或写明上级`, en: `The name "${name}" is not unique: ${en}; give the id` },
  };
}
