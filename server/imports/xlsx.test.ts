import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsx } from './xlsx';
import { DEFAULT_ZIP_LIMITS, zipEntries } from './zip';
import { ledgerFixture } from '../../test/support/fixtures';
import { formulasXlsx, severalSheetsXlsx, twoRowHeaderXlsx, zipBomb } from '../../test/fixtures/ledgers';

const P1 = ledgerFixture('p1-clean.xlsx');
const codeOf = async (p: Promise<unknown>) => p.then(() => 'read', (e: { code?: string }) => e.code);

describe('readXlsx', () => {
  it('reads cells as Excel shows them: text as typed, date cells as dates, rich text as one string', async () => {
    const [sheet] = await readXlsx(readFileSync(P1));
    expect(sheet.name).toBe('Sheet1');
    expect(sheet.rows[0].slice(0, 3)).toEqual(['序号', '姓名', '所在支部']);
    expect(sheet.rows[13][6]).toEqual(new Date(Date.UTC(2011, 5, 30))); // row 14, 完成时限
    expect(sheet.rows[45][4]).toBe('带头学习党章，每月撰写学习心得不少于1篇'); // row 46: rich text runs joined
    expect(sheet.rows[56][4]).toBe('　带头学习党的理论，坚持每天学习1小时'); // untrimmed: trimming is the converter's
  });

  it('reads merged areas, which exceljs streaming skips, in 0-based coordinates', async () => {
    const [sheet] = await readXlsx(await twoRowHeaderXlsx());
    expect(sheet.merges).toContainEqual({ top: 0, left: 0, bottom: 0, right: 7 }); // A1:H1
    expect(sheet.merges).toContainEqual({ top: 1, left: 4, bottom: 1, right: 5 }); // E2:F2
    expect(sheet.merges).toContainEqual({ top: 3, left: 2, bottom: 5, right: 2 }); // C4:C6
    expect(sheet.rows[4][2]).toBeNull(); // filling down is the converter's
  });

  it('keeps every sheet, in tab order', async () => {
    expect((await readXlsx(await severalSheetsXlsx())).map((s) => s.name)).toEqual(['填表说明', '一支部', '二支部', '汇总']);
  });

  it('gives formulas their cached value and never evaluates one; formula-like text stays text', async () => {
    const [sheet] = await readXlsx(await formulasXlsx());
    expect(sheet.rows[1][2]).toBe('按时交纳党费（缓存值）');
    expect(sheet.rows[2][2] ?? null).toBeNull();
    expect(sheet.rows[3][2]).toBe('=HYPERLINK("http://example.invalid","点我")');
  });

  it('refuses a zip bomb from its central directory, before inflating anything', async () => {
    const bomb = await zipBomb(300);
    expect(() => zipEntries(bomb)).toThrow(expect.objectContaining({ code: 'import.zip_ratio' }));
    expect(() => zipEntries(bomb, { ...DEFAULT_ZIP_LIMITS, maxRatio: 1e9, maxInflatedBytes: 100 * 1024 * 1024 })).toThrow(
      expect.objectContaining({ code: 'import.zip_too_large' }),
    );
  });

  it('refuses a zip whose entry inflates beyond what it declares', async () => {
    const liar = await zipBomb(20, 1000);
    expect(await codeOf(readXlsx(liar))).toBe('import.zip_ratio');
  });

  it('refuses a zip that is no workbook, and a damaged workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await codeOf(readXlsx(good.subarray(0, Math.floor(good.length / 2))))).toBe('import.corrupt');
    const bomb = await zipBomb(1); // a zip holding only a worksheet: no xl/workbook.xml
    expect(await codeOf(readXlsx(bomb))).toBe('import.unsupported_format');
  });
});
