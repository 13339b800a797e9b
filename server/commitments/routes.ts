// GET /commitments (filtered, paged), POST /commitments/batch (keyed upsert), GET and PATCH
// /commitments/:id (ETag = version; PATCH needs If-Match).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CATEGORIES, STATUSES, type FieldError, type LedgerRowInput } from '../../core/types';
import { FIELD_LABELS, validateRow, type RowField } from '../../core/validate';
import { textRemovedMessage } from '../../core/text';
import type { AppContext } from '../context';
import type { Kysely } from 'kysely';
import type { CommitmentRow, Database } from '../db/schema';
import type { CommitmentDraft } from '../../core/types';
import { linkMembers } from '../members/link';
import { id, Paging, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { removedText } from '../http/text';
import { writers } from '../http/roles';
import { Problem, requestLanguage, type Language } from '../http/problem';
import { assertOrgInScope, inSubtree } from '../scope';
import { keySpaceOf, keyTaken } from './keySpace';
import { recordAudit } from '../audit';
import { localDate } from '../clock';
import { commitmentJson, sendOne } from './json';
import { findCommitment } from './find';
import { draftColumns, upsertCommitments, type UpsertRow } from './upsert';
import { IN_REVIEW } from './steps';
import { SENT_BACK_COLUMNS, sentBackAudit, standingAfter } from './review';
import { peerTexts } from './peers';
import { reviewQueue } from './queue';
import { HINT_CODES } from '../../core/hints';
import { loadPlan } from '../../core/plan';

/** A ledger cell as JSON carries it; core's validator reads and bounds it. */
const Cell = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]).optional();
const year = z.number().int().min(1990).max(2100);

/** 践诺计划: the ledger cell's text, or the phases as a list (core/plan.ts reads both); null clears it. */
const Phase = z.strictObject({
  by: z.union([z.string().max(100), z.number()]),
  target: z.string().max(1000),
  doneOn: z.union([z.string().max(100), z.null()]).optional(),
});
const Plan = z.union([Cell, z.array(Phase).max(100)]);

/** The cells of a commitment both a batch row and a patch may carry (a patch never sets the status). */
const commitmentCells = {
  plan: Plan,
  year: Cell,
  subjectType: Cell,
  subjectName: Cell,
  category: Cell,
  content: Cell,
  measures: Cell,
  expected: Cell,
  deadline: Cell,
  responsible: Cell,
  progress: Cell,
  remarks: Cell,
};

const BatchRow = z.object({
  key: z.string().trim().min(1).max(200),
  orgId: id.optional(),
  orgName: Cell,
  memberId: id.nullish(),
  ...commitmentCells,
  status: Cell,
  /** 单位及职务 of a member subject: tells two members of one name apart. */
  unitPost: Cell,
  /** When a finished item was finished (a past year's ledger). */
  completedOn: Cell,
});
export const MAX_BATCH_ROWS = 50_000;
const BatchBody = z.object({
  rows: z.array(BatchRow).min(1).max(MAX_BATCH_ROWS),
  /** Year of rows that state none. */
  ledgerYear: year.optional(),
  /** Organisation of rows that name none. */
  orgId: id.optional(),
});

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const ListQuery = Paging.extend({
  org: id.optional(),
  year: z.coerce.number().int().optional(),
  status: csv(STATUSES).optional(),
  category: csv(CATEGORIES).optional(),
  overdue: flag.optional(),
  member: id.optional(),
  key: z.string().max(200).optional(),
  /** The 待审 queue: what the caller may approve or return now (server/commitments/queue.ts). */
  reviewable: flag.optional(),
  late: flag.optional(),
  hint: z
    .string()
    .transform((s) => s.split(',').map((v) => (v.trim().startsWith('hint.') ? v.trim() : `hint.${v.trim()}`)))
    .pipe(z.array(z.enum(HINT_CODES)).min(1))
    .optional(),
});

const PatchBody = z.strictObject({
  orgId: id.optional(),
  memberId: id.nullish(),
  ...commitmentCells,
});

/** Statuses after which a deadline no longer matters (as core/overdue's isOverdue has it). */
const FINISHED = ['completed', 'unfulfilled', 'withdrawn'];

const localErrors = (errors: FieldError[], lang: Language) => errors.map((e) => ({ field: e.field, code: e.code, message: e.message[lang] }));

/** A batch row's JSON field as the ledger field errors and warnings name. */
const ROW_FIELD: Record<string, string> = { subjectName: 'subject', orgName: 'org' };

