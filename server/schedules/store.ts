// Schedules and deliveries in the database. Every write to a delivery is one single-row statement
// (insert-if-absent, compare-and-set claim, guarded finish), so it is atomic on SQLite and on
// PostgreSQL, and no lock is held while a report is built or mailed.
import type { Kysely, Selectable } from 'kysely';
import type { Delivery, DeliveryStatus, ReportKind, Schedule, Timestamp } from '../../core/types';
import type { Database, DeliveriesTable, SchedulesTable } from '../db/schema';
import { freshRecipient, type AttemptOutcome, type RecipientRecord } from './outcome';

type Db = Kysely<Database>;

export interface ScheduleRecord extends Schedule {
  activeSince: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface DeliveryRecord extends Delivery {
  orgId: number;
  kind: ReportKind;
  /** Per recipient: sent, failed (refused for good) or pending, with the mail server's answer. */
  results: RecipientRecord[];
  nextAttemptAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export function scheduleFromRow(row: Selectable<SchedulesTable>): ScheduleRecord {
  return {
    id: row.id,
    kind: row.kind as ReportKind,
    orgId: row.org_id,
    cron: row.cron,
    timezone: row.timezone,
    recipients: JSON.parse(row.recipients_json) as string[],
    enabled: row.enabled === 1,
    activeSince: row.active_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findSchedule(db: Db, id: number): Promise<ScheduleRecord | null> {
  const row = await db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? scheduleFromRow(row) : null;
}

export async function listSchedules(db: Db, orgIds: number[] | null, enabledOnly = false): Promise<ScheduleRecord[]> {
  let q = db.selectFrom('schedules').selectAll().orderBy('id');
  if (orgIds) q = q.where('org_id', 'in', orgIds.length ? orgIds : [-1]);
  if (enabledOnly) q = q.where('enabled', '=', 1);
  return (await q.execute()).map(scheduleFromRow);
}

/** What a caller sets on a schedule: everything but its id. */
export type ScheduleFields = Omit<Schedule, 'id'>;

/** The stored columns of those fields, the same for a new schedule and a changed one. */
function scheduleColumns(s: ScheduleFields) {
  return {
    kind: s.kind,
    org_id: s.orgId,
    cron: s.cron,
    timezone: s.timezone,
    recipients_json: JSON.stringify(s.recipients),
    enabled: s.enabled ? 1 : 0,
  };
}

export async function insertSchedule(db: Db, s: ScheduleFields, userId: number | null, now: Date): Promise<ScheduleRecord> {
  const at = now.toISOString();
  const row = await db
    .insertInto('schedules')
    .values({
      ...scheduleColumns(s),
      active_since: at,
      created_by: userId,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return scheduleFromRow(row);
}

/**
 * Saves changed fields. A change of what or when it runs, or switching it back on, restarts the
 * schedule's clock: runs before the change are not caught up.
 */
export async function updateSchedule(db: Db, before: ScheduleRecord, s: ScheduleFields, now: Date): Promise<ScheduleRecord> {
  const at = now.toISOString();
  const retimed =
    s.kind !== before.kind || s.cron !== before.cron || s.timezone !== before.timezone || (s.enabled && !before.enabled);
  const row = await db
    .updateTable('schedules')
    .set({
      ...scheduleColumns(s),
      ...(retimed ? { active_since: at } : {}),
      updated_at: at,
    })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return scheduleFromRow(row);
}

const deliveryColumns = [
  'deliveries.id',
  'deliveries.schedule_id',
  'deliveries.period',
  'deliveries.status',
  'deliveries.attempts',
  'deliveries.next_attempt_at',
  'deliveries.claimed_by',
  'deliveries.claimed_until',
  'deliveries.error',
  'deliveries.sent_at',
  'deliveries.results_json',
  'deliveries.created_at',
  'deliveries.updated_at',
  'schedules.org_id',
  'schedules.kind',
  'delivery_workbooks.delivery_id as has_workbook',
] as const;

type DeliveryRow = Selectable<DeliveriesTable> & { org_id: number; kind: string; has_workbook: unknown };

function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  const results = JSON.parse(row.results_json) as RecipientRecord[];
  return {
    id: row.id,
    scheduleId: row.schedule_id,
    orgId: row.org_id,
    kind: row.kind as ReportKind,
    period: row.period,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    recipients: results.map((r) => r.address),
    results,
    sentAt: row.sent_at,
    error: row.error,
    hasWorkbook: row.has_workbook !== null && row.has_workbook !== undefined,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectDeliveries(db: Db) {
  return db
    .selectFrom('deliveries')
    .innerJoin('schedules', 'schedules.id', 'deliveries.schedule_id')
    .leftJoin('delivery_workbooks', 'delivery_workbooks.delivery_id', 'deliveries.id');
}

export async function findDelivery(db: Db, scheduleId: number, period: string): Promise<DeliveryRecord | null> {
  const row = await selectDeliveries(db)
    .select(deliveryColumns)
    .where('deliveries.schedule_id', '=', scheduleId)
    .where('deliveries.period', '=', period)
    .executeTakeFirst();
  return row ? deliveryFromRow(row) : null;
}

export async function findDeliveryById(db: Db, id: number): Promise<DeliveryRecord | null> {
  const row = await selectDeliveries(db).select(deliveryColumns).where('deliveries.id', '=', id).executeTakeFirst();
  return row ? deliveryFromRow(row) : null;
}

export interface DeliveryFilter {
  orgIds: number[] | null;
  scheduleId?: number;
  status?: DeliveryStatus;
  period?: string;
  limit: number;
  offset: number;
}

export async function listDeliveries(db: Db, f: DeliveryFilter): Promise<{ items: DeliveryRecord[]; total: number }> {
  let q = selectDeliveries(db);
  if (f.orgIds) q = q.where('schedules.org_id', 'in', f.orgIds.length ? f.orgIds : [-1]);
  if (f.scheduleId !== undefined) q = q.where('deliveries.schedule_id', '=', f.scheduleId);
  if (f.status) q = q.where('deliveries.status', '=', f.status);
  if (f.period) q = q.where('deliveries.period', '=', f.period);
  const [rows, count] = await Promise.all([
    q.select(deliveryColumns).orderBy('deliveries.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(deliveryFromRow), total: Number(count.n) };
}

/** The delivery row of (schedule, period), created pending if there is none yet; never a second one. */
export async function openDelivery(db: Db, schedule: ScheduleRecord, period: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('deliveries')
    .values({
      schedule_id: schedule.id,
      period,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      results_json: JSON.stringify(schedule.recipients.map(freshRecipient)),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['schedule_id', 'period']).doNothing())
    .execute();
}

/** `scheduleId/period` of every delivery row for these periods, to open only the missing ones. */
export async function existingDeliveries(db: Db, periods: string[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set();
  const rows = await db.selectFrom('deliveries').select(['schedule_id', 'period']).where('period', 'in', [...new Set(periods)]).execute();
  return new Set(rows.map((r) => `${r.schedule_id}/${r.period}`));
}

/** Pending deliveries of enabled schedules whose next attempt is due and which nobody holds. */
export async function claimableDeliveryIds(db: Db, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const rows = await selectDeliveries(db)
    .select('deliveries.id')
    .where('deliveries.status', '=', 'pending')
    .where('deliveries.next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('deliveries.claimed_until', 'is', null), eb('deliveries.claimed_until', '<', at)]))
    .where('schedules.enabled', '=', 1)
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => r.id);
}

/** How long a claim holds: far longer than building and mailing one report takes. */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Claims a due pending delivery for `owner`: one compare-and-set UPDATE. On PostgreSQL a
 * competing UPDATE waits for the row lock and then re-checks the WHERE against the committed row,
 * so exactly one of any number of processes sees its row updated; SQLite serialises writers.
 */
export async function claimDelivery(db: Db, id: number, owner: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('deliveries')
    .set({ claimed_by: owner, claimed_until: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(), updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records an attempt and lets go of the claim; does nothing if the claim was lost meanwhile. */
export async function finishAttempt(
  db: Db,
  delivery: DeliveryRecord,
  owner: string,
  outcome: AttemptOutcome,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: outcome.status,
      attempts: delivery.attempts + 1,
      next_attempt_at: outcome.nextAttemptAt,
      error: outcome.error,
      sent_at: outcome.sentAt,
      results_json: JSON.stringify(outcome.recipients),
      claimed_by: null,
      claimed_until: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', delivery.id)
    .where('claimed_by', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Makes a delivery due again now with the given recipients (a manual run): compare-and-set on
 * the row as it was read, so a delivery someone holds or has just changed is left alone. Attempts
 * keep counting, so a delivery that used up its retries gets this one attempt and no more.
 */
export async function reopenDelivery(db: Db, before: DeliveryRecord, recipients: RecipientRecord[], now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      next_attempt_at: at,
      results_json: JSON.stringify(recipients),
      updated_at: at,
    })
    .where('id', '=', before.id)
    .where('status', '=', before.status)
    .where('attempts', '=', before.attempts)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
