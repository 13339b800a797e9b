// POST /imports (preview of an uploaded ledger, optionally with the columns the user changed),
// GET /imports (past imports, newest first), GET /imports/:id and /imports/:id/records (the
// preview again, and its records page by page), POST /imports/:id/commit. Each import belongs to
// the user who uploaded it; anyone else's answers 404.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireRole, userOf } from '../http/auth';
import { Paging, id, parseInput } from '../http/body';
import { badRequest, notFound, requestLanguage, type Language } from '../http/problem';
import { uploadOne, uploadedName } from '../http/upload';
import type { LocalText } from '../../core/types';
import { previewImport, requestOrg } from './preview';
import { previewRoster, unpackRoster } from './roster';
import { commitImport } from './commit';
import { importLimits } from './limits';
import { unpackRecords } from './storedRecords';
import { IMPORT, dropExpiredPreviews, listImports } from './history';
import { columnIndex } from './grid';
import { measure, metricsOf } from '../observe/metrics';
import { LEDGER_COLUMNS, type LedgerField, type MappingChoice } from '../../core/ledgerColumns';

const FIELDS = LEDGER_COLUMNS.map((c) => c.field).concat('expected') as [LedgerField, ...LedgerField[]];
/** A changed preview's columns: `{"<sheet>": {"C": "subject", "F": null}}` (a CSV's sheet is ""). */
const Choices = z.record(z.string().max(100), z.record(z.string().regex(/^[A-Z]{1,3}$/), z.enum(FIELDS).nullable()));
const PreviewFields = z.object({
  /** A ledger of commitments (default) or a member roster (花名册). */
  kind: z.enum(['ledger', 'roster']).optional(),
  org: z.string().trim().max(100).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  mapping: z
    .string()
    .max(4000)
    .transform((text, c) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        c.addIssue({ code: 'custom', message: 'mapping is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(Choices)
    .optional(),
});
const CommitBody = z.strictObject({ createMissingOrgs: z.boolean().optional() });

export function importRoutes(ctx: AppContext): Router {
  const router = Router();
  const converters = requireRole('admin', 'reviewer', 'clerk');
  const upload = uploadOne(importLimits(ctx.config.imports).maxUploadBytes, 'import', (mb) => ({
    zh: `上传的文件不能超过 ${mb} MB，请拆分后分批导入`,
    en: `The uploaded file may not exceed ${mb} MB; split it and import the parts`,
  }));

  router.post('/imports', converters, upload, async (req, res) => {
    const user = userOf(req);
    const fields = parseInput(PreviewFields, req.body ?? {});
    if (!req.file) {
      throw badRequest('import.file_missing', { zh: '请上传台账文件（表单字段 file）', en: 'Upload the ledger file (form field "file")' });
    }
    const fileName = uploadedName(req.file.originalname);
    const file = req.file;
    const kind = fields.kind ?? 'ledger';
    const preview = await measure(metricsOf(ctx).importPreviews, kind, async () =>
      kind === 'roster'
        ? previewRoster(ctx, user, await requestOrg(ctx, user, fields.org), { buffer: file.buffer, fileName, year: fields.year })
        : previewImport(ctx, user, {
            buffer: file.buffer,
            fileName,
            org: fields.org,
            year: fields.year,
            choices: fields.mapping && byColumnIndex(fields.mapping),
          }),
    );
    res.status(201).json(localise(preview, requestLanguage(req)));
  });

  router.get('/imports', converters, async (req, res) => {
    await dropExpiredPreviews(ctx);
    res.json(await listImports(ctx, userOf(req), parseInput(Paging, req.query)));
  });

  router.get('/imports/:id', converters, async (req, res) => {
    const stored = await ownImport(ctx, userOf(req).id, req.params.id);
    const preview = JSON.parse(stored.preview_json);
    const body = { ...preview, status: stored.status, result: stored.result_json ? JSON.parse(stored.result_json) : null };
    res.json(localise(body, requestLanguage(req)));
  });

  router.get('/imports/:id/records', converters, async (req, res) => {
    const stored = await ownImport(ctx, userOf(req).id, req.params.id);
    const { limit, offset } = parseInput(Paging, req.query);
    const records = stored.kind === 'roster' ? unpackRoster(stored.records_gz) : unpackRecords(stored.records_gz);
    res.json({ items: records.slice(offset, offset + limit), total: records.length });
  });

  router.post('/imports/:id/commit', converters, async (req, res) => {
    const user = userOf(req);
    await dropExpiredPreviews(ctx); // an expired preview answers 404 like any other gone import
    const importId = parseInput(id, req.params.id);
    const body = parseInput(CommitBody, req.body ?? {});
    const result = await commitImport(ctx, user, importId, { createMissingOrgs: body.createMissingOrgs });
    res.json(localise(result, requestLanguage(req)));
  });

  return router;
}

function byColumnIndex(choices: z.infer<typeof Choices>): Record<string, MappingChoice> {
  return Object.fromEntries(
    Object.entries(choices).map(([sheet, columns]) => [sheet, Object.fromEntries(Object.entries(columns).map(([letters, field]) => [columnIndex(letters), field]))]),
  );
}

async function ownImport(ctx: AppContext, userId: number, rawId: unknown) {
  const importId = parseInput(id, rawId);
  const stored = await ctx.db.selectFrom('imports').selectAll().where('id', '=', importId).where('user_id', '=', userId).executeTakeFirst();
  if (!stored) throw notFound(IMPORT);
  return stored;
}

/** Every bilingual text `{zh, en}` in the answer, in the request's language. */
export function localise(value: unknown, lang: Language): unknown {
  if (Array.isArray(value)) return value.map((v) => localise(v, lang));
  if (value === null || typeof value !== 'object') return value;
  if (isLocalText(value)) return value[lang];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localise(v, lang)]));
}

function isLocalText(v: object): v is LocalText {
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as LocalText).zh === 'string' && typeof (v as LocalText).en === 'string';
}
