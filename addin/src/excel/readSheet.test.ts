import { describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { readActiveSheet } from './readSheet';

function workbook(used: object | null) {
  const { mock, context, syncs } = mockContext({
    id: '{S1}',
    name: '2011年承诺台账',
    used: used ?? { values: [], rowIndex: 0, columnIndex: 0 },
    getUsedRangeOrNullObject() {
      return this.used;
    },
  });
  // *OrNullObject answers without a load in Office.js; the mock has no such notion.
  mock.context.workbook.worksheets.sheet.used.isNullObject = used === null;
  return { context, syncs };
}

describe('readActiveSheet', () => {
  it('reads the used range and where it starts in one sync', async () => {
    const values = [['公开承诺台账', ''], ['承诺人', '承诺事项'], ['金世荣', '每周开展一次家访']];
    const { context, syncs } = workbook({ values, rowIndex: 2, columnIndex: 1 });
    const sheet = await readActiveSheet(context);
    expect(sheet).toEqual({ sheetId: '{S1}', sheetName: '2011年承诺台账', top: 2, left: 1, values });
    expect(syncs()).toBe(1);
  });

  it('answers an empty snapshot for an empty sheet', async () => {
    const { context } = workbook(null);
    const sheet = await readActiveSheet(context);
    expect(sheet.values).toEqual([]);
    expect(sheet.sheetName).toBe('2011年承诺台账');
  });
});
