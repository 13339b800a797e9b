// Attachments: the one place they are written, read and deleted, for the routes and the CLI.
// `assertMayAttach` is the rule every write goes through (scope, role, the entity's year); each
// writing transaction also asks `assertYearOpen` first.
import type { Kysely, Selectable } from 'kysely';
import type { Attachment, AttachmentEntityType, AttachmentKind } from '../../core/attachments';
import type { LocalText } from '../../core/types';
import { cleanText } from '../../core/text';
import type { AppContext } from '../context';
import type { AttachmentsTable, Database } from '../db/schema';
import type { AuthUser } from '../auth/sessions';
import { Problem, badRequest, notFound } from '../http/problem';
import { assertOrgInScope, inSubtree, orgRelation } from '../scope';
import { recordAudit } from '../audit';
import { findCommitment } from '../commitments/find';
import { isUniqueViolation } from '../db/uniqueViolation';
import { inspectFile, type AttachmentType } from './content';
import { assertYearOpen } from '../years/closed';

export const ATTACHMENT: LocalText = { zh: '附件', en: 'attachment' };
const MEMBER: LocalText = { zh: '党员', en: 'member' };

type AttachmentRow = Selectable<AttachmentsTable>;

/** What an attachment hangs on: the organisation it belongs to, and for a commitment its year. */
export interface AttachTarget {
  entityType: AttachmentEntityType;
  entityId: number;
  orgId: number;
  year: number | null;
}

/** The entity when it lies in the user's scope; 404 otherwise, as if it did not exist. */
export async function attachTarget(ctx: AppContext, user: AuthUser, entityType: AttachmentEntityType, entityId: number): Promise<AttachTarget> {
  if (entityType === 'commitment') {
    const c = await findCommitment(ctx, user, entityId);
    return { entityType, entityId, orgId: c.org_id, year: c.year };
  }
  if (entityType === 'organization') return { entityType, entityId, orgId: (await assertOrgInScope(ctx, user, entityId)).id, year: null };
  const member = await ctx.db.selectFrom('members').select('org_id').where('id', '=', entityId).executeTakeFirst();
  if (!member) throw notFound(MEMBER);
  return { entityType, entityId, orgId: (await assertOrgInScope(ctx, user, member.org_id, MEMBER)).id, year: null };
}

/**
 * The rule of every attachment write (upload, delete; API and CLI): a writer whose scope holds
 * the entity (attachTarget already answered 404 outside it), on the entity's own year.
 */
export async function assertMayAttach(ctx: AppContext, user: AuthUser, target: AttachTarget, year: number): Promise<void> {
  if (user.role !== 'admin' && user.role !== 'reviewer' && user.role !== 'clerk') {
    throw new Problem(403, 'role_not_allowed', { zh: '无权进行此操作', en: 'Not allowed' }, { zh: '查看人员只能查看附件', en: 'Viewers only read attachments' });
  }
  if (target.year !== null && target.year !== year) {
    throw badRequest('attachment.year', { zh: '年度与承诺事项不符', en: 'The year is not the commitment’s' }, [
      { field: 'year', code: 'attachment.year', message: { zh: `该承诺事项属于 ${target.year} 年度，不是 ${year} 年度`, en: `The commitment belongs to ${target.year}, not ${year}` } },
    ]);
  }
}

/** Why a file over ATTACHMENT_MAX_MB is refused, and what to do. */
export const tooLargeDetail = (mb: number): LocalText => ({
  zh: `附件不能超过 ${mb} MB；扫描件请降低分辨率（如 200 dpi）或分页上传`,
  en: `An attachment may not exceed ${mb} MB; scan at a lower resolution (e.g. 200 dpi) or upload page by page`,
});

export interface NewAttachment {
  entityType: AttachmentEntityType;
  entityId: number;
  /** Optional for a commitment (its own year). */
  year?: number;
  kind: AttachmentKind;
  fileName: string;
  bytes: Buffer;
}

