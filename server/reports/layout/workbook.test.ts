import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { streamingWorkbook } from './workbook';

// What a report's cells hold: organisation and member names (many distinct), text that must be
// escaped or keep its spaces, formula-like text, emoji, and a rich-text cell.
const CELLS: ExcelJS.CellValue[] = [
  '胡川学区党支部', ' 前导空格', '末尾空格 ', '甲 & 乙 <丙> "丁"', '=SUM(A1:A9)', '@张三', '😀 党员', '',
  { richText: [{ text: '已完成', font: { bold: true } }, { text: '（按期）' }] },
  ...Array.from({ length: 12_000 }, (_, i) => `第${(i % 300) + 1}党支部党员${i + 1}`),
];

function fill(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const ws = wb.addWorksheet('党员汇总');
  for (const value of CELLS) ws.addRow([value, 1]).commit();
  ws.commit();
}

/** The same cells through exceljs's writer as it comes, for comparison. */
async function exceljsOwn(): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((ok) => sink.on('end', ok));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  fill(wb);
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

const part = async (xlsx: Buffer) => (await JSZip.loadAsync(xlsx)).file('xl/sharedStrings.xml')!.async('string');

describe('streaming workbook', () => {
  it('hands the shared strings to the zip as a stream, not as one string', async () => {
    const { wb, finish } = streamingWorkbook({ creator: 'test', created: new Date('2012-01-15T00:00:00Z') });
    const zip = (wb as unknown as { zip: { append(source: unknown, options: { name: string }): unknown } }).zip;
    const sources = new Map<string, unknown>();
    const append = zip.append.bind(zip);
    zip.append = (source, options) => (sources.set(options.name, source), append(source, options));
    fill(wb);
    await finish();
    expect(sources.get('/xl/sharedStrings.xml')).toBeInstanceOf(Readable);
  });

  it('writes the shared-strings part exactly as exceljs does, and it reads back', async () => {
    const { wb, finish } = streamingWorkbook({ creator: 'test', created: new Date('2012-01-15T00:00:00Z') });
    fill(wb);
    const ours = await finish();
    expect(await part(ours)).toBe(await part(await exceljsOwn()));

    const back = new ExcelJS.Workbook();
    await back.xlsx.load(ours as unknown as ArrayBuffer);
    const read = back.getWorksheet('党员汇总')!.getColumn(1).values.slice(1);
    expect(read).toEqual(CELLS);
  });
});
