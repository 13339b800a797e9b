// Preview of a conversion: read the file, convert it, say what was understood (sheets, column
// mapping, counts, rejected rows, warnings such as organisation names not known in the user's
// scope) and keep only that preview, owned by the user, until it is committed.
import type { Insertable, Kysely } from 'kysely';
import { closedYearProblem } from '../years/closed';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { Database, ImportsTable, OrganizationRow } from '../db/schema';
import { assertOrgInScope } from '../scope';
import { Problem, badRequest } from '../http/problem';
import { CATEGORIES, SUBJECT_TYPES, type Category, type LocalText, type SubjectType } from '../../core/types';
import { convertGridsAsync, type Conversion, type ConversionWarning, type ConvertParams, type ImportRecord } from './convert';
import { readLedgerFile, type ImportFormat } from './read';
import { importLimits, type ImportLimits } from './limits';
import { packRecords } from './storedRecords';
import { recordAudit } from '../audit';
import { unreadable } from './unreadable';
import { mayCreateOrgs, notCreated } from './commit';
import { ambiguousOrg, orgDirectory } from '../orgs/lookup';
import { dropExpiredPreviews, previewExpiry } from './history';

export interface PreviewRequest {
  buffer: Buffer;
  fileName: string | null;
  /** The organisation the ledger is for: an id, or a name in the user's scope; default the user's own. */
  org?: string | number | null;
  year?: number | null;
  /** false: convert and answer, store nothing (the CLI's --dry-run). */
  store?: boolean;
  /** The user's corrections to the recognised columns, by sheet name. */
  choices?: ConvertParams['choices'];
}

export interface ImportCounts {
  commitments: number;
  byCategory: Record<Category, number>;
  bySubjectType: Record<SubjectType, number>;
  /** Only the statuses that occur. */
  byStatus: Record<string, number>;
  /** By the organisation the ledger names; its rows that name none count under the import's. */
  byOrg: Record<string, number>;
}

export interface Preview {
  id: number | null;
  format: ImportFormat;
  encoding?: string;
  org: { id: number; name: string };
  year: number | null;
  sheets: Conversion['sheets'];
  mapping: { sheet: string | null; headerRow: number; headerRows: number; confidence: number; columns: unknown[]; unmapped: unknown[] }[];
  counts: ImportCounts;
  rejected: Conversion['rejected'];
  warnings: ConversionWarning[];
  /** The first few records, to show the user what will be stored. */
  samples: ImportRecord[];
  /** When a stored preview not committed by then is deleted. */
  expiresAt?: string;
}

const SAMPLES = 10;

export async function previewImport(ctx: AppContext, user: AuthUser, req: PreviewRequest): Promise<Preview> {
  const org = await requestOrg(ctx, user, req.org);
  const { file, conversion } = await convertUpload(req.buffer, importLimits(ctx.config.imports), { ledgerYear: req.year ?? undefined, orgName: org.name, choices: req.choices });
  if (!conversion.sheets.some((s) => s.taken)) {
    if (file.encoding === 'gb18030') throw encodingUnsure();
    throw new Problem(
      422,
      'import.no_ledger',
      { zh: '文件中没有找到承诺台账', en: 'No commitment ledger found in the file' },
      { zh: '没有一个工作表有可识别的台账表头和承诺记录', en: 'No sheet has a recognisable ledger header and commitment rows' },
      conversion.sheets.map((s) => ({ sheet: s.name ?? undefined, code: s.code ?? 'sheet.skipped', message: s.reason ?? { zh: '已跳过', en: 'skipped' } })),
    );
  }
  const preview: Preview = {
    id: null,
    format: file.format,
    ...(file.encoding && { encoding: file.encoding }),
    org: { id: org.id, name: org.name },
    year: req.year ?? null,
    sheets: conversion.sheets,
    mapping: conversion.sheets
      .filter((s) => s.taken)
      .map((s) => ({ sheet: s.name, headerRow: s.headerRow!, headerRows: s.headerRows!, confidence: s.confidence!, columns: s.columns!, unmapped: s.unmapped! })),
    counts: countRecords(conversion.records, org.name),
    rejected: conversion.rejected,
    warnings: [...conversion.warnings, ...(await unknownOrgWarnings(ctx.db, user, org, conversion.records)), ...(await closedYearWarnings(ctx, org, conversion.records))],
    samples: conversion.records.slice(0, SAMPLES),
  };
  if (req.store === false) return preview;

  preview.id = await storePreview(ctx, { user_id: user.id, org_id: org.id, year: req.year ?? null, file_name: req.fileName, format: file.format, records_gz: await packRecords(conversion.records) }, preview);
  return preview;
}

/**
 * Keeps a preview and its records for its owner until committed, or until it expires (it then
 * says when: `expiresAt`), with its audit row; answers its id. Expired previews go first.
 */
