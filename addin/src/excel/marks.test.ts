import { describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { groupAddresses, MARK_FILL, paintMarks } from './marks';

/** A worksheet whose multi-area ranges and notes record what the code asked of them. */
function sheetWith(existingNotes: string[]) {
  const log = { painted: [] as string[], cleared: [] as string[], added: [] as [string, string][], deleted: [] as string[] };
  const notes = new Set(existingNotes);
  const { context, syncs } = mockContext({
    getRanges(address: string) {
      return {
        format: {
          fill: {
            set color(c: string) {
              if (c === MARK_FILL) log.painted.push(...address.split(','));
            },
            clear: () => log.cleared.push(...address.split(',')),
          },
        },
      };
    },
    notes: {
      getItemOrNullObject: (address: string) => ({
        isNullObject: !notes.has(address),
        load() {},
        delete: () => log.deleted.push(address),
      }),
      add: (address: string, text: string) => log.added.push([address, text]),
    },
  });
  return { context, log, syncs };
}

describe('paintMarks', () => {
  it('clears the old marks, keeps the clerk’s own notes and marks the new cells', async () => {
    const { context, log } = sheetWith(['E29', 'B5', 'F7']); // E29: ours from last time; F7: the clerk's
    await paintMarks(
      context,
      '{S1}',
      [{ address: 'E29', note: '承诺内容不能为空' }, { address: 'F7', note: '完成时限无法识别' }, { address: 'C3', note: '承诺主体不能为空' }],
      ['E29', 'D9'],
      true,
    );
    expect(log.cleared).toEqual(['E29', 'D9']);
    expect(log.deleted).toEqual(['E29']); // D9's note was already gone
    expect(log.added).toEqual([['E29', '承诺内容不能为空'], ['C3', '承诺主体不能为空']]);
    expect(log.painted).toEqual(['E29', 'F7', 'C3']);
  });

  it('needs the same number of syncs for 3 marks and for 3,000', async () => {
    const few = sheetWith([]);
    await paintMarks(few.context, '{S1}', [1, 2, 3].map((r) => ({ address: `E${r}`, note: 'x' })), [], true);
    const many = sheetWith([]);
    const marks = Array.from({ length: 3000 }, (_, i) => ({ address: `E${i + 1}`, note: 'x' }));
    await paintMarks(many.context, '{S1}', marks, marks.map((m) => m.address), true);
    expect(many.syncs()).toBe(few.syncs());
    expect(many.syncs()).toBe(2);
    expect(many.log.painted).toHaveLength(3000);
  });

  it('paints in one sync when the host has no notes', async () => {
    const { context, log, syncs } = sheetWith([]);
    await paintMarks(context, '{S1}', [{ address: 'E2', note: 'x' }], ['E3'], false);
    expect(syncs()).toBe(1);
    expect(log.added).toEqual([]);
    expect(log.painted).toEqual(['E2']);
  });
});

describe('groupAddresses', () => {
  it('joins addresses into multi-area groups of a bounded size', () => {
    const addresses = Array.from({ length: 250 }, (_, i) => `A${i + 1}`);
    const groups = groupAddresses(addresses);
    expect(groups).toHaveLength(3);
    expect(groups[0].split(',')).toHaveLength(100);
    expect(groups.join(',').split(',')).toEqual(addresses);
  });
});
