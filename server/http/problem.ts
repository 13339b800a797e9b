// API errors as RFC 9457 problem documents. Every error has a stable `code`; titles and messages
// are bilingual and rendered in the request's language (Chinese unless it asks for English).
import type { ErrorRequestHandler, Request } from 'express';
import type { LocalText } from '../../core/types';
import { storageProblem } from './storage';

export interface ProblemItem {
  sheet?: string;
  row?: number;
  column?: string;
  field?: string;
  code: string;
  message: LocalText;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: LocalText,
    readonly detail?: LocalText,
    readonly errors?: ProblemItem[],
    /** Members the problem document carries besides the standard ones (e.g. the `id` of what exists). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${title.en}`);
  }
}

export type Language = 'zh' | 'en';

/** Chinese by default; English when the client prefers it over Chinese. */
export function requestLanguage(req: Request): Language {
  return req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh';
}

export const notFound = (what: LocalText = { zh: '记录', en: 'record' }) =>
  new Problem(404, 'not_found', { zh: `未找到${what.zh}`, en: `${cap(what.en)} not found` });

export const badRequest = (code: string, title: LocalText, errors?: ProblemItem[]) =>
  new Problem(400, code, title, undefined, errors);

export const forbidden = (code: string, reason: LocalText) =>
  new Problem(403, code, { zh: '无权进行此操作', en: 'Not allowed' }, reason);

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function renderProblem(p: Problem, lang: Language) {
  return {
    type: `urn:commitment-ledger:problem:${p.code}`,
    code: p.code,
    title: p.title[lang],
    status: p.status,
    ...p.extensions,
    ...(p.detail ? { detail: p.detail[lang] } : {}),
    ...(p.errors
      ? { errors: p.errors.map(({ message, ...where }) => ({ ...where, message: message[lang] })) }
      : {}),
  };
}

/** Maps what body parsers and routing throw to problems; anything unknown is a 500 with no internals. */
function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') {
    return new Problem(413, 'body_too_large', { zh: '请求内容过大', en: 'Request body too large' }, {
      zh: `请求内容不能超过 ${e.limit} 字节`,
      en: `The request body may not exceed ${e.limit} bytes`,
    });
  }
  if (e?.type === 'entity.parse.failed') {
    return new Problem(400, 'malformed_json', { zh: '请求内容不是有效的 JSON', en: 'Request body is not valid JSON' });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new Problem(415, 'unsupported_encoding', { zh: '不支持的编码', en: 'Unsupported encoding' });
  }
  if ((err as { code?: string })?.code === '23505' || (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    // A concurrent request stored the same unique value first (two batches with one new key).
    return new Problem(409, 'concurrent_write', { zh: '与同时进行的修改冲突', en: 'Conflicts with a concurrent change' }, {
      zh: '另一个请求刚写入了相同的记录，请重试',
      en: 'Another request has just written the same record; retry',
    });
  }
  if ((err as { code?: string })?.code === '22021') {
    // PostgreSQL refused a text value (a NUL that came in some way other than JSON, e.g. a form field).
    return new Problem(400, 'invalid_text', { zh: '文本中含有无法保存的字符（如空字符 U+0000）', en: 'Text contains a character that cannot be stored (such as NUL, U+0000)' });
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new Problem(e.status, 'bad_request', { zh: '请求无效', en: 'Bad request' });
  }
  const storage = storageProblem(err);
  if (storage) return storage;
  return new Problem(500, 'internal', { zh: '服务器内部错误', en: 'Internal server error' });
}

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err);
  // The access log writes a server error's cause beside the request's line (server/observe/accessLog.ts).
  if (problem.status >= 500) res.err = err;
  if (problem.status === 503) res.set('Retry-After', '30');
  // The request id lets a user's report of an error be found in the log.
  res.status(problem.status).type('application/problem+json').json({ ...renderProblem(problem, requestLanguage(req)), requestId: req.id });
};

/** The 404 for paths no route answers. */
export function routeNotFound(): never {
  throw new Problem(404, 'no_route', { zh: '没有这个接口', en: 'No such endpoint' });
}

/** An error as an operator reads it on a console: a problem's title and items in both languages. */
export function explainError(err: unknown): string {
  if (!(err instanceof Problem)) return err instanceof Error ? err.message : String(err);
  const lines = (err.errors ?? []).map((e) => `  ${e.field ? `${e.field}: ` : ''}${e.message.zh} / ${e.message.en}`);
  return [`${err.title.zh} / ${err.title.en}`, ...lines].join('\n');
}
