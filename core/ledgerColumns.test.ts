import { describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS, matchHeader, recogniseHeader } from './ledgerColumns';
import type { CellValue } from './types';

const fieldsOf = (rows: CellValue[][], merges?: Parameters<typeof recogniseHeader>[1]) =>
  recogniseHeader(rows, merges).mapping.map((m) => [m.column, m.category ? `${m.field}:${m.category}` : m.field]);

describe('LEDGER_COLUMNS', () => {
  it('lists the canonical columns of DESIGN §5 in order', () => {
    expect(LEDGER_COLUMNS.map((c) => c.zh)).toEqual([
      '序号', '承诺年度', '所在党组织', '承诺主体', '主体类型', '承诺类别', '承诺内容',
      '具体措施', '完成时限', '责任人', '状态', '进展情况', '备注', '编号',
    ]);
  });

  it('recognises its own header exactly, with full confidence', () => {
    const result = recogniseHeader([LEDGER_COLUMNS.map((c) => c.zh)]);
    expect(result.headerRow).toBe(0);
    expect(result.headerRows).toBe(1);
    expect(result.mapping.map((m) => m.field)).toEqual(LEDGER_COLUMNS.map((c) => c.field));
    expect(result.confidence).toBe(1);
  });

  it('recognises the English names too', () => {
    expect(fieldsOf([LEDGER_COLUMNS.map((c) => c.en)]).map(([, f]) => f)).toEqual(LEDGER_COLUMNS.map((c) => c.field));
  });
});

describe('matchHeader', () => {
  it.each([
    ['承诺人', 'subject'],
    ['姓名', 'subject'],
    ['姓  名', 'subject'],
    ['承诺事项', 'content'],
    ['承诺时限', 'deadline'],
    ['完成时间', 'deadline'],
    ['类型', 'category'],
    ['承诺类型', 'category'],
    ['践诺情况', 'status'],
    ['完成情况', 'status'],
    ['保障措施', 'measures'],
    ['所在支部', 'org'],
    ['单位', 'org'],
    ['进展情况', 'progress'],
    ['完成时限（年月日）', 'deadline'],
    ['承诺内容\n', 'content'],
    ['预期目标', 'expected'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(header)).toMatchObject({ field, confidence: 1 });
  });

  it('reads rich-text header cells and survives objects without a prototype', () => {
    const rich = { richText: [{ font: { bold: true }, text: '承诺' }, { text: '事项' }] } as unknown as CellValue;
    expect(matchHeader(rich)).toMatchObject({ field: 'content', confidence: 1 });
    expect(matchHeader(Object.create(null) as CellValue)).toBeNull();
  });

  it('guesses from part of a short header, with less confidence', () => {
    const m = matchHeader('主要承诺事项');
    expect(m?.field).toBe('content');
    expect(m!.confidence).toBeLessThan(1);
    expect(m!.confidence).toBeGreaterThan(0.5);
  });

  it('reads category words as the columns of a wide form', () => {
    expect(matchHeader('共性承诺')).toEqual({ field: 'content', category: 'common', confidence: 1 });
    expect(matchHeader('为民办实事')).toMatchObject({ field: 'content', category: 'deed' });
    expect(matchHeader('自律承诺内容')).toMatchObject({ field: 'content', category: 'discipline' });
    expect(matchHeader('为民办实事承诺')).toMatchObject({ field: 'content', category: 'deed' });
  });

  it('reads 单位及职务, which tells two members of one name apart, and 销号日期', () => {
    expect(matchHeader('单位及职务')).toEqual({ field: 'unitPost', confidence: 1 });
    expect(matchHeader('销号日期')).toEqual({ field: 'completedOn', confidence: 1 });
  });

  it('reads 完成时间 as the completion date beside 承诺时限, and as the deadline alone', () => {
    const beside = recogniseHeader([['姓名', '承诺内容', '完成时间', '承诺时限', '状态']]);
    expect(beside.mapping.map((m) => m.field)).toEqual(['subject', 'content', 'completedOn', 'deadline', 'status']);
    const alone = recogniseHeader([['姓名', '承诺内容', '完成时间', '状态']]);
    expect(alone.mapping.map((m) => m.field)).toEqual(['subject', 'content', 'deadline', 'status']);
  });

  it.each(['性别', '承诺人签名', '承诺事项数', '完成率', '岗位', '胡川学区党支部2011年党员公开承诺台账', '2011-06-30', ''])(
    'places nothing for %j',
    (header) => {
      expect(matchHeader(header)).toBeNull();
    },
  );
});

