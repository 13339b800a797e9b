// Report schedules and their deliveries (DESIGN §7):
//   GET  /schedules?org=            schedules in the user's scope
//   POST /schedules                 {kind, orgId, cron, timezone?, recipients, enabled?}
//   GET  /schedules/defaults        the practice's default schedules, offered for a new top organisation
//   POST /schedules/defaults        {orgId, recipients}: creates those of them the organisation lacks
//   GET, PATCH /schedules/:id
//   POST /schedules/:id/run?period=&resend=   send one period now and answer what was done
//   GET  /deliveries?schedule=&status=&period=&org=&limit=&offset=
// Anyone may read what lies in their scope; admins and reviewers change and run. Others' records answer 404.
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DELIVERY_STATUSES, REPORT_KINDS, type LocalText } from '../../core/types';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit';
import { id, line, Paging, parseInput } from '../http/body';
import { requireRole, userOf, type AuthUser } from '../http/auth';
import { notFound, Problem } from '../http/problem';
import { assertOrgInScope, scopeOrgIds } from '../scope';
import { defaultSchedules } from './defaults';
import { runScheduleNow } from './manualRun';
import { resendLimited, takeResend } from './resendLimit';
import { schedulerOf } from './scheduler';
import { timingProblem } from './runTimes';
import { findSchedule, insertSchedule, listDeliveries, listSchedules, updateSchedule, type ScheduleFields, type ScheduleRecord } from './store';

const SCHEDULE: LocalText = { zh: '报表发送计划', en: 'schedule' };

const Recipients = z
  .array(z.email().max(254))
  .min(1)
  .max(50)
  .transform((list) => [...new Map(list.map((a) => [a.toLowerCase(), a])).values()]);

const ScheduleBody = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  orgId: id,
  // One space between fields, so the same timing is always written the same way.
  cron: line(100).transform((c) => c.split(/\s+/).join(' ')),
  timezone: line(64).optional(),
  recipients: Recipients,
  enabled: z.boolean().optional(),
});

const DefaultsBody = z.strictObject({ orgId: id, recipients: Recipients });
const ListQuery = z.object({ org: id.optional() });
const RunQuery = z.object({
  period: line(16).optional(),
  resend: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
});
const DeliveryQuery = Paging.extend({
  schedule: id.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  period: line(16).optional(),
  org: id.optional(),
});