/** `rows.3.content` lost characters a workbook cannot hold: row 3 says so in its warnings. */
function addTextRemovedWarnings(results: { warnings: FieldError[] }[], paths: string[]): void {
  for (const path of paths) {
    const m = /^rows\.(\d+)\.([^.]+)$/.exec(path);
    const result = m && results[Number(m[1])];
    if (!result) continue;
    const field = ROW_FIELD[m[2]] ?? m[2];
    const label = FIELD_LABELS[field as RowField] ?? { zh: field, en: field };
    result.warnings.push({ field, code: 'text.removed', message: textRemovedMessage(label) });
  }
}

export function commitmentRoutes(ctx: AppContext): Router {
  const router = Router();
  const today = () => localDate(ctx.now(), ctx.config.reportTz);

  router.get('/commitments', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(ListQuery, req.query);
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    const now = today();
    if (q.reviewable) {
      res.json(await reviewQueue(ctx, user, q, now, requestLanguage(req)));
      return;
    }
    const root = q.org ?? user.orgId;
    let base = ctx.db.selectFrom('commitments');
    if (root !== null) base = base.where(await inSubtree(ctx, 'commitments.org_id', root));
    if (q.year !== undefined) base = base.where('year', '=', q.year);
    if (q.status) base = base.where('status', 'in', q.status);
    if (q.category) base = base.where('category', 'in', q.category);
    if (q.member !== undefined) base = base.where('member_id', '=', q.member);
    if (q.key !== undefined) base = base.where('key', '=', q.key);
    if (q.overdue !== undefined) {
      base = base.where((eb) => {
        const overdue = eb.and([eb('deadline', '!=', 'ongoing'), eb('deadline', '<', now), eb('status', 'not in', FINISHED)]);
        return q.overdue ? overdue : eb.not(overdue);
      });
    }
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const peersOf = await peerTexts(ctx.db, items);
    const lang = requestLanguage(req);
    res.json({ items: items.map((c) => commitmentJson(c, now, { peers: peersOf(c), lang })), total: Number(count.n) });
  });

  router.post('/commitments/batch', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(BatchBody, req.body);
    if (body.orgId !== undefined) await assertOrgInScope(ctx, user, body.orgId);
    const rows: UpsertRow[] = body.rows.map(({ key, orgId, orgName, memberId, subjectName, ...cells }) => ({
      key,
      orgId,
      memberId,
      input: { ...cells, org: orgName, subject: subjectName },
    }));
    const results = await ctx.db
      .transaction()
      .execute((trx) => upsertCommitments(trx, user, rows, { now: ctx.now(), timeZone: ctx.config.reportTz, ledgerYear: body.ledgerYear, defaultOrgId: body.orgId }));
    addTextRemovedWarnings(results, removedText(req));
    const lang = requestLanguage(req);
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const r of results) counts[r.result] += 1;
    res.json({
      rows: results.map((r) => ({ ...r, errors: localErrors(r.errors, lang), warnings: localErrors(r.warnings, lang) })),
      counts,
    });
  });

  router.get('/commitments/:id', async (req, res) => {
    const row = await findCommitment(ctx, userOf(req), parseInput(id, req.params.id));
    await sendOne(ctx, req, res, row, today());
  });

  router.patch('/commitments/:id', writers, async (req, res) => {
    const user = userOf(req);
    const before = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const expected = ifMatchVersion(req);
    const patch = parseInput(PatchBody, req.body);
    if (patch.orgId !== undefined) await assertOrgInScope(ctx, user, patch.orgId);
    const orgId = patch.orgId ?? before.org_id;
    const { draft, errors } = validateRow(mergedInput(before, patch));
    if (!draft) {
      throw new Problem(400, 'invalid_commitment', { zh: '承诺事项有误', en: 'Invalid commitment' }, undefined, errors);
    }
    const at = ctx.now().toISOString();
    const after = await ctx.db.transaction().execute(async (trx) => {
      const memberId = await patchedMember(trx, before, patch.memberId, draft, orgId, user.id, at);
      // Who reviews was fixed at submission for this organisation: a record in review stays in it.
      if (orgId !== before.org_id && IN_REVIEW.includes(before.status)) {
        throw new Problem(409, 'commitment.in_review', { zh: '承诺正在审核', en: 'Commitment in review' }, {
          zh: '审核中的承诺不能改到其他党组织；请先退回或撤销',
          en: 'A commitment in review keeps its organisation; return or withdraw it first',
        });
      }
      if (memberId !== null && patch.memberId != null) await assertMember(trx, memberId, orgId);
      const keySpace = before.key !== null && orgId !== before.org_id ? await keySpaceOf(trx, orgId) : before.key_space;
      if (keySpace !== before.key_space && (await trx.selectFrom('commitments').select('id').where('key_space', '=', keySpace).where('key', '=', before.key).executeTakeFirst())) {
        throw keyTaken(before.key!);
      }
      const next = { ...draftColumns(draft, before), org_id: orgId, member_id: memberId };
      const standing = standingAfter(before, next);
      if (!standing.ok) {
        throw new Problem(409, standing.error.code, { zh: '承诺已办结', en: 'Commitment finished' }, standing.error.message, [standing.error]);
      }
      const row = await trx
        .updateTable('commitments')
        .set({
          ...next,
          key_space: keySpace,
          // What was reviewed changed: back to proposed, to be submitted and reviewed again.
          ...(standing.sentBack.length > 0 && SENT_BACK_COLUMNS),
          version: before.version + 1,
          updated_at: at,
        })
        .where('id', '=', before.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'commitment', entityId: row.id, before: commitmentJson(before, today()), after: commitmentJson(row, today()) });
      if (standing.sentBack.length > 0) await recordAudit(trx, sentBackAudit(user.id, at, before, row, standing.sentBack));
      return row;
    });
    if (!after) throw stale(expected);
    await sendOne(ctx, req, res, after, today());
  });

  return router;
}


