// JSON request bodies: a size limit chosen by the caller (small before authentication, larger
// after), nesting no deeper than any request of ours needs, text a workbook cannot hold removed
// (server/http/text.ts), and no NUL characters. Depth is
// counted on the raw bytes before JSON.parse, so a megabyte of `[[[[…` costs one linear scan
// and never reaches a recursive walk.
import express, { type RequestHandler } from 'express';
import { Problem } from './problem';
import { refuseNul } from './nul';
import { removeUnholdableText } from './text';

/** A batch row's phased plan is the deepest legitimate body (body → rows → row → plan → step). */
export const MAX_JSON_DEPTH = 16;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
export function jsonDepth(buf: Uint8Array, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (OPEN.has(b)) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (CLOSE.has(b)) depth--;
  }
  return deepest;
}

const tooDeep = () =>
  new Problem(400, 'json.too_deep', { zh: '请求内容嵌套过深', en: 'Request body nested too deeply' }, {
    zh: `JSON 的数组和对象最多嵌套 ${MAX_JSON_DEPTH} 层`,
    en: `JSON arrays and objects may nest at most ${MAX_JSON_DEPTH} levels deep`,
  });

/** Parses a JSON body of at most `limitBytes`; refuses deep nesting (400), cleans text, refuses NUL. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({
    limit: limitBytes,
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
    },
  });
  return [parse, removeUnholdableText, refuseNul];
}

/** API answers are for one user at one moment: no browser or proxy keeps them (tokens included). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
