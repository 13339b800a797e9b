import { describe, expect, it } from 'vitest';
import { checkSheet } from './check';
import { idRows, refreshWrites } from './refresh';
import type { SheetSnapshot } from './sheet';

const sheet: SheetSnapshot = {
  sheetId: '{S1}', sheetName: '台账', top: 1, left: 1,
  values: [
    ['承诺人', '承诺事项', '完成时间', '完成情况', '进展情况', '编号'],
    ['金世荣', '每周开展一次家访', '长期', '已公示', '', 17],
    ['杜超', '认真批改作业', '2011年6月底', '进行中', '', '18'],
    ['熊娜', '义务补课', '2011年12月31日', '', '', ''],
    ['贺宁', '办好农民夜校', '2011.9', '', '', 99],
  ],
};

describe('refresh', () => {
  it('finds the rows carrying a server id, as numbers or digits', () => {
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    expect(idRows(check, sheet)).toEqual([
      { sheetRow: 3, id: 17 },
      { sheetRow: 4, id: 18 },
      { sheetRow: 6, id: 99 },
    ]);
  });

  it('writes status labels, progress and review notes, and names ids the server did not return', () => {
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const writes = refreshWrites(check, sheet, idRows(check, sheet), new Map([
      [17, { id: 17, status: 'returned' as const, reviewNote: '请写明家访对象', progress: null }],
      [18, { id: 18, status: 'completed' as const, progress: '已全部完成' }],
    ]));
    expect(writes.cells).toEqual([
      { address: 'E3', value: '已退回' },
      { address: 'E4', value: '已完成' },
      { address: 'F4', value: '已全部完成' },
    ]);
    expect(writes.notes).toEqual([{ address: 'E3', note: '审核意见：请写明家访对象' }]);
    expect(writes.missing).toEqual([{ sheetRow: 6, id: 99 }]);
  });
});
