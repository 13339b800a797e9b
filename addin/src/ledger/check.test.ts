import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checkSheet, marksOf } from './check';
import type { SheetSnapshot } from './sheet';
import type { CellValue } from '../../../core/types';

const FIXTURES = new URL('../../../test/fixtures/sample-ledgers/', import.meta.url);

/** A sheet as Excel's used range gives it: merged cells hold their value in the top-left cell only. */
async function fixtureSheet(file: string): Promise<SheetSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(new URL(file, FIXTURES).pathname);
  const ws = wb.worksheets[0];
  const values: CellValue[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: CellValue[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      row.push(cell.isMerged && cell.master !== cell ? '' : ((cell.value as CellValue) ?? ''));
    }
    values.push(row);
  }
  return { sheetId: '{S1}', sheetName: ws.name, top: 0, left: 0, values, merges: [] };
}

describe('checkSheet on the titled legacy ledger (p2)', () => {
  it('finds the header under the title, the year in the title, and only row 29 at fault', async () => {
    const sheet = await fixtureSheet('p2-titled.xlsx');
    const result = checkSheet(sheet);
    expect(result.layout?.headerRow).toBe(2);
    expect(result.ledgerYear).toBe(2011);
    expect(result.records).toHaveLength(41);
    expect(result.records.filter((r) => r.draft)).toHaveLength(40);
    expect(result.problems.map((p) => [p.address, p.field, p.header])).toEqual([['D29', 'content', '承诺事项']]);
    // footer (注：… and the signature row) and blank rows are no records
    expect(result.records.map((r) => r.sheetRow)).not.toContain(47);
    expect(result.records.map((r) => r.sheetRow)).not.toContain(48);
  });

  it('turns problems into one note per cell in the pane’s language', async () => {
    const result = checkSheet(await fixtureSheet('p2-titled.xlsx'));
    const marks = marksOf(result.problems, 'zh');
    expect(marks).toHaveLength(1);
    expect(marks[0].address).toBe('D29');
    expect(marks[0].note).toContain('承诺内容');
  });

  it('applies the clerk’s mapping: a column set to be ignored is not read', async () => {
    const sheet = await fixtureSheet('p2-titled.xlsx');
    const ignoringDeadline = checkSheet(sheet, { choices: { '{S1}': { 4: null } } });
    expect(ignoringDeadline.mapping.some((m) => m.field === 'deadline')).toBe(false);
    // without 完成时限 every row lacks its deadline
    expect(ignoringDeadline.problems.filter((p) => p.field === 'deadline').length).toBeGreaterThan(30);
    expect(ignoringDeadline.problems.every((p) => p.field !== 'deadline' || p.address === null)).toBe(true);
    // a correction made on another sheet does not apply here
    expect(checkSheet(sheet, { choices: { '{S9}': { 4: null } } }).mapping.some((m) => m.field === 'deadline')).toBe(true);
  });
});

describe('checkSheet on other shapes', () => {
  it('reports a bad deadline at its cell, offset by where the used range starts', () => {
    const sheet: SheetSnapshot = {
      sheetId: '{S2}', sheetName: 'x', top: 4, left: 2, merges: [],
      values: [
        ['承诺主体', '承诺类别', '承诺内容', '完成时限'],
        ['张三', '岗位承诺', '每月走访群众', '2011-02-30'],
        ['', '', '', ''],
        ['李四', '实事承诺', '修路', '长期'],
      ],
    };
    const result = checkSheet(sheet, { ledgerYear: 2011 });
    expect(result.records.map((r) => r.sheetRow)).toEqual([6, 8]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ address: 'F6', field: 'deadline', sheetRow: 6 });
  });

  it('reads a wide form as one record per filled category cell', () => {
    const sheet: SheetSnapshot = {
      sheetId: '{S3}', sheetName: 'x', top: 0, left: 0, merges: [],
      values: [
        ['姓名', '共性承诺', '岗位承诺', '实事承诺', '完成时限'],
        ['王五', '按时交纳党费', '', '帮扶困难户2户', '年底前'],
      ],
    };
    const result = checkSheet(sheet, { ledgerYear: 2011 });
    expect(result.records.map((r) => [r.draft?.category, r.draft?.content])).toEqual([
      ['common', '按时交纳党费'],
      ['deed', '帮扶困难户2户'],
    ]);
  });

  it('says so when no header is found', () => {
    const result = checkSheet({ sheetId: '{S4}', sheetName: 'x', top: 0, left: 0, values: [['hello'], ['world']], merges: [] });
    expect(result.skip?.code).toBe('sheet.no_header');
    expect(result.records).toEqual([]);
  });

  it('reads an organisation merged down its rows as the importer does, and points its problems at the merge’s own cell', () => {
    // As Excel gives it: the cells below a merge's top read "".
    const sheet: SheetSnapshot = {
      sheetId: '{S5}', sheetName: '党组织承诺', top: 1, left: 0,
      values: [
        ['党组织名称', '承诺类别', '承诺内容', '完成时限'],
        ['城关一支部', '共性承诺', '每月开展一次主题党日', '长期'],
        ['', '实事承诺', '为社区修建一处健身场地', '2011年9月底'],
        ['', '岗位承诺', '每季度走访困难党员一次', '2011年13月'],
      ],
      merges: [{ top: 1, left: 0, bottom: 3, right: 0 }],
    };
    const result = checkSheet(sheet, { ledgerYear: 2011, orgName: '城关镇党委' });
    expect(result.records.map((r) => [r.sheetRow, r.draft?.subjectName ?? null])).toEqual([[3, '城关一支部'], [4, '城关一支部'], [5, null]]);
    expect(result.problems.map((p) => [p.address, p.field])).toEqual([['D5', 'deadline']]);
    // Without its organisation, the subject's problem goes to the merged cell that holds it (A3), not to A5 inside it.
    sheet.values[1][0] = '';
    const unnamed = checkSheet(sheet, { ledgerYear: 2011 });
    expect(unnamed.problems.filter((p) => p.field === 'subject').map((p) => p.address)).toEqual(['A3', 'A3', 'A3']);
  });

  it('does not count the rows a new ledger sheet prepares with only its year', () => {
    const header = ['序号', '承诺年度', '所在党组织', '承诺主体', '主体类型', '承诺类别', '承诺内容', '具体措施', '完成时限', '责任人', '状态', '进展情况', '备注', '编号'];
    const values = [header, ...Array.from({ length: 1000 }, () => ['', 2011, '', '', '', '', '', '', '', '', '', '', '', ''])];
    const result = checkSheet({ sheetId: '{S6}', sheetName: '2011年承诺台账', top: 0, left: 0, values, merges: [] });
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('gives the quality hints of core (四化三可) as hints on the 承诺内容 cell, never as problems', () => {
    const values = [
      ['承诺人', '承诺类别', '承诺内容', '完成时限'],
      ['金世荣', '岗位承诺', '加强学习，提高素质', '长期'],
      ['杜超', '实事承诺', '每月走访困难学生家庭2户', '2012年6月底'],
      ['尹秀兰', '实事承诺', '每月走访困难学生家庭3户', '年底前'],
    ];
    const result = checkSheet({ sheetId: '{S7}', sheetName: '台账', top: 0, left: 0, values, merges: [] }, { ledgerYear: 2011 });
    expect(result.problems).toEqual([]);
    expect(result.hints.map((h) => [h.address, h.code])).toEqual([
      ['C2', 'hint.no_measure'],
      ['C2', 'hint.no_action'],
      ['C3', 'hint.copied'],
      ['C3', 'hint.deadline_beyond_year'],
      ['C4', 'hint.copied'],
    ]);
  });
});
