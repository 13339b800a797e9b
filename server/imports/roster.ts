// POST /imports with kind=roster: a member roster (花名册) through the same preview → commit as a
// ledger. The preview reads every sheet with a roster header (core/roster.ts), checks each row and
// names each rejected one by sheet, row and column; the commit stores the checked rows in one
// transaction through members/roster.ts, or nothing when any cannot be stored.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { OrganizationRow } from '../db/schema';
import { checkRosterRow, recogniseRosterHeader, type RosterField } from '../../core/roster';
import { cleanText } from '../../core/text';
import { localDate } from '../clock';
import { Problem } from '../http/problem';
import { upsertRoster, type RosterOutcome, type RosterRow } from '../members/roster';
import { readLedgerFile } from './read';
import { storePreview } from './preview';
import { markCommitted } from './history';
import { importLimits } from './limits';
import { columnLetter, type Rejection, type SheetSummary } from './convert';

export interface RosterPreview {
  id: number | null;
  kind: 'roster';
  format: string;
  org: { id: number; name: string };
  sheets: Pick<SheetSummary, 'name' | 'taken' | 'code' | 'reason' | 'headerRow'>[];
  mapping: { sheet: string | null; headerRow: number; columns: { column: string; field: RosterField }[] }[];
  counts: { members: number; byRole: Record<string, number> };
  rejected: Rejection[];
  warnings: never[];
  samples: RosterRow[];
}

export async function previewRoster(ctx: AppContext, user: AuthUser, org: OrganizationRow, req: { buffer: Buffer; fileName: string | null; year?: number | null; store?: boolean }): Promise<RosterPreview> {
  const { format, grids } = await readLedgerFile(req.buffer, importLimits(ctx.config.imports));
  const year = req.year ?? Number(localDate(ctx.now(), ctx.config.reportTz).slice(0, 4));
  const records: RosterRow[] = [];
  const rejected: Rejection[] = [];
  const sheets: RosterPreview['sheets'] = [];
  const mapping: RosterPreview['mapping'] = [];
  for (const grid of grids) {
    const header = recogniseRosterHeader(grid.rows);
    if (!header) {
      sheets.push({ name: grid.name, taken: false, code: 'sheet.no_header', reason: { zh: '未找到花名册表头（需要“姓名”等列），已跳过', en: 'No roster header (姓名 and the like); skipped' } });
      continue;
    }
    sheets.push({ name: grid.name, taken: true, headerRow: header.headerRow + 1 });
    mapping.push({ sheet: grid.name, headerRow: header.headerRow + 1, columns: [...header.columns].map(([field, c]) => ({ column: columnLetter(c), field })) });
    for (let r = header.headerRow + 1; r < grid.rows.length; r++) {
      const row = grid.rows[r];
      if (!row.some((c) => cleanText(c) !== null) || /^(合计|小计|注|填表人|审核人)/.test(cleanText(row[0]) ?? cleanText(row[1]) ?? '')) continue;
      const cells = Object.fromEntries([...header.columns].map(([field, c]) => [field, row[c]]));
      const { member, errors } = checkRosterRow(cells, year);
      const where = { sheet: grid.name, row: r + 1 };
      if (member) records.push({ ...where, member });
      for (const e of errors) rejected.push({ ...where, column: columnLetter(header.columns.get(e.field)!), field: e.field, code: e.code, message: e.message });
    }
  }
  if (records.length === 0 && rejected.length === 0) {
    throw new Problem(422, 'import.no_roster', { zh: '文件中没有找到党员花名册', en: 'No member roster found in the file' }, {
      zh: '没有一个工作表有可识别的花名册表头（姓名、性别、出生年月、入党时间、单位及职务、身份）和党员记录',
      en: 'No sheet has a recognisable roster header (姓名, 性别, 出生年月, 入党时间, 单位及职务, 身份) and member rows',
    });
  }
  const byRole: Record<string, number> = {};
  for (const r of records) byRole[r.member.role ?? 'unstated'] = (byRole[r.member.role ?? 'unstated'] ?? 0) + 1;
  const preview: RosterPreview = {
    id: null,
    kind: 'roster',
    format,
    org: { id: org.id, name: org.name },
    sheets,
    mapping,
    counts: { members: records.length, byRole },
    rejected,
    warnings: [],
    samples: records.slice(0, 10),
  };
  if (req.store === false) return preview;
  preview.id = await storePreview(ctx, { user_id: user.id, org_id: org.id, year, file_name: req.fileName, format, kind: 'roster', records_gz: packRoster(records) }, preview);
  return preview;
}

export type RosterCommit = Omit<RosterOutcome, 'rejected'>;

/** Stores a previewed roster in one transaction; a row that cannot be stored stops all (422). */
export async function commitRoster(ctx: AppContext, user: AuthUser, importOrg: OrganizationRow, importId: number, packed: string): Promise<RosterCommit> {
  const at = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const { rejected, ...outcome } = await upsertRoster(trx, user, importOrg, unpackRoster(packed), at);
    if (rejected.length > 0) {
      throw new Problem(422, 'import.commit_rejected', { zh: '有记录无法保存，本次导入未做任何更改', en: 'Some records cannot be stored; nothing was imported' }, undefined, rejected.map((r) => ({ ...r, sheet: r.sheet ?? undefined })));
    }
    await markCommitted(trx, importId, at, outcome);
    return outcome;
  });
}

export function packRoster(rows: RosterRow[]): string {
  return gzipSync(JSON.stringify(rows)).toString('base64');
}

export function unpackRoster(packed: string): RosterRow[] {
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8'));
}
