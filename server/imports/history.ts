// Past imports and how long a preview is kept. A preview not committed within PREVIEW_HOURS is
// deleted with its records (they can be large, and a stale preview should not be committed
// later over newer data); committed imports stay as the record of who imported what.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';
import type { AuthUser } from '../auth/sessions';
import { subtreeIds } from '../scope';

export const PREVIEW_HOURS = 24;

/** What a missing import is called in a 404. */
export const IMPORT = { zh: '导入记录', en: 'import' };

export function previewExpiry(createdAt: string): string {
  return new Date(new Date(createdAt).getTime() + PREVIEW_HOURS * 3600_000).toISOString();
}

/** Deletes the previews older than PREVIEW_HOURS that were never committed; answers how many. */
export async function dropExpiredPreviews(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - PREVIEW_HOURS * 3600_000).toISOString();
  const result = await ctx.db.deleteFrom('imports').where('status', '=', 'previewed').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Marks an import committed inside the commit's transaction. A preview that housekeeping (in
 * any process) deleted as it expired is gone: 404, and the transaction keeps nothing.
 */
export async function markCommitted(trx: Kysely<Database>, importId: number, at: string, result: unknown): Promise<void> {
  const marked = await trx
    .updateTable('imports')
    .set({ status: 'committed', committed_at: at, result_json: JSON.stringify(result) })
    .where('id', '=', importId)
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) === 0) throw notFound(IMPORT);
}

export interface ImportSummary {
  id: number;
  /** A ledger of commitments, or a member roster. */
  kind: string;
  fileName: string | null;
  format: string;
  status: string;
  year: number | null;
  org: { id: number; name: string };
  by: { login: string; name: string };
  createdAt: string;
  committedAt: string | null;
  /** While a preview waits for its commit: when it will be deleted. */
  expiresAt: string | null;
  /** `records`: commitments of a ledger, members of a roster. */
  counts: { records: number; rejected: number };
  result: { created: number; updated: number; unchanged: number } | null;
}

/**
 * Newest first. A clerk sees their own imports; admins and reviewers those of every
 * organisation in their scope, whoever made them.
 */
export async function listImports(ctx: AppContext, user: AuthUser, page: { limit: number; offset: number }): Promise<{ items: ImportSummary[]; total: number }> {
  let q = ctx.db
    .selectFrom('imports')
    .innerJoin('users', 'users.id', 'imports.user_id')
    .innerJoin('organizations', 'organizations.id', 'imports.org_id');
  if (user.role === 'clerk') q = q.where('imports.user_id', '=', user.id);
  else if (user.orgId !== null) q = q.where('imports.org_id', 'in', subtreeIds(ctx.db, user.orgId));
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'imports.id', 'imports.kind', 'imports.file_name', 'imports.format', 'imports.status', 'imports.year', 'imports.org_id',
      'imports.created_at', 'imports.committed_at', 'imports.preview_json', 'imports.result_json',
      'users.login', 'users.name as user_name', 'organizations.name as org_name',
    ])
    .orderBy('imports.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const items = rows.map((r): ImportSummary => {
    const preview = JSON.parse(r.preview_json) as { counts?: { commitments?: number; members?: number }; rejected?: unknown[] };
    const result = r.result_json ? (JSON.parse(r.result_json) as ImportSummary['result'] & object) : null;
    return {
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      format: r.format,
      status: r.status,
      year: r.year,
      org: { id: r.org_id, name: r.org_name },
      by: { login: r.login, name: r.user_name },
      createdAt: r.created_at,
      committedAt: r.committed_at,
      expiresAt: r.status === 'previewed' ? previewExpiry(r.created_at) : null,
      counts: { records: preview.counts?.commitments ?? preview.counts?.members ?? 0, rejected: preview.rejected?.length ?? 0 },
      result: result && { created: result.created, updated: result.updated, unchanged: result.unchanged },
    };
  });
  return { items, total: Number(total) };
}
