import { describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { writeCells, writeNotes } from './cells';

function sheet(existingNotes: string[] = []) {
  const log: string[] = [];
  const notes = new Set(existingNotes);
  const { context, syncs } = mockContext({
    getRange: (address: string) => ({
      set numberFormat(f: unknown) {
        log.push(`${address} format ${JSON.stringify(f)}`);
      },
      set values(v: unknown) {
        log.push(`${address} = ${JSON.stringify(v)}`);
      },
      set columnHidden(h: boolean) {
        log.push(`${address} hidden ${h}`);
      },
    }),
    notes: {
      getItemOrNullObject: (address: string) => ({
        isNullObject: !notes.has(address),
        load() {},
        set content(text: string) {
          log.push(`${address} note replaced: ${text}`);
        },
      }),
      add: (address: string, text: string) => log.push(`${address} note added: ${text}`),
    },
  });
  return { context, log, syncs };
}

describe('writeCells', () => {
  it('stores text that looks like a formula as text, and hides columns, in one sync', async () => {
    const { context, log, syncs } = sheet();
    await writeCells(context, '{S1}', [
      { address: 'I4', value: 12 },
      { address: 'F4', value: '已完成' },
      { address: 'G4', value: '=HYPERLINK("http://x")' },
      { address: 'G5', value: '-已完成一半' },
    ], { hideColumns: ['J'] });
    expect(log).toEqual([
      'I4 = [[12]]',
      'F4 = [["已完成"]]',
      'G4 format [["@"]]',
      'G4 = [["=HYPERLINK(\\"http://x\\")"]]',
      'G5 format [["@"]]',
      'G5 = [["-已完成一半"]]',
      'J:J hidden true',
    ]);
    expect(syncs()).toBe(1);
  });
});

describe('writeNotes', () => {
  it('replaces an existing note and adds the missing ones', async () => {
    const { context, log, syncs } = sheet(['F4']);
    await writeNotes(context, '{S1}', [{ address: 'F4', note: '审核意见：请细化' }, { address: 'F5', note: '审核意见：同意' }]);
    expect(log).toEqual(['F4 note replaced: 审核意见：请细化', 'F5 note added: 审核意见：同意']);
    expect(syncs()).toBe(2);
  });
});