/** Stores a file (201 `created`), or answers the same file already stored on that record and year (a retry). */
export async function saveAttachment(ctx: AppContext, user: AuthUser, input: NewAttachment): Promise<{ attachment: Attachment; created: boolean }> {
  const target = await attachTarget(ctx, user, input.entityType, input.entityId);
  const year = input.year ?? target.year;
  if (year === null) {
    throw badRequest('attachment.year', { zh: '请填写年度', en: 'Give the year' }, [{ field: 'year', code: 'required', message: { zh: '党员和党组织的附件须注明年度', en: 'An attachment of a member or organisation needs its year' } }]);
  }
  await assertMayAttach(ctx, user, target, year);
  const max = ctx.config.attachmentMaxBytes;
  if (input.bytes.length > max) throw new Problem(413, 'attachment.too_large', { zh: '文件过大', en: 'File too large' }, tooLargeDetail(+(max / (1024 * 1024)).toFixed(2)));
  if (input.bytes.length === 0) throw badRequest('attachment.empty', { zh: '文件是空的', en: 'The file is empty' });
  const file = await inspectFile(input.bytes);
  const existing = await sameFile(ctx.db, { ...input, year }, file.sha256);
  if (existing) return { attachment: await attachmentJson(ctx.db, existing), created: false };
  const at = ctx.now().toISOString();
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      await assertYearOpen(trx, target.orgId, year); // in the writing transaction: a close cannot slip in between
      const row = await trx
        .insertInto('attachments')
        .values({
          entity_type: input.entityType,
          entity_id: input.entityId,
          org_id: target.orgId,
          year,
          kind: input.kind,
          file_name: keptName(input.fileName),
          content_type: file.contentType,
          size: input.bytes.length,
          sha256: file.sha256,
          width: file.width,
          height: file.height,
          has_thumbnail: file.thumbnail ? 1 : 0,
          uploaded_by: user.id,
          uploaded_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('attachment_contents').values({ attachment_id: row.id, data: input.bytes, thumbnail: file.thumbnail }).execute();
      await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'attachment', entityId: row.id, after: auditView(row) });
      return row;
    });
    return { attachment: await attachmentJson(ctx.db, row), created: true };
  } catch (err) {
    // The same file sent twice at once: the other request stored it first.
    const raced = isUniqueViolation(err) ? await sameFile(ctx.db, { ...input, year }, file.sha256) : undefined;
    if (!raced) throw err;
    return { attachment: await attachmentJson(ctx.db, raced), created: false };
  }
}

function sameFile(db: Kysely<Database>, input: NewAttachment & { year: number }, sha256: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('entity_type', '=', input.entityType)
    .where('entity_id', '=', input.entityId)
    .where('year', '=', input.year)
    .where('kind', '=', input.kind)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/** One attachment's record when its organisation lies in the user's scope; 404 otherwise. */
export async function findAttachment(ctx: AppContext, user: AuthUser, attachmentId: number): Promise<AttachmentRow> {
  const row = await ctx.db.selectFrom('attachments').selectAll().where('id', '=', attachmentId).executeTakeFirst();
  if (!row || (await orgRelation(ctx.db, user.orgId, row.org_id)) === 'outside') throw notFound(ATTACHMENT);
  return row;
}

/** The stored bytes (or the thumbnail) of an attachment already found in scope. */
export async function attachmentBytes(db: Kysely<Database>, attachmentId: number, thumbnail: boolean): Promise<Buffer | null> {
  const row = await db.selectFrom('attachment_contents').select(thumbnail ? 'thumbnail as bytes' : 'data as bytes').where('attachment_id', '=', attachmentId).executeTakeFirst();
  return row?.bytes ? Buffer.from(row.bytes) : null;
}

/**
 * Deletes an attachment: its uploader, or an admin or reviewer whose scope holds it (the level
 * above may remove what was filed with it). The audit row keeps what it was (name, hash, size).
 */
export async function deleteAttachment(ctx: AppContext, user: AuthUser, attachmentId: number): Promise<void> {
  const row = await findAttachment(ctx, user, attachmentId);
  const target = { entityType: row.entity_type as AttachmentEntityType, entityId: row.entity_id, orgId: row.org_id, year: row.year };
  await assertMayAttach(ctx, user, target, row.year);
  if (user.role === 'clerk' && row.uploaded_by !== user.id) {
    throw new Problem(403, 'attachment.not_uploader', { zh: '无权进行此操作', en: 'Not allowed' }, {
      zh: '党务工作者只能删除自己上传的附件；他人上传的请联系审核人或管理员',
      en: 'A clerk deletes only what they uploaded; ask a reviewer or an admin for the rest',
    });
  }
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await assertYearOpen(trx, row.org_id, row.year);
    await trx.deleteFrom('attachment_contents').where('attachment_id', '=', row.id).execute();
    await trx.deleteFrom('attachments').where('id', '=', row.id).execute();
    await recordAudit(trx, { userId: user.id, at, action: 'delete', entity: 'attachment', entityId: row.id, before: auditView(row) });
  });
}

