// The append-only audit trail: who changed what, when, and the record before and after.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

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

/** Several audit rows in one statement (batch writes). */
export async function recordAudits(trx: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  // Modest statements: well under the bound-parameter limits, and cheaper to build and prepare.
  for (let i = 0; i < entries.length; i += 500) {
    const values = entries.slice(i, i + 500).map((e) => ({
      user_id: e.userId,
      at: e.at,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
    }));
    if (values.length) await trx.insertInto('audit').values(values).execute();
  }
}