export function scheduleRoutes(ctx: AppContext): Router {
  const router = Router();
  const manage = requireRole('admin', 'reviewer');

  /** The organisations a list covers: `org` and below when given (in scope), else the user's whole scope. */
  const listScope = async (user: AuthUser, org: number | undefined) => {
    if (org === undefined) return user.orgId === null ? null : scopeOrgIds(ctx.db, user.orgId);
    await assertOrgInScope(ctx, user, org);
    return scopeOrgIds(ctx.db, org);
  };

  const scheduleInScope = async (user: AuthUser, scheduleId: number): Promise<ScheduleRecord> => {
    const schedule = await findSchedule(ctx.db, scheduleId);
    if (!schedule) throw notFound(SCHEDULE);
    await assertOrgInScope(ctx, user, schedule.orgId, SCHEDULE);
    return schedule;
  };

  router.get('/schedules', async (req, res) => {
    const { org } = parseInput(ListQuery, req.query);
    const items = await listSchedules(ctx.db, await listScope(userOf(req), org));
    res.json({ items, total: items.length });
  });

  router.get('/schedules/defaults', (_req, res) => {
    res.json({ items: defaultSchedules(ctx.config.reportTz) });
  });

  router.post('/schedules/defaults', manage, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(DefaultsBody, req.body);
    await assertOrgInScope(ctx, user, body.orgId);
    const existing = new Set((await listSchedules(ctx.db, [body.orgId])).map((s) => s.kind));
    const drafts = defaultSchedules(ctx.config.reportTz);
    const items = await ctx.db.transaction().execute(async (trx) => {
      const created: ScheduleRecord[] = [];
      for (const draft of drafts.filter((d) => !existing.has(d.kind))) {
        created.push(await saveNew(trx, user, { ...draft, orgId: body.orgId, recipients: body.recipients, enabled: true }));
      }
      return created;
    });
    res.status(201).json({ items, skipped: drafts.filter((d) => existing.has(d.kind)).map((d) => d.kind) });
  });

  router.post('/schedules', manage, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(ScheduleBody, req.body);
    await assertOrgInScope(ctx, user, body.orgId);
    const fields = { ...body, timezone: body.timezone ?? ctx.config.reportTz, enabled: body.enabled ?? true };
    checkTiming(fields);
    const twin = (await listSchedules(ctx.db, [fields.orgId])).find(
      (s) => s.kind === fields.kind && s.cron === fields.cron && s.timezone === fields.timezone,
    );
    if (twin) {
      throw new Problem(409, 'schedule_exists', { zh: '已有相同的发送计划', en: 'This schedule exists already' }, {
        zh: `计划 ${twin.id} 已在同一时间发送该党组织的这份报表；要增加收件人请修改它`,
        en: `Schedule ${twin.id} already sends this report of this organisation at that time; change its recipients instead`,
      });
    }
    res.status(201).json(await ctx.db.transaction().execute((trx) => saveNew(trx, user, fields)));
  });

  router.get('/schedules/:id', async (req, res) => {
    res.json(await scheduleInScope(userOf(req), parseInput(id, req.params.id)));
  });

  router.patch('/schedules/:id', manage, async (req, res) => {
    const user = userOf(req);
    const before = await scheduleInScope(user, parseInput(id, req.params.id));
    const patch = parseInput(ScheduleBody.partial(), req.body);
    const fields: ScheduleFields = {
      kind: patch.kind ?? before.kind,
      orgId: patch.orgId ?? before.orgId,
      cron: patch.cron ?? before.cron,
      timezone: patch.timezone ?? before.timezone,
      recipients: patch.recipients ?? before.recipients,
      enabled: patch.enabled ?? before.enabled,
    };
    if (fields.orgId !== before.orgId) await assertOrgInScope(ctx, user, fields.orgId);
    checkTiming(fields);
    const after = await ctx.db.transaction().execute(async (trx) => {
      const saved = await updateSchedule(trx, before, fields, ctx.now());
      await recordAudit(trx, { userId: user.id, at: ctx.now().toISOString(), action: 'update', entity: 'schedule', entityId: saved.id, before, after: saved });
      return saved;
    });
    res.json(after);
  });

  router.post('/schedules/:id/run', manage, async (req, res) => {
    const user = userOf(req);
    const schedule = await scheduleInScope(user, parseInput(id, req.params.id));
    const { period, resend } = parseInput(RunQuery, req.query);
    if (resend) {
      const wait = await takeResend(ctx, user, schedule.id, period);
      if (wait > 0) {
        res.set('Retry-After', String(wait));
        throw resendLimited(wait);
      }
    }
    const report = await runScheduleNow(ctx, schedulerOf(ctx), schedule, period, resend);
    await recordAudit(ctx.db, {
      userId: user.id,
      at: ctx.now().toISOString(),
      action: `run:${report.action}`,
      entity: 'delivery',
      entityId: report.delivery.id,
      after: { period: report.period, sentTo: report.sentTo, refused: report.refused, waiting: report.waiting },
    });
    res.json(report);
  });

  router.get('/deliveries', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(DeliveryQuery, req.query);
    if (q.schedule !== undefined) await scheduleInScope(user, q.schedule);
    const orgIds = await listScope(user, q.org);
    res.json(await listDeliveries(ctx.db, { ...q, scheduleId: q.schedule, orgIds }));
  });

  async function saveNew(trx: Kysely<Database>, user: AuthUser, fields: ScheduleFields): Promise<ScheduleRecord> {
    const saved = await insertSchedule(trx, fields, user.id, ctx.now());
    await recordAudit(trx, { userId: user.id, at: ctx.now().toISOString(), action: 'create', entity: 'schedule', entityId: saved.id, after: saved });
    return saved;
  }

  return router;
}

function checkTiming(s: Pick<ScheduleFields, 'cron' | 'timezone'>): void {
  const problem = timingProblem(s.cron, s.timezone);
  if (problem) {
    throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, [
      { field: problem.field, code: problem.code, message: problem.message },
    ]);
  }
}
