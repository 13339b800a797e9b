import { describe, expect, it } from 'vitest';
import type { CellValue } from './types';
import { holdingCell, readLedgerSheet, type SheetGrid } from './ledgerSheet';

const grid = (rows: CellValue[][], merges: SheetGrid['merges'] = []): SheetGrid => ({ name: '2011年党组织承诺', rows, merges });

function read(g: SheetGrid, params = {}) {
  const reading = readLedgerSheet(g, params);
  if ('skip' in reading) throw new Error(reading.skip.code);
  return reading;
}

describe('readLedgerSheet', () => {
  // Excel reads the cells below a merge's top as "", a file reader as null: both are filled down.
  it.each([['Excel', ''], ['a file', null]])('fills an organisation merged down its rows, as %s reads it', (_, below) => {
    const rows: CellValue[][] = [
      ['城关镇党委2011年党组织公开承诺台账'],
      ['党组织名称', '承诺类别', '承诺内容', '完成时限'],
      ['城关一支部', '共性承诺', '每月开展一次主题党日', '长期'],
      [below, '实事承诺', '为社区修建一处健身场地', '2011年9月底'],
      [below, '岗位承诺', '每季度走访困难党员一次', '年底前'],
      ['城关二支部', '实事承诺', '整治村口排水沟', '2011年6月底'],
      [below, '共性承诺', '每半年召开一次组织生活会', '长期'],
    ];
    const reading = read(grid(rows, [{ top: 2, left: 0, bottom: 4, right: 0 }, { top: 5, left: 0, bottom: 6, right: 0 }]));
    expect(reading.records.map((r) => [r.row, r.errors, r.draft?.subjectType, r.draft?.subjectName, r.draft?.orgName])).toEqual([
      [2, [], 'organization', '城关一支部', '城关一支部'],
      [3, [], 'organization', '城关一支部', '城关一支部'],
      [4, [], 'organization', '城关一支部', '城关一支部'],
      [5, [], 'organization', '城关二支部', '城关二支部'],
      [6, [], 'organization', '城关二支部', '城关二支部'],
    ]);
    expect(reading.warnings.map((w) => w.code)).toEqual(['import.subject_is_org']);
  });

  it('counts a row as a commitment only when it says more than a pre-filled year, organisation or choice', () => {
    const rows: CellValue[][] = [
      ['序号', '承诺年度', '所在党组织', '承诺主体', '主体类型', '承诺类别', '承诺内容', '完成时限', '状态'],
      [1, 2011, '胡川学区党支部', '金世荣', '党员', '岗位承诺', '每周开展一次家访', '2011年6月底', '进行中'],
      [null, 2011, null, null, null, null, null, null, null],
      [null, 2011, null, null, '党员', '共性承诺', null, null, '已公示'],
      [null, 2011, null, '李明', null, null, null, null, null],
    ];
    const reading = read(grid(rows), { ledgerYear: 2011 });
    expect(reading.records.map((r) => r.row)).toEqual([1, 4]);
    expect(reading.records[1].errors.map((e) => e.field)).toContain('content');
    expect(reading.ignored).toEqual([{ row: 2, kind: 'blank' }, { row: 3, kind: 'blank' }]);
  });

  it('points an organisation-only ledger’s subject at its organisation cell', () => {
    const rows: CellValue[][] = [['党组织名称', '承诺类别', '承诺内容', '完成时限'], [null, '实事承诺', '修建图书室', '长期']];
    const reading = read(grid(rows), { ledgerYear: 2011 });
    expect(reading.records[0].errors.map((e) => [e.field, reading.records[0].columns.get(e.field)])).toEqual([['subject', 0]]);
  });
});

describe('holdingCell', () => {
  it('answers the top-left cell of the merge a cell lies in', () => {
    const merges = [{ top: 2, left: 0, bottom: 4, right: 1 }];
    expect(holdingCell(merges, 4, 1)).toEqual({ row: 2, column: 0 });
    expect(holdingCell(merges, 5, 0)).toEqual({ row: 5, column: 0 });
  });
});
