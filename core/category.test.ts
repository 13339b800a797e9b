import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, parseCategory } from './category';
import { CATEGORIES } from './types';

describe('parseCategory', () => {
  it.each([
    ['共性承诺', 'common'],
    ['共性', 'common'],
    ['岗位承诺', 'post'],
    ['履职承诺', 'post'],
    ['职责承诺', 'post'],
    ['岗位职责', 'post'],
    ['实事承诺', 'deed'],
    ['为民办实事', 'deed'],
    ['办实事', 'deed'],
    ['自律承诺', 'discipline'],
    ['自律', 'discipline'],
    ['common', 'common'],
    ['post', 'post'],
    ['deed', 'deed'],
    ['discipline', 'discipline'],
    ['DEED', 'deed'],
  ])('%s → %s', (word, code) => {
    expect(parseCategory(word)).toBe(code);
  });

  it('tolerates surrounding and inner whitespace', () => {
    expect(parseCategory(' \u3000岗位承诺 ')).toBe('post');
    expect(parseCategory('共性承诺 ')).toBe('common');
    expect(parseCategory('实 事 承 诺')).toBe('deed');
    expect(parseCategory({ richText: [{ text: '自律' }, { text: '承诺' }] })).toBe('discipline');
  });

  it.each([[''], ['  '], [null], [undefined], ['承诺'], ['其他承诺'], ['公共'], [3], ['toString']])(
    '%j is not a category',
    (v) => {
      expect(parseCategory(v)).toBeNull();
    },
  );

  it('labels every category in both languages, and the Chinese label parses back', () => {
    for (const c of CATEGORIES) {
      expect(CATEGORY_LABELS[c].zh).not.toBe('');
      expect(CATEGORY_LABELS[c].en).not.toBe('');
      expect(parseCategory(CATEGORY_LABELS[c].zh)).toBe(c);
    }
  });
});
