// POST, GET /commitments/:id/progress: the monthly record of fulfilment (践诺记实). The newest
// month's note is also the record's `progress`, so the ledger's 进展情况, lists, reports and a
// refreshed sheet all show the latest word, not the older text the ledger was submitted with.
// POST /commitments/progress is a clerk's monthly check of many records at once (跟踪问诺): all
// or nothing (a record outside the clerk's scope answers 404 for the whole check), and named by
// a key so that a retry after a lost answer stores nothing twice.
import { Router } from 'express';
import { z } from 'zod';
import type { Kysely, Selectable } from 'kysely';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { CommitmentRow, Database, ProgressEntriesTable } from '../db/schema';
import { ProgressBatchBody, ProgressBody, type ProgressBatchAnswer, type ProgressEntryJson } from '../../core/progress';
import { id, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { recordAudit } from '../audit';
import { findCommitment } from './find';
import { notFound, Problem, type ProblemItem } from '../http/problem';
import { scopeOrgIds } from '../scope';
import { isUniqueViolation } from '../db/uniqueViolation';
import { localDate } from '../clock';
import { loadPlan, storePlan } from '../../core/plan';
import { assertYearOpen } from '../years/closed';

const ProgressPatch = z.strictObject({ public: z.boolean() });

function progressJson(p: Selectable<ProgressEntriesTable>): ProgressEntryJson {
  return { id: p.id, commitmentId: p.commitment_id, month: p.month, note: p.note, percent: p.percent, public: p.public === 1, userId: p.user_id, createdAt: p.created_at };
}

/**
 * The stored plan with one phase marked done on `day`; a phase already done keeps its day (a
 * repeated entry changes nothing). 400 naming the phase (`field`) when the plan has no such phase.
 */
function markPhaseDone(c: CommitmentRow, phase: number | string, day: string, field = 'phase'): string {
  const plan = loadPlan(c.plan) ?? [];
  const index = typeof phase === 'number' ? phase - 1 : plan.findIndex((p) => p.by === phase);
  if (index < 0 || index >= plan.length) {
    throw new Problem(400, 'phase.unknown', { zh: '没有这个阶段', en: 'No such phase' }, {
      zh: plan.length === 0 ? '该承诺没有阶段计划' : `阶段“${phase}”不在该承诺的阶段计划中（共${plan.length}个阶段）`,
      en: plan.length === 0 ? 'This commitment has no phased plan' : `Phase "${phase}" is not in this commitment's plan (${plan.length} phases)`,
    }, [{ field, code: 'phase.unknown', message: { zh: `阶段“${phase}”不存在`, en: `Phase "${phase}" does not exist` } }]);
  }
  return storePlan(plan.map((p, i) => (i === index && p.doneOn === null ? { ...p, doneOn: day } : p)))!;
}

interface NewEntry {
  month: string;
  note: string;
  percent: number | null;
  public: boolean;
  /** The record's plan with the phase this entry marks done, when it marks one. */
  plan: string | null;
}

/** Stores one entry (the one write path of progress): audited, the record's progress when it is the newest month, and the phase it marks done. */
async function addEntry(trx: Kysely<Database>, user: AuthUser, c: CommitmentRow, entry: NewEntry, at: string, requestKey: string | null) {
  await assertYearOpen(trx, c.org_id, c.year); // a closed year takes no more 记实, one entry or a month's check
  const row = await trx
    .insertInto('progress_entries')
    .values({ commitment_id: c.id, month: entry.month, note: entry.note, percent: entry.percent, public: entry.public ? 1 : 0, user_id: user.id, created_at: at, request_key: requestKey })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'progress_entry', entityId: row.id, after: progressJson(row) });
  const later = await trx.selectFrom('progress_entries').select('id').where('commitment_id', '=', c.id).where('month', '>', entry.month).executeTakeFirst();
  if (!later && c.progress !== entry.note) {
    await trx.updateTable('commitments').set((eb) => ({ progress: entry.note, version: eb('version', '+', 1), updated_at: at })).where('id', '=', c.id).execute();
    await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'commitment', entityId: c.id, before: { progress: c.progress }, after: { progress: entry.note } });
  }
  if (entry.plan !== null && entry.plan !== c.plan) {
    await trx.updateTable('commitments').set((eb) => ({ plan: entry.plan, version: eb('version', '+', 1), updated_at: at })).where('id', '=', c.id).execute();
    await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'commitment', entityId: c.id, before: { plan: loadPlan(c.plan) }, after: { plan: loadPlan(entry.plan), progressEntryId: row.id } });
  }
  return row;
}

/** What a request of this key stored before: the user's own, or a 409 when another user's key. */
async function storedBefore(ctx: AppContext, user: AuthUser, key: string): Promise<ProgressBatchAnswer | null> {
  const rows = await ctx.db.selectFrom('progress_entries').selectAll().where('request_key', '=', key).orderBy('id').execute();
  if (rows.length === 0) return null;
  if (rows.some((r) => r.user_id !== user.id)) {
    throw new Problem(409, 'progress.key_taken', { zh: '请求编号已被使用', en: 'The request key is taken' }, {
      zh: '这个请求编号已被他人使用，请重新发送（将生成新的编号）',
      en: 'Another user sent a request with this key; send again (a new key is made)',
    });
  }
  return { replayed: true, entries: rows.map(progressJson) };
}

