import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { addTableSheet, rowsOf, type Column } from './table';
import { streamingWorkbook } from './workbook';

// A member summary as the annual report writes it: a name, two counts and a live rate per row.
const COLUMNS: Column[] = [
  { header: '姓名', kind: 'text' },
  { header: '到期件数', kind: 'int', total: true },
  { header: '到期已兑现', kind: 'int', total: true },
  { header: '兑现率', kind: 'rate', ratio: { num: [2], den: [1] } },
];
const MEMBERS = Array.from({ length: 10_000 }, (_, i) => ({ name: `党员${i + 1}`, due: i % 4, done: i % 3 }));

describe('table sheet', () => {
  it('writes rows made as they go, keeping no written formula cell behind, and they read back with totals', async () => {
    const { wb, finish } = streamingWorkbook({ creator: 'test', created: new Date('2012-01-15T00:00:00Z') });
    let made = 0;
    const rows = rowsOf(MEMBERS, (m) => (made++, [m.name, m.due, Math.min(m.done, m.due), null]));
    let writer: ExcelJS.Worksheet | undefined;
    const addWorksheet = wb.addWorksheet.bind(wb);
    wb.addWorksheet = (...args) => (writer = addWorksheet(...args));
    await addTableSheet(wb, { name: '党员汇总', title: '党员践诺情况汇总', subtitle: '测试县委 · 2011年度', columns: COLUMNS, rows, emptyText: '无', totalsLabel: '合计' });
    // exceljs keeps each formula cell it wrote unless told to forget: 10,000 here before the fix.
    expect(Object.keys((writer as unknown as { _formulae: object })._formulae).length).toBeLessThan(2000);
    // Made once for the widths and once for the cells (and the first to see there are some), not a third time for the totals.
    expect(made).toBe(2 * MEMBERS.length + 1);

    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await finish()) as unknown as ArrayBuffer);
    const ws = back.getWorksheet('党员汇总')!;
    const row = ws.getRow(4 + 4999);
    expect(row.getCell(1).value).toBe('党员5000');
    expect(row.getCell(4).value).toEqual({ formula: `IF(B${4 + 4999}=0,"—",C${4 + 4999}/B${4 + 4999})`, result: 1 / 3 });
    const totals = ws.getRow(4 + MEMBERS.length);
    const due = MEMBERS.reduce((s, m) => s + m.due, 0);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(2).value).toEqual({ formula: `SUM(B4:B${3 + MEMBERS.length})`, result: due });
  });
});
