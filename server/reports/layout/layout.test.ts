import { describe, expect, it } from 'vitest';
import { displayWidth, fitWidth } from './widths';
import { columnLetter, ratioFormula, ratioValue } from './formulas';

describe('column widths', () => {
  it('counts full-width characters double', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('承诺内容')).toBe(8);
    expect(displayWidth('（完成）ＡＢ')).toBe(12);
    expect(displayWidth('2011年6月')).toBe(9);
  });

  it('fits the widest line within the limits', () => {
    expect(fitWidth(['短', '较长的一行\n短'], 6, 40)).toBe(12);
    expect(fitWidth(['很'.repeat(100)], 6, 40)).toBe(40);
    expect(fitWidth([], 6, 40)).toBe(6);
  });
});

describe('formulas', () => {
  it('names columns as Excel does', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('writes a ratio with its cached value and a dash for nothing', () => {
    expect(ratioFormula({ num: [4], den: [3] }, 7)).toBe('IF(D7=0,"—",E7/D7)');
    expect(ratioValue({ num: [1, 2], den: [1, 2, 3] }, [null, 6, 3, 1])).toBe(0.9);
    expect(ratioValue({ num: [1], den: [2] }, [null, 0, 0])).toBe('—');
  });
});
