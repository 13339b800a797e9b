import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../core/types';
import { convertGrids } from './convert';
import type { SheetGrid } from './grid';

const grid = (rows: CellValue[][], merges: SheetGrid['merges'] = [], name: string | null = 'Sheet1'): SheetGrid => ({ name, rows, merges });

describe('convertGrids', () => {
  it('takes year and organisation from the title and 填报单位 rows, before the request', () => {
    const c = convertGrids(
      [grid([
        ['城关镇党委2012年公开承诺台账'],
        ['填报单位：城关一支部    填报日期：2013年1月5日'],
        ['姓名', '承诺类别', '承诺内容', '完成时限'],
        ['张三', '共性承诺', '带头学习', '6月30日'],
      ])],
      { ledgerYear: 2030, orgName: '请求的支部' },
    );
    expect(c.records).toHaveLength(1);
    expect(c.records[0]).toMatchObject({ year: 2012, org: '城关一支部', deadline: '2012-06-30', status: 'published', row: 4 });
  });

  it.each([
    ['胡川学区党支部2011年党员公开承诺台账', '胡川学区党支部'],
    ['2011年党员公开承诺台账（城关镇第一党支部）', '城关镇第一党支部'],
    ['填报单位：城关二支部（盖章）  填报日期：2011年12月1日', '城关二支部'],
    ['2011年党员公开承诺台账', '请求的支部'],
  ])('reads the organisation of the title %j', (title, org) => {
    const c = convertGrids([grid([[title], ['姓名', '承诺类别', '承诺内容', '完成时限'], ['甲', '共性承诺', '学习', '长期']])], { orgName: '请求的支部', ledgerYear: 2011 });
    expect(c.records[0].org).toBe(org);
  });

  it('uses a year column when no title names the year, and the request year when neither does', () => {
    const rows: CellValue[][] = [
      ['承诺年度', '姓名', '承诺类别', '承诺内容', '完成时限'],
      [2014, '甲', '共性承诺', '学习', '年底前'],
      [null, '乙', '共性承诺', '学习', '年底前'],
    ];
    const c = convertGrids([grid(rows)], { ledgerYear: 2015 });
    expect(c.records.map((r) => [r.year, r.deadline])).toEqual([[2014, '2014-12-31'], [2015, '2015-12-31']]);
  });

  it('warns when the title and the year column disagree, and keeps the title', () => {
    const c = convertGrids([grid([
      ['2012年承诺台账'],
      ['承诺年度', '姓名', '承诺类别', '承诺内容', '完成时限'],
      [2013, '甲', '共性承诺', '学习', '长期'],
    ])]);
    expect(c.records[0].year).toBe(2012);
    expect(c.warnings.map((w) => [w.code, w.row])).toEqual([['import.year_conflict', 3]]);
  });

  it('fills vertically merged cells down inside their merge only', () => {
    const rows: CellValue[][] = [
      ['所在支部', '姓名', '承诺类别', '承诺内容', '完成时限'],
      ['一支部', '甲', '共性承诺', '学习', '长期'],
      [null, '乙', '共性承诺', '学习', '长期'],
      [null, '丙', '共性承诺', '学习', '长期'],
    ];
    const c = convertGrids([grid(rows, [{ top: 1, left: 0, bottom: 2, right: 0 }])], { orgName: '上级', ledgerYear: 2011 });
    expect(c.records.map((r) => r.org)).toEqual(['一支部', '一支部', '上级']);
  });

  it('skips blank rows, 合计 rows, repeated headers, notes and signature lines, saying which', () => {
    const c = convertGrids([grid([
      ['姓名', '承诺类别', '承诺内容', '完成时限'],
      ['甲', '共性承诺', '学习', '长期'],
      [],
      [null, null, null, null],
      ['姓名', '承诺类别', '承诺内容', '完成时限'],
      ['合计', null, '1条', null],
      ['注：本表一式两份'],
      ['支部书记签字：', null, null, '2011年12月31日'],
    ])], { ledgerYear: 2011 });
    expect(c.records).toHaveLength(1);
    expect(c.rejected).toEqual([]);
    expect(c.sheets[0].ignored).toEqual([
      { row: 3, kind: 'blank' },
      { row: 4, kind: 'blank' },
      { row: 5, kind: 'header' },
      { row: 6, kind: 'total' },
      { row: 7, kind: 'footer' },
      { row: 8, kind: 'signature' },
    ]);
  });

  it('rejects rows that look like commitments but fail, with sheet, row, column, code and message', () => {
    const c = convertGrids([grid([
      ['姓名', '承诺类别', '承诺内容', '完成时限'],
      ['甲', '共性', null, '2011-02-30'],
      ['乙', '家务承诺', '学习', '长期'],
    ], [], '台账')], { ledgerYear: 2011 });
    expect(c.records).toEqual([]);
    expect(c.rejected.map((r) => [r.sheet, r.row, r.column, r.code])).toEqual([
      ['台账', 2, 'C', 'field.required'],
      ['台账', 2, 'D', 'deadline.impossible_date'],
      ['台账', 3, 'B', 'category.unknown'],
    ]);
    expect(c.rejected[1].message.zh).toContain('2011-02-30');
    expect(c.sheets[0]).toMatchObject({ taken: true, commitments: 0, rejected: 2 });
  });

  it('reads a column of status words as the status when no column is called so', () => {
    const c = convertGrids([grid([
      ['姓名', '承诺类别', '承诺内容', '完成时限', '落实情况'],
      ['甲', '共性承诺', '学习', '长期', '已完成'],
      ['乙', '共性承诺', '读书', '长期', '进行中'],
      ['丙', '共性承诺', '走访', '长期', '未兑现'],
    ])], { ledgerYear: 2011, orgName: '支部' });
    expect(c.sheets[0].columns!.find((m) => m.column === 'E')).toMatchObject({ field: 'status', confidence: 0.7 });
    expect(c.records.map((r) => [r.status, r.progress])).toEqual([['completed', null], ['in_progress', null], ['unfulfilled', null]]);
  });

  it("reads a ledger without a subject column as the organisation's own commitments", () => {
    const c = convertGrids([grid([
      ['胡川学区党支部2011年党组织公开承诺事项'],
      ['序号', '承诺类别', '承诺内容', '完成时限'],
      [1, '岗位承诺', '每季度召开一次党员大会', '长期'],
    ])]);
    expect(c.records[0]).toMatchObject({ subject: '胡川学区党支部', subjectType: 'organization', org: '胡川学区党支部', year: 2011 });
    expect(c.warnings.map((w) => w.code)).toEqual(['import.subject_is_org']);
  });

  it('makes one record per filled category column of a wide form', () => {
    const c = convertGrids([grid([
      ['姓名', '共性承诺', '岗位承诺', '实事承诺', '完成时限'],
      ['甲', '学习', null, '修路', '年底前'],
    ])], { ledgerYear: 2011, orgName: '支部' });
    expect(c.records.map((r) => [r.subject, r.category, r.content])).toEqual([
      ['甲', 'common', '学习'],
      ['甲', 'deed', '修路'],
    ]);
  });

  it('skips summary sheets and sheets without a ledger header, with the reason', () => {
    const c = convertGrids([
      grid([['说明：请逐条填写']], [], '说明'),
      grid([['党组织', '共性承诺', '岗位承诺'], ['一支部', 3, 4], ['合计', 3, 4]], [], '汇总'),
      grid([], [], '空'),
    ]);
    expect(c.sheets.map((s) => [s.name, s.taken, s.code])).toEqual([
      ['说明', false, 'sheet.no_header'],
      ['汇总', false, 'sheet.summary'],
      ['空', false, 'sheet.empty'],
    ]);
  });

  it('gives the same keys to the same ledger, and distinct keys to repeated identical rows', () => {
    const rows: CellValue[][] = [
      ['姓名', '承诺类别', '承诺内容', '完成时限'],
      ['甲', '共性承诺', '学习', '长期'],
      ['甲', '共性承诺', '学习', '长期'],
    ];
    const first = convertGrids([grid(rows)], { ledgerYear: 2011, orgName: '支部' }).records.map((r) => r.key);
    const again = convertGrids([grid(rows.map((r) => [...r]))], { ledgerYear: 2011, orgName: '支部' }).records.map((r) => r.key);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(2);
    const elsewhere = convertGrids([grid(rows)], { ledgerYear: 2011, orgName: '别的支部' }).records.map((r) => r.key);
    expect(elsewhere).not.toContain(first[0]);
  });
});
