import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { csvRecords, decodeCsv, readCsv } from './csv';
import { ledgerFixture } from '../../test/support/fixtures';
import { GBK_CSV_TEXT, big5Csv, gbkCsv } from '../../test/fixtures/ledgers';

describe('decodeCsv', () => {
  const text = '姓名,承诺内容\n张三,按时交纳党费';
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['UTF-8 without BOM', Buffer.from(text), 'utf-8'],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(`${text}𠀀`, 'gb18030'), 'gb18030'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
  ])('reads %s', (_name, buf, encoding) => {
    const decoded = decodeCsv(buf);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text.startsWith('姓名,承诺内容\n张三,按时交纳党费')).toBe(true);
  });

  // Shift_JIS read as GB18030 gives plausible ideographs; the preview refuses it for want of a
  // recognisable header (test/imports.test.ts).
  it('refuses to guess when the bytes read as mojibake (Big5, binary)', () => {
    for (const buf of [big5Csv(), Buffer.from([0x81, 0x30, 0x81, 0x30, 0xfe, 0xfe, 0x80, 0x80, 0x81, 0x20])]) {
      expect(() => decodeCsv(buf)).toThrow(expect.objectContaining({ status: 422, code: 'import.encoding_uncertain' }));
    }
  });
});

describe('csvRecords', () => {
  it('reads RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes', () => {
    const records = [...csvRecords('a,"b,c","say ""hi"""\r\n"x\r\ny",,z\n')];
    expect(records).toEqual([
      { cells: ['a', 'b,c', 'say "hi"'], line: 1 },
      { cells: ['x\r\ny', null, 'z'], line: 2 },
    ]);
  });

  it('keeps formula-looking text as text and blank lines as blank records', () => {
    expect([...csvRecords('=1+2,+3\n\n@x,-4')].map((r) => r.cells)).toEqual([['=1+2', '+3'], [], ['@x', '-4']]);
  });

  it('reads tab-separated text (Excel "Unicode text")', () => {
    expect([...csvRecords('姓名\t承诺内容\n甲\t学习,读书')].map((r) => r.cells)).toEqual([['姓名', '承诺内容'], ['甲', '学习,读书']]);
  });
});

describe('readCsv', () => {
  it('numbers records as Excel would show them and remembers the line each starts on', async () => {
    const grid = await readCsv(readFileSync(ledgerFixture('p3-utf8.csv')));
    expect(grid.encoding).toBe('utf-8');
    expect(grid.rows[0]).toEqual(['姓名', '承诺类别', '承诺内容', '完成时限', '状态']);
    expect(grid.rows[30][0]).toBe('唐颖'); // record 31
    expect(grid.lines![30]).toBe(34);
  });

  it('reads a GBK file with CRLF line ends', async () => {
    const grid = await readCsv(gbkCsv());
    expect(grid.encoding).toBe('gb18030');
    expect(grid.rows[1][3]).toBe('2014年6月底');
    expect(grid.rows[3][2]).toBe('帮助修建\r\n农家书屋1个');
    expect(grid.rows.length).toBe(GBK_CSV_TEXT.split('\r\n').length - 1);
  });
});
