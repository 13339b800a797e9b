// Text a workbook cannot hold (core's holdableText: control characters, lone surrogates,
// U+FFFE/U+FFFF) is removed from every string of a JSON body before any route sees it, so no
// write path stores it and one clerk's stray character cannot break the county's workbooks.
// The answer says where: a `Text-Removed` header listing the fields, and the batch also as a
// `text.removed` warning on each row it touched. Passwords are kept as typed: only their hash
// is stored, and a CLI-made password must still match at login.
import type { Request, RequestHandler } from 'express';
import { holdableText } from '../../core/text';

const removedIn = new WeakMap<Request, string[]>();
/** Fields listed in the header at most; the rest are still removed. */
const HEADER_FIELDS = 50;

export const removeUnholdableText: RequestHandler = (req, res, next) => {
  const removed: string[] = [];
  req.body = clean(req.body, '', removed);
  if (removed.length) {
    removedIn.set(req, removed);
    res.setHeader('Text-Removed', removed.slice(0, HEADER_FIELDS).map(encodeURIComponent).join(', '));
  }
  next();
};

/** Dotted paths of the body's fields that had characters removed (`rows.3.content`, `note`). */
export function removedText(req: Request): string[] {
  return removedIn.get(req) ?? [];
}

function clean(value: unknown, path: string, removed: string[]): unknown {
  if (typeof value === 'string') {
    const held = holdableText(value);
    if (held !== value) removed.push(path);
    return held;
  }
  if (Array.isArray(value)) return value.map((v, i) => clean(v, join(path, String(i)), removed));
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!PASSWORD_FIELDS.has(key)) (value as Record<string, unknown>)[key] = clean(v, join(path, key), removed);
    }
  }
  return value;
}

/** Kept as typed: a login's `password`, and the `newPassword` of one's own change (POST /auth/password). */
const PASSWORD_FIELDS = new Set(['password', 'newPassword']);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
