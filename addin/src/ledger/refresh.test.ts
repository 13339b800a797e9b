import { describe, expect, it } from 'vitest';
import { checkSheet } from './check';
import { idRows, refreshWrites } from './refresh';
import type { SheetSnapshot } from './sheet';

const sheet: SheetSnapshot = {
  sheetId: '{S1}', sheetName: '台账', top: 1, left: 1, merges: [],
  values: [
    ['承诺人', '承诺事项', '完成时间', '完成情况', '进展情况', '编号', '系统状态'],
    ['金世荣', '每周开展一次家访', '长期', '已公示', '', 17, '已提出'],
    ['杜超', '认真批改作业', '2011年6月底', '进行中', '已批改 3 个班', '18', '已提出'],
    ['熊娜', '义务补课', '2011年12月31日', '', '', '', ''],
    ['贺宁', '办好农民夜校', '2011.9', '', '', 99, ''],
    ['王五', '按时交纳党费', '年底前', '已完成', '', '20,21', ''],
  ],
};

describe('refresh', () => {
  it('finds the rows carrying server ids, as numbers, digits or a wide row’s list', () => {
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    expect(idRows(check, sheet)).toEqual([
      { sheetRow: 3, ids: [17] },
      { sheetRow: 4, ids: [18] },
      { sheetRow: 6, ids: [99] },
      { sheetRow: 7, ids: [20, 21] },
    ]);
  });

  it('writes the server’s state and the reviewer’s note into the add-in’s columns, never into the clerk’s 状态', () => {
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const writes = refreshWrites(check, sheet, idRows(check, sheet), new Map([
      [17, { id: 17, status: 'returned' as const, reviewNote: '请写明家访对象', progress: null }],
      [18, { id: 18, status: 'in_progress' as const, progress: '已批改 3 个班' }],
      [20, { id: 20, status: 'proposed' as const }],
      [21, { id: 21, status: 'under_review' as const }],
    ]));
    // 系统状态 is column H (found by its header), 审核意见 is placed beside the used range (I).
    expect(writes.columns).toEqual([
      { column: 7, firstRow: 3, values: ['已退回', '进行中', '', '', '已提出、待审核'], asText: true },
      { column: 8, firstRow: 3, values: ['请写明家访对象', '', '', '', ''], asText: true },
    ]);
    expect(writes.cells).toEqual([{ address: 'I2', value: '审核意见' }]);
    expect(writes.missing).toEqual([{ sheetRow: 6, ids: [99] }]);
  });

  it('brings newer progress into 进展情况, and leaves it when the sheet already says it', () => {
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const writes = refreshWrites(check, sheet, idRows(check, sheet), new Map([
      [17, { id: 17, status: 'in_progress' as const, progress: '6月走访 4 户' }],
      [18, { id: 18, status: 'in_progress' as const, progress: '已批改 3 个班' }],
    ]));
    expect(writes.cells).toEqual([{ address: 'F3', value: '6月走访 4 户' }]);
  });
});