/** The record as a ledger row with the patch laid over it, so core validates the result as a whole. */
function mergedInput(c: CommitmentRow, p: z.output<typeof PatchBody>): LedgerRowInput {
  const pick = <T>(patched: T | undefined, current: T) => (patched === undefined ? current : patched);
  return {
    year: pick(p.year, c.year),
    subjectType: pick(p.subjectType, c.subject_type),
    subject: pick(p.subjectName, c.subject_name),
    category: pick(p.category, c.category),
    content: pick(p.content, c.content),
    measures: pick(p.measures, c.measures),
    expected: pick(p.expected, c.expected),
    deadline: pick(p.deadline, c.deadline),
    plan: pick(p.plan, loadPlan(c.plan)),
    responsible: pick(p.responsible, c.responsible),
    status: c.status,
    progress: pick(p.progress, c.progress),
    remarks: pick(p.remarks, c.remarks),
  };
}

/**
 * The member a patched record links to: the one given, else — for a member's commitment — joined
 * up by organisation and name as a ledger row is (kept while organisation and name stay).
 */
async function patchedMember(
  trx: Kysely<Database>,
  before: CommitmentRow,
  given: number | null | undefined,
  draft: CommitmentDraft,
  orgId: number,
  actorId: number,
  at: string,
): Promise<number | null> {
  if (given !== undefined) return given;
  if (draft.subjectType !== 'member') return null;
  const kept = before.org_id === orgId && before.subject_name === draft.subjectName ? before.member_id : null;
  const [link] = await linkMembers(trx, [{ orgId, name: draft.subjectName, unitPost: null, linkedId: kept }], actorId, at);
  return link.memberId;
}

async function assertMember(db: Kysely<Database>, memberId: number, orgId: number): Promise<void> {
  const m = await db.selectFrom('members').select('org_id').where('id', '=', memberId).executeTakeFirst();
  if (m?.org_id !== orgId) {
    const message = { zh: `党员编号 ${memberId} 不属于该党组织`, en: `Member ${memberId} does not belong to this organisation` };
    throw new Problem(400, 'invalid_commitment', { zh: '承诺事项有误', en: 'Invalid commitment' }, undefined, [
      { field: 'memberId', code: 'member.unknown', message },
    ]);
  }
}

/** The version in `If-Match` ("3", W/"3" or 3); 428 when absent or not a version. */
export function ifMatchVersion(req: Request): number {
  const raw = req.get('if-match');
  const m = raw ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw) : null;
  if (!m) {
    throw new Problem(428, 'if_match_required', { zh: '缺少版本号', en: 'If-Match required' }, {
      zh: '修改前请先读取记录，并在 If-Match 请求头中带上它的版本号（ETag）',
      en: "Read the record first and send its version (the ETag) in the If-Match header",
    });
  }
  return Number(m[1]);
}

function stale(expected: number): Problem {
  return new Problem(409, 'version_conflict', { zh: '记录已被他人修改', en: 'The record was changed by someone else' }, {
    zh: `您修改的是第 ${expected} 版，但记录已更新；请重新读取后再修改`,
    en: `You edited version ${expected} but the record has changed since; read it again and retry`,
  });
}
