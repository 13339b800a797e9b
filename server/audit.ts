// The append-only audit trail: who changed what, when, and the record before and after.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { insertRows } from './db/insertRows';

export interface AuditEntry {
  userId: number | null;
  /** ISO timestamp (use the app clock). */
  at: string;
  /** e.g. `create`, `update`, `transition:approve`, `login`. */
  action: string;
  /** Table-like name: `commitment`, `user`, `organization`, … */
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it with the transaction that makes the change. */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await recordAudits(trx, [entry]);
}

/** Many audit rows at once (batch writes). */
export async function recordAudits(trx: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await insertRows(
    trx,
    'audit',
    ['user_id', 'at', 'action', 'entity', 'entity_id', 'before_json', 'after_json'],
    entries.map((e) => [e.userId, e.at, e.action, e.entity, e.entityId, json(e.before), json(e.after)]),
  );
}