describe('recogniseHeader', () => {
  it('skips a title and a 填报单位 row above the header', () => {
    const rows: CellValue[][] = [
      ['胡川学区党支部2011年党员公开承诺台账', null, null, null, null, null],
      ['填报单位：胡川学区党支部', null, null, '填报日期：2011年8月30日', null, null],
      ['序号', '承诺人', '承诺类型', '承诺事项', '完成时间', '完成情况'],
      [1, '金世荣', '岗位承诺', '每周开展一次家访', '长期', null],
    ];
    const result = recogniseHeader(rows, { merges: [{ top: 0, left: 0, bottom: 0, right: 5 }] });
    expect(result.headerRow).toBe(2);
    expect(result.headerRows).toBe(1);
    expect(fieldsOf(rows)).toEqual([
      [0, 'seq'], [1, 'subject'], [2, 'category'], [3, 'content'], [4, 'deadline'], [5, 'status'],
    ]);
  });

  it('reads a two-row header with a merged group cell (merge data given)', () => {
    const rows: CellValue[][] = [
      ['序号', '姓名', '承诺情况', null, '完成时限', '备注'],
      [null, null, '承诺内容', '具体措施', null, null],
      [1, '张三', '带头学习', '每周一次', '2011-12-31', null],
    ];
    const merges = [
      { top: 0, left: 0, bottom: 1, right: 0 },
      { top: 0, left: 1, bottom: 1, right: 1 },
      { top: 0, left: 2, bottom: 0, right: 3 },
      { top: 0, left: 4, bottom: 1, right: 4 },
      { top: 0, left: 5, bottom: 1, right: 5 },
    ];
    const result = recogniseHeader(rows, { merges });
    expect(result.headerRow).toBe(0);
    expect(result.headerRows).toBe(2);
    expect(result.mapping.map((m) => [m.column, m.field, m.header])).toEqual([
      [0, 'seq', '序号'],
      [1, 'subject', '姓名'],
      [2, 'content', '承诺情况 / 承诺内容'],
      [3, 'measures', '承诺情况 / 具体措施'],
      [4, 'deadline', '完成时限'],
      [5, 'remarks', '备注'],
    ]);
  });

  it('reads a wide two-row form without merge data', () => {
    const rows: CellValue[][] = [
      ['公开承诺一览表', null, null, null, null, null],
      ['序号', '姓名', '承诺事项', null, null, '完成时限'],
      [null, null, '共性承诺', '岗位承诺', '实事承诺', null],
      [1, '张三', '学习', '家访', '修路', '年底前'],
    ];
    const result = recogniseHeader(rows);
    expect(result.headerRow).toBe(1);
    expect(result.headerRows).toBe(2);
    expect(fieldsOf(rows)).toEqual([
      [0, 'seq'], [1, 'subject'], [2, 'content:common'], [3, 'content:post'], [4, 'content:deed'], [5, 'deadline'],
    ]);
    expect(result.mapping[2].header).toBe('承诺事项 / 共性承诺');
  });

  it('reads short category labels under a commitment group, but not 岗位 alone', () => {
    const rows: CellValue[][] = [
      ['姓名', '承诺事项', null, null, '完成时限'],
      [null, '共性', '岗位', '实事', null],
    ];
    expect(fieldsOf(rows)).toEqual([
      [0, 'subject'], [1, 'content:common'], [2, 'content:post'], [3, 'content:deed'], [4, 'deadline'],
    ]);
    expect(fieldsOf([['姓名', '岗位', '承诺内容']])).toEqual([[0, 'subject'], [2, 'content']]);
  });

  it('reads a one-row wide form', () => {
    const rows: CellValue[][] = [['姓名', '所在支部', '共性承诺', '岗位承诺', '实事承诺', '自律承诺']];
    expect(fieldsOf(rows)).toEqual([
      [0, 'subject'], [1, 'org'], [2, 'content:common'], [3, 'content:post'], [4, 'content:deed'], [5, 'content:discipline'],
    ]);
  });

  it('does not take a data row for a header when the header is followed by data', () => {
    const rows: CellValue[][] = [
      ['姓名', '承诺类别', '承诺内容', '完成时限', '状态'],
      ['严丽', '共性承诺', '带头学习党的理论', '长期', '落实中'],
      ['严丽', '岗位承诺', '规范财务管理', '2012-12-31', null],
    ];
    const result = recogniseHeader(rows);
    expect([result.headerRow, result.headerRows]).toEqual([0, 1]);
  });

  it('keeps the surer of two columns naming the same field and reports the other', () => {
    const rows: CellValue[][] = [['姓名', '承诺内容', '主要承诺内容', '备注']];
    const result = recogniseHeader(rows);
    expect(result.mapping.find((m) => m.field === 'content')?.column).toBe(1);
    expect(result.unmapped).toEqual([{ column: 2, header: '主要承诺内容' }]);
  });

  it('lists headers it cannot place', () => {
    const result = recogniseHeader([['序号', '姓名', '性别', '承诺内容', '联系人微信']]);
    expect(result.unmapped.map((u) => u.header)).toEqual(['性别', '联系人微信']);
  });

  it('finds nothing in a summary sheet (counts, no content column)', () => {
    const rows: CellValue[][] = [
      ['2011年承诺汇总', null, null],
      ['党组织', '承诺事项数', '已完成数', '完成率'],
      ['胡川学区第一党支部', 12, 8, 0.67],
      ['合计', 12, 8, 0.67],
    ];
    expect(recogniseHeader(rows)).toMatchObject({ headerRow: null, mapping: [], confidence: 0 });
  });

  it('is less sure of a header missing essential columns', () => {
    const full = recogniseHeader([['姓名', '承诺类别', '承诺内容']]).confidence;
    const partial = recogniseHeader([['承诺内容', '备注']]).confidence;
    expect(partial).toBeLessThan(full);
    expect(partial).toBeGreaterThan(0);
  });

  it('looks no further than maxScan rows', () => {
    const rows: CellValue[][] = [...Array.from({ length: 5 }, () => ['说明文字']), ['姓名', '承诺内容']];
    expect(recogniseHeader(rows, { maxScan: 3 }).headerRow).toBeNull();
    expect(recogniseHeader(rows).headerRow).toBe(5);
  });
});
