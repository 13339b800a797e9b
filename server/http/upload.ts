// One uploaded file in memory (multer), with limits; a file over the limit, or a broken upload,
// answers a problem with the feature's own code (`import.too_large`, `attachment.too_large`, …).
import type { RequestHandler } from 'express';
import multer from 'multer';
import { Problem, badRequest } from './problem';
import type { LocalText } from '../../core/types';

export function uploadOne(maxBytes: number, codePrefix: string, tooLargeDetail: (mb: number) => LocalText): RequestHandler {
  const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096 } }).single('file');
  return (req, res, next) =>
    single(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        const mb = +(maxBytes / (1024 * 1024)).toFixed(2);
        return next(new Problem(413, `${codePrefix}.too_large`, { zh: '文件过大', en: 'File too large' }, tooLargeDetail(mb)));
      }
      // Anything else multer or its parser (busboy) reports is a broken upload too: a malformed
      // part header (e.g. a NUL in the file name), a body cut short, a second file.
      const reason = err instanceof multer.MulterError ? err.code : 'MALFORMED_MULTIPART';
      next(badRequest(`${codePrefix}.bad_upload`, { zh: `上传格式有误：${reason}`, en: `Malformed upload: ${reason}` }));
    });
}

/** The uploaded file's name as the user wrote it: multer hands it over as latin1; browsers send UTF-8. */
export function uploadedName(originalName: string): string {
  return Buffer.from(originalName, 'latin1').toString('utf8');
}
