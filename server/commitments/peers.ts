// Other members' commitments, for the copied hint (core/hints): the texts of the same
// organisation and year by other subjects, in the categories each member words for themselves.
import type { Kysely } from 'kysely';
import type { CommitmentRow, Database } from '../db/schema';

/** Categories a member words for their own post and deeds; 共性/自律 are shared by design. */
const OWN_WORDING = ['post', 'deed'];

type Subject = Pick<CommitmentRow, 'org_id' | 'year' | 'member_id' | 'subject_name'>;

/** For a page of records: a function giving each its peers' texts (one query for the page). */
export async function peerTexts(db: Kysely<Database>, rows: readonly CommitmentRow[]): Promise<(c: CommitmentRow) => string[]> {
  const asked = rows.filter((r) => r.subject_type === 'member' && OWN_WORDING.includes(r.category));
  if (asked.length === 0) return () => [];
  const peers = await db
    .selectFrom('commitments')
    .select(['org_id', 'year', 'member_id', 'subject_name', 'content'])
    .where('org_id', 'in', [...new Set(asked.map((r) => r.org_id))])
    .where('year', 'in', [...new Set(asked.map((r) => r.year))])
    .where('subject_type', '=', 'member')
    .where('category', 'in', OWN_WORDING)
    .where('status', '!=', 'withdrawn')
    .execute();
  const byOrgYear = new Map<string, typeof peers>();
  for (const p of peers) {
    const k = `${p.org_id}/${p.year}`;
    if (!byOrgYear.has(k)) byOrgYear.set(k, []);
    byOrgYear.get(k)!.push(p);
  }
  return (c) => (byOrgYear.get(`${c.org_id}/${c.year}`) ?? []).filter((p) => !sameSubject(p, c)).map((p) => p.content);
}

/** The same member: by record when both are linked, else by name. */
function sameSubject(a: Subject, b: Subject): boolean {
  return a.member_id !== null && b.member_id !== null ? a.member_id === b.member_id : a.subject_name === b.subject_name;
}
