// Commitment categories and the words ledgers use for them (DESIGN §1).
import { CATEGORIES, type Category, type LocalText } from './types';
import { cleanText } from './text';

export const CATEGORY_LABELS: Record<Category, LocalText> = {
  common: { zh: '共性承诺', en: 'Common commitment' },
  post: { zh: '岗位承诺', en: 'Post commitment' },
  deed: { zh: '实事承诺', en: 'Practical deed' },
  discipline: { zh: '自律承诺', en: 'Self-discipline' },
};

const WORDS = new Map<string, Category>(Object.entries({
  共性承诺: 'common',
  共性: 'common',
  岗位承诺: 'post',
  履职承诺: 'post',
  职责承诺: 'post',
  岗位职责: 'post',
  实事承诺: 'deed',
  为民办实事: 'deed',
  办实事: 'deed',
  自律承诺: 'discipline',
  自律: 'discipline',
}) as [string, Category][]);

/** A category code from a code or any of its Chinese names; spaces inside are ignored. */
export function parseCategory(v: unknown): Category | null {
  const text = cleanText(v)?.replace(/\s+/g, '');
  if (!text) return null;
  const code = text.toLowerCase();
  if ((CATEGORIES as readonly string[]).includes(code)) return code as Category;
  return WORDS.get(text) ?? null;
}