export interface AttachmentFilter {
  entityType?: AttachmentEntityType;
  entityId?: number;
  year?: number;
  kind?: AttachmentKind;
  org?: number;
  limit: number;
  offset: number;
}

/** Attachments in the user's scope (of `org` and below when given), newest first. */
export async function listAttachments(ctx: AppContext, user: AuthUser, f: AttachmentFilter): Promise<{ items: Attachment[]; total: number }> {
  if (f.org !== undefined) await assertOrgInScope(ctx, user, f.org);
  const root = f.org ?? user.orgId;
  let base = ctx.db.selectFrom('attachments');
  if (root !== null) base = base.where(await inSubtree(ctx, 'attachments.org_id', root));
  if (f.entityType) base = base.where('entity_type', '=', f.entityType);
  if (f.entityId !== undefined) base = base.where('entity_id', '=', f.entityId);
  if (f.year !== undefined) base = base.where('year', '=', f.year);
  if (f.kind) base = base.where('kind', '=', f.kind);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('uploaded_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toJson(ctx.db, rows), total: Number(total.n) };
}

export async function attachmentJson(db: Kysely<Database>, row: AttachmentRow): Promise<Attachment> {
  return (await toJson(db, [row]))[0];
}

/** Names of the uploaders and of what the attachments hang on, read once for a page of them. */
async function namesOf(db: Kysely<Database>, rows: AttachmentRow[]) {
  const ids = (pick: (r: AttachmentRow) => number | null) => [...new Set(rows.map(pick).filter((v): v is number => v !== null))];
  const of = (type: string) => ids((r) => (r.entity_type === type ? r.entity_id : null));
  const [users, orgs, members, commitments] = await Promise.all([
    ids((r) => r.uploaded_by).length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids((r) => r.uploaded_by)).execute() : [],
    of('organization').length ? db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', of('organization')).execute() : [],
    of('member').length ? db.selectFrom('members').select(['id', 'name']).where('id', 'in', of('member')).execute() : [],
    of('commitment').length ? db.selectFrom('commitments').select(['id', 'subject_name', 'content']).where('id', 'in', of('commitment')).execute() : [],
  ]);
  return {
    user: new Map(users.map((u) => [u.id, u.name])),
    entity: new Map<string, string>([
      ...orgs.map((o) => [`organization:${o.id}`, o.name] as const),
      ...members.map((m) => [`member:${m.id}`, m.name] as const),
      ...commitments.map((c) => [`commitment:${c.id}`, `${c.subject_name}：${c.content}`.slice(0, 60)] as const),
    ]),
  };
}

async function toJson(db: Kysely<Database>, rows: AttachmentRow[]): Promise<Attachment[]> {
  const names = await namesOf(db, rows);
  return rows.map((r) => ({
    id: r.id,
    entityType: r.entity_type as AttachmentEntityType,
    entityId: r.entity_id,
    entityName: names.entity.get(`${r.entity_type}:${r.entity_id}`) ?? null,
    orgId: r.org_id,
    year: r.year,
    kind: r.kind as AttachmentKind,
    fileName: r.file_name,
    contentType: r.content_type as AttachmentType,
    size: r.size,
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    hasThumbnail: Boolean(r.has_thumbnail),
    uploadedBy: r.uploaded_by,
    uploadedByName: r.uploaded_by === null ? null : (names.user.get(r.uploaded_by) ?? null),
    uploadedAt: r.uploaded_at,
  }));
}

/** The name kept for a download: the last part of a path, trimmed, at most 200 characters. */
function keptName(name: string): string {
  return (cleanText(name.split(/[\\/]/).pop() ?? '') ?? '').slice(0, 200) || 'file';
}

/** What the audit trail keeps of an attachment (never its bytes). */
function auditView(r: AttachmentRow) {
  return { entityType: r.entity_type, entityId: r.entity_id, orgId: r.org_id, year: r.year, kind: r.kind, fileName: r.file_name, contentType: r.content_type, size: r.size, sha256: r.sha256 };
}