/**
 * The records of a monthly check, each in the user's scope. A record outside it answers 404 as
 * if it did not exist, and a record named twice 400; each refusal names its entry, nothing is stored.
 */
async function checkedRecords(ctx: AppContext, user: AuthUser, ids: number[]): Promise<CommitmentRow[]> {
  const rows = await ctx.db.selectFrom('commitments').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const reach = new Set(await scopeOrgIds(ctx.db, user.orgId));
  const refusal = (i: number, code: string, zh: string, en: string): ProblemItem => ({ field: `entries.${i}.commitmentId`, code, message: { zh: `第 ${i + 1} 条：${zh}`, en: `entry ${i + 1}: ${en}` } });
  const unknown = ids.flatMap((cid, i) => (byId.has(cid) && reach.has(byId.get(cid)!.org_id) ? [] : [refusal(i, 'not_found', `未找到承诺事项 ${cid}`, `commitment ${cid} not found`)]));
  if (unknown.length > 0) {
    throw new Problem(404, 'not_found', { zh: '未找到承诺事项，本次记实未保存', en: 'Commitments not found; the check was not saved' }, undefined, unknown);
  }
  const twice = ids.flatMap((cid, i) => (ids.indexOf(cid) < i ? [refusal(i, 'duplicate', `承诺事项 ${cid} 在本次记实中重复`, `commitment ${cid} appears twice`)] : []));
  if (twice.length > 0) {
    throw new Problem(400, 'progress.duplicate', { zh: '同一承诺事项重复，本次记实未保存', en: 'A commitment appears twice; the check was not saved' }, undefined, twice);
  }
  return ids.map((cid) => byId.get(cid)!);
}

export function progressRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/commitments/:id/progress', async (req, res) => {
    const c = await findCommitment(ctx, userOf(req), parseInput(id, req.params.id));
    const rows = await ctx.db.selectFrom('progress_entries').selectAll().where('commitment_id', '=', c.id).orderBy('month').orderBy('id').execute();
    res.json({ items: rows.map(progressJson) });
  });

  router.post('/commitments/:id/progress', writers, async (req, res) => {
    const user = userOf(req);
    const c = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const body = parseInput(ProgressBody, req.body);
    const at = ctx.now().toISOString();
    const plan = body.phase === undefined ? null : markPhaseDone(c, body.phase, localDate(ctx.now(), ctx.config.reportTz));
    const row = await ctx.db.transaction().execute((trx) => addEntry(trx, user, c, { ...body, plan }, at, null));
    res.status(201).json(progressJson(row));
  });

  router.post('/commitments/progress', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(ProgressBatchBody, req.body);
    const records = await checkedRecords(ctx, user, body.entries.map((e) => e.commitmentId));
    const replay = await storedBefore(ctx, user, body.key);
    if (replay) return void res.json(replay);
    const at = ctx.now().toISOString();
    const day = localDate(ctx.now(), ctx.config.reportTz);
    const plans = body.entries.map((e, i) => (e.phase === undefined ? null : markPhaseDone(records[i], e.phase, day, `entries.${i}.phase`)));
    try {
      const rows = await ctx.db.transaction().execute(async (trx) => {
        const out = [];
        for (const [i, e] of body.entries.entries()) out.push(await addEntry(trx, user, records[i], { ...e, month: body.month, plan: plans[i] }, at, body.key));
        return out;
      });
      const answer: ProgressBatchAnswer = { replayed: false, entries: rows.map(progressJson) };
      res.status(201).json(answer);
    } catch (error) {
      // The same request racing itself: the first stored everything, this one answers what it stored.
      const raced = isUniqueViolation(error) ? await storedBefore(ctx, user, body.key) : null;
      if (!raced) throw error;
      res.json(raced);
    }
  });

  // Marks an entry public or not (the one thing about a recorded entry that changes).
  router.patch('/commitments/:id/progress/:entryId', writers, async (req, res) => {
    const user = userOf(req);
    const c = await findCommitment(ctx, user, parseInput(id, req.params.id));
    const entryId = parseInput(id, req.params.entryId);
    const body = parseInput(ProgressPatch, req.body);
    const before = await ctx.db.selectFrom('progress_entries').selectAll().where('id', '=', entryId).where('commitment_id', '=', c.id).executeTakeFirst();
    if (!before) throw notFound({ zh: '践诺记实', en: 'progress entry' });
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, c.org_id, c.year);
      const row = await trx.updateTable('progress_entries').set({ public: body.public ? 1 : 0 }).where('id', '=', entryId).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'progress_entry', entityId: entryId, before: progressJson(before), after: progressJson(row) });
      return row;
    });
    res.json(progressJson(row));
  });

  return router;
}
