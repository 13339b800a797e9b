// Ledger row keys are unique within a key space: the top-level organisation of the record's tree
// (DESIGN §4, keys namespaced by organisation tree). A record or a branch moved into another tree
// takes its keys along, unless that tree already uses one of them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Problem } from '../http/problem';
import { ancestorIds, scopeOrgIds } from '../scope';

/** The key space of an organisation: the top of its tree. */
export async function keySpaceOf(db: Kysely<Database>, orgId: number): Promise<number> {
  return (await ancestorIds(db, orgId)).at(-1)!;
}

/** After `orgId` moved under another parent: its subtree's keyed records join the new tree's space. */
export async function moveSubtreeKeys(trx: Kysely<Database>, orgId: number): Promise<void> {
  const space = await keySpaceOf(trx, orgId);
  const ids = await scopeOrgIds(trx, orgId);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const clash = await trx
      .selectFrom('commitments as moved')
      .innerJoin('commitments as there', (j) => j.onRef('there.key', '=', 'moved.key'))
      .select('moved.key')
      .where('moved.org_id', 'in', chunk)
      .where('there.key_space', '=', space)
      .where(sql<boolean>`there.id <> moved.id`)
      .where('there.org_id', 'not in', ids)
      .executeTakeFirst();
    if (clash) throw keyTaken(clash.key!);
    await trx.updateTable('commitments').set({ key_space: space }).where('org_id', 'in', chunk).where('key', 'is not', null).execute();
  }
}

export function keyTaken(key: string): Problem {
  return new Problem(409, 'key.taken', { zh: '编号键已被使用', en: 'Key in use' }, {
    zh: `目标党组织所在的县已有编号键为“${key}”的记录，不能移入`,
    en: `The target organisation's tree already has a record with key "${key}"`,
  });
}
