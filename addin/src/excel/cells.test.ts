import { describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { writeSheet } from './cells';

function sheet() {
  const log: string[] = [];
  const { context, syncs } = mockContext({
    getRange: (address: string) => ({
      set numberFormat(f: unknown[][]) {
        log.push(`${address} format ${f.length}×${JSON.stringify(f[0])}`);
      },
      set values(v: unknown[][]) {
        log.push(v.length > 3 ? `${address} = ${v.length} rows` : `${address} = ${JSON.stringify(v)}`);
      },
      set columnHidden(h: boolean) {
        log.push(`${address} hidden ${h}`);
      },
    }),
  });
  return { context, log, syncs };
}

describe('writeSheet', () => {
  it('stores text that looks like a formula as text, writes each column as one range, and hides columns, in one sync', async () => {
    const { context, log, syncs } = sheet();
    await writeSheet(context, '{S1}', {
      cells: [{ address: 'I3', value: '编号' }, { address: 'G4', value: '=HYPERLINK("http://x")' }],
      columns: [
        { column: 8, firstRow: 4, values: Array.from({ length: 10_000 }, (_, i) => i + 1) },
        { column: 9, firstRow: 4, values: ['-已退回', '已提出'], asText: true },
      ],
      hideColumns: [10],
    });
    expect(log).toEqual([
      'I3 = [["编号"]]',
      'G4 format 1×["@"]',
      'G4 = [["=HYPERLINK(\\"http://x\\")"]]',
      'I4:I10003 = 10000 rows',
      'J4:J5 format 2×["@"]',
      'J4:J5 = [["-已退回"],["已提出"]]',
      'K:K hidden true',
    ]);
    expect(syncs()).toBe(1);
  });
});