export async function storePreview(
  ctx: AppContext,
  row: Pick<Insertable<ImportsTable>, 'user_id' | 'org_id' | 'year' | 'file_name' | 'format' | 'records_gz' | 'kind'>,
  preview: { id: number | null; expiresAt?: string; counts?: unknown },
): Promise<number> {
  await dropExpiredPreviews(ctx);
  const createdAt = ctx.now().toISOString();
  preview.expiresAt = previewExpiry(createdAt);
  return ctx.db.transaction().execute(async (trx) => {
    const stored = await trx
      .insertInto('imports')
      .values({ ...row, status: 'previewed', preview_json: '{}', created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The stored preview carries its own id, as the answer does.
    await trx.updateTable('imports').set({ preview_json: JSON.stringify({ ...preview, id: stored.id }) }).where('id', '=', stored.id).execute();
    // What was uploaded, for which organisation, and what it held.
    const after = { fileName: row.file_name, format: row.format, kind: row.kind ?? null, orgId: row.org_id, year: row.year ?? null, counts: preview.counts ?? null };
    await recordAudit(trx, { userId: row.user_id, at: createdAt, action: 'import:preview', entity: 'import', entityId: stored.id, after });
    return stored.id;
  });
}

/** Reads and converts; the grids are let go here, before the records are stored. */
async function convertUpload(buffer: Buffer, limits: ImportLimits, params: ConvertParams) {
  const { grids, ...file } = await readLedgerFile(buffer, limits);
  return { file, conversion: await convertGridsAsync(grids, params) };
}

/** The import's organisation: by id or by name inside the user's scope; 404 outside it. */
export async function requestOrg(ctx: AppContext, user: AuthUser, org: PreviewRequest['org']): Promise<OrganizationRow> {
  const given = typeof org === 'string' ? org.trim() : org;
  if (given === null || given === undefined || given === '') {
    if (user.orgId === null) {
      throw badRequest('import.org_required', { zh: '请指定导入到哪个党组织（org）', en: 'Say which organisation the ledger is for (org)' });
    }
    return assertOrgInScope(ctx, user, user.orgId);
  }
  if (typeof given === 'number' || /^\d+$/.test(given)) return assertOrgInScope(ctx, user, Number(given));
  const scope = await orgDirectory(ctx.db, user.orgId);
  const match = scope.find(given);
  if ('org' in match) return assertOrgInScope(ctx, user, match.org.id);
  if ('ambiguous' in match) {
    const why = ambiguousOrg(given, match.ambiguous, scope.orgs).message;
    throw new Problem(400, 'import.org_ambiguous', { zh: '党组织名称不唯一', en: 'Organisation name not unique' }, why);
  }
  throw badRequest('import.org_unknown', { zh: `管理范围内没有名为“${given}”的党组织`, en: `No organisation called "${given}" in your scope` });
}

function countRecords(records: ImportRecord[], importOrg: string): ImportCounts {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const bySubjectType = Object.fromEntries(SUBJECT_TYPES.map((t) => [t, 0])) as Record<SubjectType, number>;
  const byStatus: Record<string, number> = {};
  const byOrg: Record<string, number> = {};
  for (const r of records) {
    byOrg[r.org ?? importOrg] = (byOrg[r.org ?? importOrg] ?? 0) + 1;
    byCategory[r.category]++;
    bySubjectType[r.subjectType]++;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  return { commitments: records.length, byCategory, bySubjectType, byStatus, byOrg };
}

/**
 * Organisation names the ledger uses that the commit cannot place as they are: unknown ones (each
 * with the nearest known name, and whether it will be created), and ones two organisations share.
 */
async function unknownOrgWarnings(db: Kysely<Database>, user: AuthUser, org: OrganizationRow, records: ImportRecord[]): Promise<ConversionWarning[]> {
  const named = new Map<string, ImportRecord>();
  for (const r of records) if (r.org !== null && r.org !== org.name && !named.has(r.org)) named.set(r.org, r);
  if (named.size === 0) return [];
  const scope = await orgDirectory(db, user.orgId);
  const known = [...scope.orgs.values()].map((o) => o.name);
  const warnings: ConversionWarning[] = [];
  for (const [name, first] of named) {
    const match = scope.find(name, org.id);
    if ('org' in match) continue;
    if ('ambiguous' in match) {
      warnings.push({ code: 'import.org_ambiguous', sheet: first.sheet, row: first.row, message: ambiguousOrg(name, match.ambiguous, scope.orgs).message, org: name });
      continue;
    }
    const closest = nearest(name, known);
    const near = closest ? { zh: `（最接近的已有党组织：“${closest}”）`, en: ` (closest known: "${closest}")` } : { zh: '', en: '' };
    const message: LocalText = mayCreateOrgs(user)
      ? {
          zh: `党组织“${name}”不在管理范围内；提交时将在“${org.name}”下新建${near.zh}`,
          en: `Organisation "${name}" is not in your scope; committing creates it under "${org.name}"${near.en}`,
        }
      : { zh: notCreated(name, org.name, false).zh + near.zh, en: notCreated(name, org.name, false).en + near.en };
    warnings.push({ code: 'import.unknown_org', sheet: first.sheet, row: first.row, message, org: name, closest });
  }
  return warnings;
}

/** The known name with the fewest edits from `name`, when it shares at least half its characters. */
function nearest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== null && bestDistance <= Math.max([...name].length, [...best].length) / 2 ? best : null;
}

function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

const encodingUnsure = () =>
  unreadable('import.encoding_uncertain', {
    zh: '按 GBK/GB18030 读出的 CSV 中找不到台账表头，编码可能不对。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入',
    en: 'Read as GBK/GB18030 the CSV has no ledger header, so the encoding is likely wrong. Save it from Excel as "CSV UTF-8 (comma delimited)" and try again',
  });

/** A ledger of a closed year previews (to be read), but its commit will be refused: said up front, once per year. */
async function closedYearWarnings(ctx: AppContext, org: { id: number }, records: ImportRecord[]): Promise<ConversionWarning[]> {
  const warnings: ConversionWarning[] = [];
  for (const year of new Set(records.map((r) => r.year).filter((y): y is number => typeof y === 'number'))) {
    const refused = await closedYearProblem(ctx.db, org.id, year);
    if (refused) warnings.push({ code: 'year.closed', message: refused.detail ?? refused.title });
  }
  return warnings;
}
