// PostgreSQL text cannot hold U+0000 (SQLite can), so a NUL in a query parameter is refused up
// front, naming it, and both databases answer the same. (Bodies lose theirs in text.ts.)
import type { RequestHandler } from 'express';
import { Problem, type ProblemItem } from './problem';

export const refuseNul: RequestHandler = (req, _res, next) => {
  const found: ProblemItem[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (found.length >= 20) return;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(nulItem(path.join('.')));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) walk(v, [...path, key]);
    }
  };
  walk(req.query, []);
  if (found.length) throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, found);
  next();
};

const nulItem = (field: string): ProblemItem => ({
  field,
  code: 'text.nul',
  message: { zh: `字段 ${field}：不能包含空字符（U+0000）`, en: `${field} may not contain a NUL character (U+0000)` },
});
