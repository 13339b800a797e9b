// Commit of a previewed import: every record in one transaction through the one write path for
// ledger rows (upsertCommitments). Keys come from the content, so committing the same ledger
// again creates nothing. Organisation names are looked up from the import's organisation outwards
// (orgs/lookup.ts); those the scope lacks are created as branches under the import's organisation
// when the importer may create organisations (admins) and wants them, otherwise their rows go to
// the import's organisation with a warning.
//
// Statuses: importing last years' ledgers is a migration, so admins and the reviewers of the
// scope keep the status of a new record as written (blank → published), 已审核 and beyond only
// where the importer is its reviewer (server/commitments/review.ts); a record already stored
// changes only as far as the importer's role reaches, and is never reviewed by an import. Clerks
// may import too, but their rows take only the statuses a clerk may reach; the rest are reported
// as warnings.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { Database } from '../db/schema';
import { assertOrgInScope } from '../scope';
import { orgDirectory } from '../orgs/lookup';
import type { LocalText } from '../../core/types';
import { recordAudits } from '../audit';
import { Problem, notFound, type ProblemItem } from '../http/problem';
import { upsertCommitments, type UpsertRow } from '../commitments/upsert';
import type { ImportRecord } from './convert';
import { unpackRecords } from './storedRecords';
import { placedKey } from './keys';
import { commitRoster, type RosterCommit } from './roster';
import { isUniqueViolation } from '../db/uniqueViolation';
import { IMPORT, markCommitted } from './history';

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

export async function commitImport(ctx: AppContext, user: AuthUser, importId: number, opts: CommitOptions = {}): Promise<CommitResult | RosterCommit> {
  const stored = await ctx.db.selectFrom('imports').selectAll().where('id', '=', importId).where('user_id', '=', user.id).executeTakeFirst();
  if (!stored) throw notFound(IMPORT);
  const importOrg = await assertOrgInScope(ctx, user, stored.org_id);
  if (stored.kind === 'roster') return commitRoster(ctx, user, importOrg, importId, stored.records_gz);
  const records = unpackRecords(stored.records_gz);
  const at = ctx.now();

  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      const result = await writeRecords(trx, user, importOrg, records, opts.createMissingOrgs !== false, at, ctx.config.reportTz);
      await markCommitted(trx, importId, at.toISOString(), result);
      const { created, updated, unchanged } = result;
      await recordAudits(trx, [
        { userId: user.id, at: at.toISOString(), action: 'import:commit', entity: 'import', entityId: importId, before: { status: stored.status }, after: { status: 'committed', created, updated, unchanged, createdOrgs: result.createdOrgs.length } },
      ]);
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
  timeZone: string,
): Promise<CommitResult> {
  const scope = await orgDirectory(trx, user.orgId);
  const warnings: ProblemItem[] = [];
  // Each organisation name once: where its rows go (an id), or the name for upsert to refuse.
  const placed = new Map<string, number | string>([[importOrg.name, importOrg.id]]);
  const missing = new Set<string>();
  for (const r of records) {
    if (r.org === null || placed.has(r.org) || missing.has(r.org)) continue;
    const match = scope.find(r.org, importOrg.id);
    if ('org' in match) placed.set(r.org, match.org.id);
    else if ('ambiguous' in match) placed.set(r.org, r.org);
    else if (createMissingOrgs && mayCreateOrgs(user)) missing.add(r.org);
    else {
      placed.set(r.org, importOrg.id);
      warnings.push({ sheet: r.sheet ?? undefined, row: r.row, field: 'org', code: 'import.org_not_created', message: notCreated(r.org, importOrg.name, mayCreateOrgs(user)) });
    }
  }
  const createdOrgs = await createOrgs(trx, user, importOrg, [...missing], at.toISOString());
  for (const o of createdOrgs) placed.set(o.name, o.id);

  const rows: UpsertRow[] = records.map((r) => {
    const place = placed.get(r.org ?? importOrg.name)!;
    return {
      key: typeof place === 'number' ? placedKey(r.key, place) : r.key,
      input: {
        year: r.year,
        org: typeof place === 'string' ? place : undefined,
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
        unitPost: r.unitPost,
        completedOn: r.completedOn,
        // An old ledger without the column never clears a plan set since.
        plan: r.plan ?? undefined,
      },
      ...(typeof place === 'number' && { orgId: place }),
    };
  });
  const results = await upsertCommitments(trx, user, rows, {
    now: at,
    timeZone,
    defaultOrgId: importOrg.id,
    legacy: true,
    newKeepStatus: user.role === 'reviewer',
    reviewsStored: false,
  });

  const rejected: ProblemItem[] = [];
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

/** Who may have an import create organisations: those who may POST /orgs. */
export function mayCreateOrgs(user: AuthUser): boolean {
  return user.role === 'admin';
}

/** Why a name's rows went to the import's organisation instead of one of that name. */
export function notCreated(name: string, importOrgName: string, allowed: boolean): LocalText {
  return allowed
    ? { zh: `党组织“${name}”不存在，按要求未新建，其承诺记入“${importOrgName}”`, en: `Organisation "${name}" does not exist and was not created as asked; its rows go to "${importOrgName}"` }
    : {
        zh: `党组织“${name}”不存在，只有管理员可以新建党组织，其承诺记入“${importOrgName}”；如需分开，请管理员先建立该党组织后再导入`,
        en: `Organisation "${name}" does not exist and only admins may create organisations; its rows go to "${importOrgName}". Ask an admin to create it, then import again`,
      };
}

/** Branches under the import's organisation for the names the ledger uses and the scope lacks. */
async function createOrgs(trx: Kysely<Database>, user: AuthUser, importOrg: { id: number }, names: string[], now: string) {
  const created: CommitResult['createdOrgs'] = [];
  for (const name of names) {
    created.push(
      await trx
        .insertInto('organizations')
        .values({ name, kind: 'branch', parent_id: importOrg.id, sector: null, created_at: now })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),
    );
  }
  await recordAudits(
    trx,
    created.map((o) => ({ userId: user.id, at: now, action: 'import:create', entity: 'organization', entityId: o.id, after: { name: o.name, kind: 'branch', parentId: importOrg.id } })),
  );
  return created;
}
