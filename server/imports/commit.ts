// Commit of a previewed import: every record in one transaction through the one write path for
// ledger rows (upsertCommitments). Keys come from the content, so committing the same ledger
// again creates nothing. Organisations the ledger names but the scope lacks are created as
// branches under the import's organisation (or, when not wanted, the rows go to it).
//
// Statuses: importing last years' ledgers is a migration, so admins and the reviewers of the
// scope keep every status of a new record as written (blank → published); a record already
// stored changes only as far as the importer's role reaches (a reviewer never approves their own
// organisation's). Clerks may import too, but their rows take only the statuses a clerk may
// reach; the rest are reported as warnings.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { Database } from '../db/schema';
import { assertOrgInScope, scopeOrgIds } from '../scope';
import { recordAudits } from '../audit';
import { Problem, notFound, type ProblemItem } from '../http/problem';
import { upsertCommitments, type UpsertRow } from '../commitments/upsert';
import type { ImportRecord } from './convert';
import { unpackRecords } from './storedRecords';

export interface CommitOptions {
  /** Create unknown organisations under the import's organisation (default), or put their rows in it. */
  createMissingOrgs?: boolean;
}

export interface CommitResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Organisations created for names the ledger used. */
  createdOrgs: { id: number; name: string }[];
  /** Rows stored, but not all as written (a status beyond a clerk's reach). */
  warnings: ProblemItem[];
}

const IMPORT = { zh: '导入记录', en: 'import' };

export async function commitImport(ctx: AppContext, user: AuthUser, importId: number, opts: CommitOptions = {}): Promise<CommitResult> {
  const stored = await ctx.db.selectFrom('imports').selectAll().where('id', '=', importId).where('user_id', '=', user.id).executeTakeFirst();
  if (!stored) throw notFound(IMPORT);
  const importOrg = await assertOrgInScope(ctx, user, stored.org_id);
  const records = unpackRecords(stored.records_gz);
  const at = ctx.now();

  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      const result = await writeRecords(trx, user, importOrg, records, opts.createMissingOrgs !== false, at);
      await trx
        .updateTable('imports')
        .set({ status: 'committed', committed_at: at.toISOString(), result_json: JSON.stringify(result) })
        .where('id', '=', importId)
        .execute();
      return result;
    });
  try {
    return await run();
  } catch (err) {
    // Two commits of the same ledger at once: the loser hit the unique key; once more finds it all there.
    if (isUniqueViolation(err)) return run();
    throw err;
  }
}

async function writeRecords(
  trx: Kysely<Database>,
  user: AuthUser,
  importOrg: { id: number; name: string },
  records: ImportRecord[],
  createMissingOrgs: boolean,
  at: Date,
): Promise<CommitResult> {
  const known = await namesInScope(trx, user.orgId);
  const createdOrgs: CommitResult['createdOrgs'] = [];
  const missing = [...new Set(records.map((r) => r.org).filter((n): n is string => n !== null && n !== importOrg.name && !known.has(n)))];
  if (createMissingOrgs && missing.length > 0) {
    const now = at.toISOString();
    for (const name of missing) {
      const org = await trx
        .insertInto('organizations')
        .values({ name, kind: 'branch', parent_id: importOrg.id, sector: null, created_at: now })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      createdOrgs.push(org);
    }
    await recordAudits(
      trx,
      createdOrgs.map((o) => ({ userId: user.id, at: now, action: 'import:create', entity: 'organization', entityId: o.id, after: { name: o.name, kind: 'branch', parentId: importOrg.id } })),
    );
  }
  const goesToImportOrg = (r: ImportRecord) => r.org === null || r.org === importOrg.name || (!createMissingOrgs && !known.has(r.org));

  const rows: UpsertRow[] = records.map((r) => ({
    key: r.key,
    input: {
      year: r.year,
      org: goesToImportOrg(r) ? undefined : r.org,
      subject: r.subject,
      subjectType: r.subjectType,
      category: r.category,
      content: r.content,
      measures: r.measures,
      expected: r.expected,
      deadline: r.deadline,
      responsible: r.responsible,
      status: r.status,
      progress: r.progress,
      remarks: r.remarks,
    },
    ...(goesToImportOrg(r) && { orgId: importOrg.id }),
  }));
  const results = await upsertCommitments(trx, user, rows, {
    now: at,
    defaultOrgId: importOrg.id,
    legacy: true,
    newKeepStatus: user.role === 'reviewer',
  });

  const rejected: ProblemItem[] = [];
  const warnings: ProblemItem[] = [];
  results.forEach((res, i) => {
    const where = { sheet: records[i].sheet ?? undefined, row: records[i].row };
    for (const e of res.errors) rejected.push({ ...where, field: e.field, code: e.code, message: e.message });
    for (const w of res.warnings) warnings.push({ ...where, field: w.field, code: w.code, message: w.message });
  });
  if (rejected.length > 0) {
    // Nothing half-written: the transaction rolls back with this.
    throw new Problem(
      422,
      'import.commit_rejected',
      { zh: '有记录无法保存，本次导入未做任何更改', en: 'Some records cannot be stored; nothing was imported' },
      undefined,
      rejected,
    );
  }
  const count = (what: string) => results.filter((r) => r.result === what).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), createdOrgs, warnings };
}

async function namesInScope(trx: Kysely<Database>, orgId: number | null): Promise<Set<string>> {
  const ids = await scopeOrgIds(trx, orgId);
  const names = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await trx.selectFrom('organizations').select('name').where('id', 'in', ids.slice(i, i + 1000)).execute();
    for (const r of rows) names.add(r.name);
  }
  return names;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
