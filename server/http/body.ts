// Request bodies and queries are checked with zod schemas; a failure becomes a 400 problem that
// names each field and what was wrong with it, in both languages.
import { z } from 'zod';
import type { LocalText } from '../../core/types';
import { cleanText } from '../../core/text';
import { textLine } from '../../core/textSchema';
import { Problem, type ProblemItem } from './problem';

function issueMessage(issue: z.core.$ZodIssue): { code: string; message: LocalText } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { code: 'required', message: { zh: '必填', en: 'is required' } }
        : { code: 'invalid_type', message: { zh: `类型应为 ${issue.expected}`, en: `must be of type ${issue.expected}` } };
    case 'too_big':
      return issue.origin === 'string'
        ? { code: 'too_long', message: { zh: `不能超过 ${issue.maximum} 个字符`, en: `may not exceed ${issue.maximum} characters` } }
        : { code: 'too_big', message: { zh: `不能大于 ${issue.maximum}`, en: `may not exceed ${issue.maximum}` } };
    case 'too_small':
      return issue.origin === 'string'
        ? { code: issue.minimum === 1 ? 'required' : 'too_short', message: { zh: `至少 ${issue.minimum} 个字符`, en: `needs at least ${issue.minimum} characters` } }
        : { code: 'too_small', message: { zh: `不能小于 ${issue.minimum}`, en: `may not be below ${issue.minimum}` } };
    case 'invalid_value':
      return {
        code: 'invalid_value',
        message: { zh: `只能是：${issue.values.join('、')}`, en: `must be one of: ${issue.values.join(', ')}` },
      };
    case 'invalid_format':
      return { code: 'invalid_format', message: { zh: '格式不正确', en: `is not a valid ${issue.format}` } };
    case 'unrecognized_keys':
      return {
        code: 'unknown_field',
        message: { zh: `未知字段：${issue.keys.join('、')}`, en: `unknown fields: ${issue.keys.join(', ')}` },
      };
    default:
      return { code: 'invalid', message: { zh: '取值无效', en: 'is invalid' } };
  }
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors: ProblemItem[] = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const { code, message } = issueMessage(issue);
    return {
      field,
      code,
      message: { zh: `${field ? `字段 ${field}：` : ''}${message.zh}`, en: `${field ? `${field} ` : ''}${message.en}` },
    };
  });
  throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, errors);
}

/** Trimmed as ledger cells are (core/text): also of the zero-width spaces pasted text carries, which `.trim()` keeps. */
const trimmed = (s: string) => cleanText(s) ?? '';

/** A trimmed, non-empty line of text no longer than `max`. */
export const line = textLine;
/** Optional free text, trimmed; empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .overwrite(trimmed)
    .max(max)
    .nullish()
    .transform((s) => (s ? s : null));
/** A positive integer id, also accepted as a numeric string (query parameters). */
export const id = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** `limit` (1–1000, default 100) and `offset` of a list. */
export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
