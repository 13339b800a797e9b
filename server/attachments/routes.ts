// POST /attachments (multipart: file, entityType, entityId, year, kind), GET /attachments (the
// scope's, filtered), GET /attachments/:id (the file) and /attachments/:id/thumbnail, DELETE
// /attachments/:id, and GET /filing (备案: who has a filed 承诺书 for an organisation's year).
import { Router, type Response } from 'express';
import { z } from 'zod';
import { ATTACHMENT_ENTITY_TYPES, ATTACHMENT_KINDS, type Filing } from '../../core/attachments';
import type { AppContext } from '../context';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { Paging, id, parseInput } from '../http/body';
import { badRequest, notFound } from '../http/problem';
import { uploadOne, uploadedName } from '../http/upload';
import { assertOrgInScope } from '../scope';
import { loadScope } from '../reports/load';
import { attachmentBytes, deleteAttachment, findAttachment, listAttachments, saveAttachment, tooLargeDetail, ATTACHMENT } from './store';
import { loadFiling } from './filing';

const year = z.coerce.number().int().min(1990).max(2100);
const UploadFields = z.object({ entityType: z.enum(ATTACHMENT_ENTITY_TYPES), entityId: id, year, kind: z.enum(ATTACHMENT_KINDS) });
const ListQuery = Paging.extend({
  entityType: z.enum(ATTACHMENT_ENTITY_TYPES).optional(),
  entityId: id.optional(),
  year: year.optional(),
  kind: z.enum(ATTACHMENT_KINDS).optional(),
  org: id.optional(),
});
const FilingQuery = z.object({ org: id.optional(), year });

export function attachmentRoutes(ctx: AppContext): Router {
  const router = Router();
  const upload = uploadOne(ctx.config.attachmentMaxBytes, 'attachment', tooLargeDetail);

  router.post('/attachments', writers, upload, async (req, res) => {
    const user = userOf(req);
    const fields = parseInput(UploadFields, req.body ?? {});
    if (!req.file) throw badRequest('attachment.file_missing', { zh: '请选择要上传的文件（表单字段 file）', en: 'Choose the file to upload (form field "file")' });
    const { attachment, created } = await saveAttachment(ctx, user, { ...fields, fileName: uploadedName(req.file.originalname), bytes: req.file.buffer });
    res.status(created ? 201 : 200).json(attachment);
  });

  router.get('/attachments', async (req, res) => {
    res.json(await listAttachments(ctx, userOf(req), parseInput(ListQuery, req.query)));
  });

  router.get('/attachments/:id', async (req, res) => {
    const row = await findAttachment(ctx, userOf(req), parseInput(id, req.params.id));
    const bytes = await attachmentBytes(ctx.db, row.id, false);
    if (!bytes) throw notFound(ATTACHMENT);
    sendFile(res, bytes, row.content_type, row.file_name);
  });

  router.get('/attachments/:id/thumbnail', async (req, res) => {
    const row = await findAttachment(ctx, userOf(req), parseInput(id, req.params.id));
    const bytes = row.has_thumbnail ? await attachmentBytes(ctx.db, row.id, true) : null;
    if (!bytes) throw notFound({ zh: '缩略图', en: 'thumbnail' });
    sendFile(res, bytes, 'image/jpeg', `${row.file_name.replace(/\.[^.]*$/, '')}-thumbnail.jpg`);
  });

  router.delete('/attachments/:id', writers, async (req, res) => {
    await deleteAttachment(ctx, userOf(req), parseInput(id, req.params.id));
    res.status(204).end();
  });

  router.get('/filing', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(FilingQuery, req.query);
    const orgId = q.org ?? user.orgId;
    if (orgId === null) throw badRequest('filing.org_missing', { zh: '请指定党组织（org）', en: 'Name the organisation (org)' });
    await assertOrgInScope(ctx, user, orgId);
    const items = await loadFiling(ctx, (await loadScope(ctx.db, orgId))!, q.year);
    const filed = items.filter((i) => i.filed).length;
    const answer: Filing = { orgId, year: q.year, items, counts: { filed, unfiled: items.length - filed } };
    res.json(answer);
  });

  return router;
}


/**
 * A stored file as a download, never rendered by the browser as a page: its recognised type,
 * `attachment` with the Chinese name kept (RFC 6266 filename*), no sniffing, and a sandbox.
 */
function sendFile(res: Response, bytes: Buffer, contentType: string, name: string): void {
  res.attachment(name); // Content-Disposition: attachment; filename="…"; filename*=UTF-8''…
  res.set({
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  res.end(bytes);
}
