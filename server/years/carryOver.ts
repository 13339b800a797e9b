// 结转: the unfinished items of a closed (or closing) year become drafts of the next year, each
// linked to its origin (`carried_from`, unique: carrying over again, or from two servers at once,
// never makes a second draft of one item). A draft waits for the clerk to confirm or drop it.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { CommitmentRow, Database } from '../db/schema';
import { Problem } from '../http/problem';
import { subtreeIds } from '../scope';
import { insertRows } from '../db/insertRows';
import { recordAudits } from '../audit';
import { isUniqueViolation } from '../db/uniqueViolation';
import { stepColumns } from '../commitments/steps';
import { assertMayClose, assertYearOver } from './close';
import { assertYearOpen, assertYearsOpen } from './closed';

/** Statuses of items that ended with the year; every other one is still to be done. */
const FINISHED = ['completed', 'unfulfilled', 'withdrawn'];

export interface CarryOverResult {
  year: number;
  toYear: number;
  /** Drafts made now, with their origins. */
  created: { id: number; carriedFrom: number }[];
  /** Unfinished items carried over before (their drafts exist). */
  alreadyCarried: number;
}

export async function carryOver(ctx: AppContext, user: AuthUser, orgId: number, year: number): Promise<CarryOverResult> {
  await assertMayClose(ctx, user, orgId);
  assertYearOver(ctx, year);
  const run = () => ctx.db.transaction().execute((trx) => carry(trx, user, orgId, year, ctx.now().toISOString()));
  try {
    return await run();
  } catch (err) {
    // Another carry-over of the same items won the race: once more finds their drafts there.
    if (isUniqueViolation(err)) return run();
    throw err;
  }
}

async function carry(trx: Kysely<Database>, user: AuthUser, orgId: number, year: number, at: string): Promise<CarryOverResult> {
  const unfinished = await trx
    .selectFrom('commitments as c')
    .leftJoin('commitments as draft', 'draft.carried_from', 'c.id')
    .selectAll('c')
    .select('draft.id as draft_id')
    .where('c.year', '=', year)
    .where('c.org_id', 'in', subtreeIds(trx, orgId))
    .where('c.status', 'not in', FINISHED)
    .orderBy('c.id')
    .execute();
  const fresh = unfinished.filter((c) => c.draft_id === null);
  const toYear = year + 1;
  await assertYearsOpen(trx, fresh.map((c) => ({ orgId: c.org_id, year: toYear })));
  const columns = [
    'year', 'org_id', 'subject_type', 'member_id', 'subject_name', 'category', 'content', 'measures', 'expected', 'deadline',
    'responsible', 'status', 'version', 'created_by', 'created_at', 'updated_at', 'carried_from', 'carry_pending',
  ];
  const created = await insertRows<{ id: number; carried_from: number }>(
    trx,
    'commitments',
    columns,
    fresh.map((c) => [
      toYear, c.org_id, c.subject_type, c.member_id, c.subject_name, c.category, c.content, c.measures, c.expected, carriedDeadline(c, toYear),
      c.responsible, 'proposed', 1, user.id, at, at, c.id, 1,
    ]),
    ['id', 'carried_from'],
  );
  await recordAudits(
    trx,
    created.map((d) => ({ userId: user.id, at, action: 'carry:create', entity: 'commitment', entityId: Number(d.id), after: { year: toYear, carriedFrom: Number(d.carried_from) } })),
  );
  return {
    year,
    toYear,
    created: created.map((d) => ({ id: Number(d.id), carriedFrom: Number(d.carried_from) })),
    alreadyCarried: unfinished.length - fresh.length,
  };
}

/** A long-term item stays long-term; a deadline already in the new year stays; others wait for the clerk at the new year's end. */
function carriedDeadline(c: Pick<CommitmentRow, 'deadline'>, toYear: number): string {
  if (c.deadline === 'ongoing' || c.deadline >= `${toYear}-01-01`) return c.deadline;
  return `${toYear}-12-31`;
}

export type CarryDecision = 'confirm' | 'drop';

/**
 * The clerk's answer to a carried-over draft: confirmed, it is an ordinary draft of the new year
 * (edited and submitted as any other); dropped, it is withdrawn and stays as the record of that.
 */
export async function decideCarried(trx: Kysely<Database>, user: AuthUser, c: CommitmentRow, decision: CarryDecision, at: string): Promise<CommitmentRow> {
  if (c.carry_pending !== 1) {
    throw new Problem(409, 'carry.decided', { zh: '该结转事项已确认或已放弃', en: 'This carried-over item was already decided' });
  }
  if (decision === 'drop' && c.status !== 'proposed') {
    throw new Problem(409, 'carry.submitted', { zh: '该结转事项已提交', en: 'This carried-over item was submitted' }, {
      zh: '已提交审核的事项不能直接放弃，请改用“撤销”',
      en: 'An item already submitted cannot be dropped; withdraw it instead',
    });
  }
  await assertYearOpen(trx, c.org_id, c.year);
  const row = await trx
    .updateTable('commitments')
    .set({ carry_pending: 0, ...(decision === 'drop' && { status: 'withdrawn', ...stepColumns('withdraw', user.id, at) }), version: c.version + 1, updated_at: at })
    .where('id', '=', c.id)
    .where('version', '=', c.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new Problem(409, 'version_conflict', { zh: '记录已被他人修改', en: 'The record was changed by someone else' }, {
      zh: '操作期间记录已被修改，请刷新后重试',
      en: 'The record changed meanwhile; reload and retry',
    });
  }
  await recordAudits(trx, [{ userId: user.id, at, action: `carry:${decision}`, entity: 'commitment', entityId: c.id, before: { status: c.status, carryPending: true }, after: { status: row.status, carryPending: false } }]);
  return row;
}
