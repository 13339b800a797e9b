// What was sent stays: a delivery's workbook is built once, kept in the database (every process
// sees it), and every attempt of that delivery mails those same bytes. GET
// /deliveries/:id/workbook answers them as they were sent.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isUniqueViolation } from '../db/uniqueViolation';

export interface Workbook {
  buffer: Buffer;
  fileName: string;
}

export async function sentWorkbook(db: Kysely<Database>, deliveryId: number): Promise<(Workbook & { sha256: string; builtAt: string }) | null> {
  const row = await db.selectFrom('delivery_workbooks').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirst();
  return row ? { buffer: Buffer.from(row.bytes), fileName: row.file_name, sha256: row.sha256, builtAt: row.built_at } : null;
}

/** The delivery's workbook: the one kept from an earlier attempt, else `build()`'s, kept now. */
export async function keptWorkbook(db: Kysely<Database>, deliveryId: number, build: () => Promise<Workbook>, at: Date): Promise<Workbook> {
  const kept = await sentWorkbook(db, deliveryId);
  if (kept) return kept;
  const built = await build();
  try {
    await db
      .insertInto('delivery_workbooks')
      .values({ delivery_id: deliveryId, file_name: built.fileName, bytes: built.buffer, sha256: createHash('sha256').update(built.buffer).digest('hex'), built_at: at.toISOString() })
      .execute();
  } catch (err) {
    // Another process kept one first: send that one, so all recipients get the same bytes.
    if (isUniqueViolation(err)) return (await sentWorkbook(db, deliveryId))!;
    throw err;
  }
  return built;
}
