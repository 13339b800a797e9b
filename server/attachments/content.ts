// What an uploaded file really is, read from its bytes (file-type's magic numbers), never from
// its name or the type the browser declared: a renamed program, archive or web page is refused.
// Images are decoded once (sharp) to prove they are images, to learn their size, and to make the
// thumbnail lists show.
import { createHash } from 'node:crypto';
import { ATTACHMENT_TYPES } from '../../core/attachments';
import { Problem } from '../http/problem';

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface InspectedFile {
  contentType: AttachmentType;
  sha256: string;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
}

const THUMBNAIL_PX = 320;
/** A phone photo is some 50 million pixels at most; more is a decompression bomb. */
const MAX_PIXELS = 100_000_000;

const wrongType = (found: string) =>
  new Problem(415, 'attachment.type', { zh: '文件类型不允许', en: 'File type not allowed' }, {
    zh: `只能上传 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容识别，此文件是 ${found}）；苹果手机的 HEIC 照片请在浏览器中选取（会自动转为 JPEG）或另存为 JPEG`,
    en: `Only JPEG, PNG or WebP images and PDF files can be attached (recognised by content; this file is ${found}); save an iPhone's HEIC photo as JPEG`,
  });

export async function inspectFile(bytes: Buffer): Promise<InspectedFile> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Loaded on the first upload, not at start: libvips is large, and most starts never see a file.
  const [{ fileTypeFromBuffer }, { default: sharp }] = await Promise.all([import('file-type'), import('sharp')]);
  const sniffed = await fileTypeFromBuffer(bytes);
  const contentType = ATTACHMENT_TYPES.find((t) => t === sniffed?.mime);
  if (!contentType) throw wrongType(sniffed ? `${sniffed.mime} (.${sniffed.ext})` : 'unknown');
  if (contentType === 'application/pdf') return { contentType, sha256, width: null, height: null, thumbnail: null };
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    // Turned as the camera held it (EXIF orientation), small, JPEG whatever the original was.
    const thumbnail = await image.rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    const turned = (meta.orientation ?? 1) >= 5;
    return { contentType, sha256, width: (turned ? meta.height : meta.width) ?? null, height: (turned ? meta.width : meta.height) ?? null, thumbnail };
  } catch {
    throw new Problem(415, 'attachment.unreadable', { zh: '图片无法读取', en: 'The image cannot be read' }, {
      zh: '文件开头是图片格式，但内容已损坏、不完整或尺寸过大，请重新拍摄或扫描后上传',
      en: 'The file starts as an image but is damaged, cut short or too large; take or scan it again',
    });
  }
}
