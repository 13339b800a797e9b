import { afterEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { parseAreas, readActiveSheet } from './readSheet';

function workbook(used: object | null, merged: string | null, apiVersion = '1.18') {
  (globalThis as any).Office = { context: { requirements: { isSetSupported: (_: string, v: string) => Number(v) <= Number(apiVersion) } } };
  const { mock, context, syncs } = mockContext({
    id: '{S1}',
    name: '2011年党组织承诺',
    used: used ?? { values: [], rowIndex: 0, columnIndex: 0 },
    whole: { merged: { address: merged ?? '' } },
    getUsedRangeOrNullObject() {
      return this.used;
    },
    getRange() {
      return { getMergedAreasOrNullObject: () => this.whole.merged };
    },
  });
  // *OrNullObject answers without a load in Office.js; the mock has no such notion.
  mock.context.workbook.worksheets.sheet.used.isNullObject = used === null;
  mock.context.workbook.worksheets.sheet.whole.merged.isNullObject = merged === null;
  return { context, syncs };
}

afterEach(() => {
  delete (globalThis as any).Office;
});

describe('readActiveSheet', () => {
  it('reads the used range, where it starts and the merged areas in one sync', async () => {
    const values = [['城关镇党委2011年党组织公开承诺台账', ''], ['党组织名称', '承诺内容'], ['城关一支部', '每月开展一次主题党日'], ['', '修建健身场地']];
    const { context, syncs } = workbook({ values, rowIndex: 2, columnIndex: 1 }, "'2011年党组织承诺'!B3:C3, '2011年党组织承诺'!$B$5:$B$6");
    const sheet = await readActiveSheet(context);
    expect(sheet).toEqual({
      sheetId: '{S1}', sheetName: '2011年党组织承诺', top: 2, left: 1, values,
      merges: [{ top: 0, left: 0, bottom: 0, right: 1 }, { top: 2, left: 0, bottom: 3, right: 0 }],
    });
    expect(syncs()).toBe(1);
  });

  it('answers an empty snapshot for an empty sheet', async () => {
    const { context } = workbook(null, null);
    const sheet = await readActiveSheet(context);
    expect(sheet.values).toEqual([]);
    expect(sheet.merges).toEqual([]);
    expect(sheet.sheetName).toBe('2011年党组织承诺');
  });
});

describe('parseAreas', () => {
  it('reads a multi-area address with sheet names', () => {
    expect(parseAreas("Sheet1!A3:A5, 'My, sheet'!C7:D9")).toEqual([{ top: 2, left: 0, bottom: 4, right: 0 }, { top: 6, left: 2, bottom: 8, right: 3 }]);
  });
});
