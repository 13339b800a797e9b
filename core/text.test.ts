import { describe, expect, it } from 'vitest';
import { cleanText, holdableText } from './text';

describe('cleanText', () => {
  it.each([
    ['  雷兰 ', '雷兰'],
    ['\u3000带头学习\u3000', '带头学习'],
    ['\u00a0支部\u00a0', '支部'],
    ['\n\t内容\r\n', '内容'],
    ['\ufeff\u200b编号\u200b', '编号'],
    ['规范财务管理，\r\n做到账目清楚', '规范财务管理，\n做到账目清楚'],
    ['第一行\r第二行', '第一行\n第二行'],
    ['每天  学习 1 小时', '每天  学习 1 小时'],
    ['认真参加“三会一课”', '认真参加“三会一课”'],
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps inner ideographic spaces and full-width punctuation as typed', () => {
    expect(cleanText(' 甲\u3000乙，丙 ')).toBe('甲\u3000乙，丙');
  });

  it.each([[''], ['   '], ['\u3000\n\u00a0'], [null], [undefined], [NaN], [{}], [[]]])('%j → null', (input) => {
    expect(cleanText(input)).toBeNull();
  });

  it('concatenates the runs of an exceljs rich-text cell', () => {
    const cell = { richText: [{ font: { bold: true }, text: ' 带头' }, { text: '学习党的理论 ' }] };
    expect(cleanText(cell)).toBe('带头学习党的理论');
  });

  it('takes plain-string runs and skips runs without text', () => {
    expect(cleanText({ richText: ['带头', { text: '学习' }, null, { font: {} }] })).toBe('带头学习');
  });

  it('reads hyperlink text and formula results', () => {
    expect(cleanText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cleanText({ formula: 'A1', result: 42 })).toBe('42');
    expect(cleanText({ formula: 'A1' })).toBeNull();
  });

  it('turns numbers, booleans and dates into their text', () => {
    expect(cleanText(2011)).toBe('2011');
    expect(cleanText(3.5)).toBe('3.5');
    expect(cleanText(true)).toBe('TRUE');
    expect(cleanText(new Date(Date.UTC(2011, 5, 30)))).toBe('2011-06-30');
    expect(cleanText(new Date('nonsense'))).toBeNull();
  });
});

describe('holdableText', () => {
  it.each([
    ['带头\ufffe学习', '带头学习'],
    ['\uffff党费', '党费'],
    ['a\u0000b\u0007c\u001bd\u007fe\u0085f', 'abcdef'],
    ['半个\ud83d', '半个'],
    ['\udc00孤', '孤'],
    ['\u000b\u000c换页', '换页'],
  ])('%j → %j', (input, expected) => {
    expect(holdableText(input)).toBe(expected);
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps tab, newlines, whole surrogate pairs, emoji and every ordinary character', () => {
    const kept = '第一行\t甲\n第二行\r\n😀👨‍👩‍👧 \u3000\u200b\ufeff\ufffd，。';
    expect(holdableText(kept)).toBe(kept);
  });
});
