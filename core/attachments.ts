// Attachments (存档备案, 佐证材料): signed 承诺书, photos of the posted 公示, evidence of
// fulfilment. The shapes the API answers, defined once: the server types its JSON with them, the
// add-in's client reads them, and the OpenAPI document prints them.
import { z } from 'zod';

export const ATTACHMENT_KINDS = ['pledge_form', 'notice_photo', 'evidence'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_ENTITY_TYPES = ['commitment', 'organization', 'member'] as const;
export type AttachmentEntityType = (typeof ATTACHMENT_ENTITY_TYPES)[number];

/** What the server stores, recognised by content: photos from phones and scanners, and PDF scans. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

export const Attachment = z.object({
  id: z.number().int(),
  entityType: z.enum(ATTACHMENT_ENTITY_TYPES),
  entityId: z.number().int(),
  /** What it is attached to, as people name it: the organisation, the member, or a commitment's subject and content. */
  entityName: z.string().nullable(),
  /** The organisation the entity belongs to (scope). */
  orgId: z.number().int(),
  year: z.number().int(),
  kind: z.enum(ATTACHMENT_KINDS),
  fileName: z.string(),
  contentType: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  uploadedBy: z.number().int().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentList = z.object({ items: z.array(Attachment), total: z.number().int() });
export type AttachmentList = z.infer<typeof AttachmentList>;

/** One subject of a year's 承诺书 and whether its signed form is filed (备案). */
export const FilingEntry = z.object({
  subjectType: z.enum(['organization', 'member']),
  subjectId: z.number().int(),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  filed: z.boolean(),
  /** The first filed form (its upload time), null while 未备案. */
  filedAt: z.string().nullable(),
  attachmentId: z.number().int().nullable(),
});
export type FilingEntry = z.infer<typeof FilingEntry>;

export const Filing = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  items: z.array(FilingEntry),
  counts: z.object({ filed: z.number().int(), unfiled: z.number().int() }),
});
export type Filing = z.infer<typeof Filing>;

export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, { zh: string; en: string }> = {
  pledge_form: { zh: '承诺书', en: 'Signed pledge form' },
  notice_photo: { zh: '公示照片', en: 'Photo of the posted notice' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
};
