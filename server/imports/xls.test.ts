import { describe, expect, it } from 'vitest';
import { readXls, xlsGrids, isXls } from './xls';
import { legacyXls } from '../../test/fixtures/ledgers';

describe('xls reader', () => {
  it('reads an old binary .xls: text, numbers, date cells as UTC dates, merged areas', () => {
    const buf = legacyXls();
    expect(isXls(buf)).toBe(true);
    const [sheet] = xlsGrids(buf);
    expect(sheet.name).toBe('台账');
    expect(sheet.rows[1]).toEqual(['序号', '承诺人', '类型', '承诺事项', '保障措施', '承诺时限', '践诺情况']);
    expect(sheet.rows[2][5]).toEqual(new Date(Date.UTC(2010, 5, 30)));
    expect(sheet.rows[3][1]).toBeNull();
    expect(sheet.merges).toContainEqual({ top: 2, left: 1, bottom: 3, right: 1 });
  });

  it('reads in a worker thread with the same result', async () => {
    const buf = legacyXls();
    expect(await readXls(buf)).toEqual(xlsGrids(buf));
  });

  it('answers import.corrupt for a damaged compound file', async () => {
    const buf = Buffer.concat([legacyXls().subarray(0, 600), Buffer.alloc(2000, 0xab)]);
    await expect(readXls(buf)).rejects.toMatchObject({ status: 422, code: 'import.corrupt' });
  });
});
