// One commitment, when it lies in the user's scope; 404 otherwise.
import type { AppContext } from '../context';
import type { CommitmentRow } from '../db/schema';
import type { AuthUser } from '../auth/sessions';
import { notFound } from '../http/problem';
import { orgRelation } from '../scope';

export const COMMITMENT = { zh: '承诺事项', en: 'commitment' };

export async function findCommitment(ctx: AppContext, user: AuthUser, commitmentId: number): Promise<CommitmentRow> {
  const row = await ctx.db.selectFrom('commitments').selectAll().where('id', '=', commitmentId).executeTakeFirst();
  if (!row || (await orgRelation(ctx.db, user.orgId, row.org_id)) === 'outside') throw notFound(COMMITMENT);
  return row;
}
