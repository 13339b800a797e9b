// Check's marks against a scripted sheet that keeps Office.js's batching: loaded properties are
// readable only after the sync that loads them, and writes take effect at sync. The clerk writes
// notes and fills of their own in between checks; none of theirs may ever be lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mockContext } from '../../../test/support/excelMock';
import { groupAddresses, MARK_FILL, NOTE_PREFIX, paintMarks } from './marks';
import type { SheetMarks } from './markStore';

/** A worksheet's notes and fills, and the objects Office.js hands out for them. */
function scriptedSheet(start: { notes?: Record<string, string>; fills?: Record<string, string> } = {}) {
  const notes = new Map(Object.entries(start.notes ?? {}));
  const fills = new Map(Object.entries(start.fills ?? {}));
  const queued: (() => void)[] = [];
  const loaded = <T,>(read: () => T) => {
    let value: { v: T } | null = null;
    queued.push(() => (value = { v: read() }));
    return () => {
      if (!value) throw new Error('PropertyNotLoaded: load and sync first');
      return value.v;
    };
  };
  const sheet = {
    getRange(address: string) {
      const fill = {
        load() {
          const color = loaded(() => fills.get(address) ?? '#FFFFFF'); // Excel reports no fill as white
          Object.defineProperty(fill, 'color', { get: color, set: (c: string) => queued.push(() => fills.set(address, c)), configurable: true });
          return fill;
        },
        clear: () => queued.push(() => fills.delete(address)),
      };
      return { format: { fill } };
    },
    getRanges(addresses: string) {
      return { format: { fill: { set color(c: string) { queued.push(() => addresses.split(',').forEach((a) => fills.set(a, c))); } } } };
    },
    notes: {
      getItemOrNullObject(address: string) {
        const isNull = loaded(() => !notes.has(address));
        const note = {
          get isNullObject() { return isNull(); },
          load() {
            const content = loaded(() => notes.get(address));
            Object.defineProperty(note, 'content', {
              get: content,
              set: (text: string) => queued.push(() => notes.set(address, text)),
              configurable: true,
            });
            return note;
          },
          delete: () => queued.push(() => { if (!notes.delete(address)) throw new Error(`ItemNotFound: ${address}`); }),
        };
        return note;
      },
      add: (address: string, text: string) =>
        queued.push(() => {
          if (notes.has(address)) throw new Error(`InvalidArgument: a note exists at ${address}`);
          notes.set(address, text);
        }),
    },
  };
  const { context, syncs } = mockContext(sheet);
  const sync = context.sync.bind(context);
  context.sync = (async () => {
    for (const op of queued.splice(0)) op();
    return sync();
  }) as typeof context.sync;
  return { context, syncs, notes, fills };
}

describe('paintMarks', () => {
  it('keeps the clerk’s note through a second check, and takes off only what the add-in put on', async () => {
    const sheet = scriptedSheet({ notes: { F7: '已电话核实，时限按支部会议定' }, fills: { F7: '#FFFF00' } });
    // First check: E29 and F7 at fault.
    let memory = await paintMarks(sheet.context, '{S1}', [{ address: 'E29', note: '承诺内容不能为空' }, { address: 'F7', note: '完成时限无法识别' }], {}, true);
    expect(Object.fromEntries(sheet.notes)).toEqual({ F7: '已电话核实，时限按支部会议定', E29: `${NOTE_PREFIX}承诺内容不能为空` });
    expect(Object.fromEntries(sheet.fills)).toEqual({ E29: MARK_FILL, F7: MARK_FILL });
    // The clerk fixes E29; the second check still finds F7.
    memory = await paintMarks(sheet.context, '{S1}', [{ address: 'F7', note: '完成时限无法识别' }], memory, true);
    expect(Object.fromEntries(sheet.notes)).toEqual({ F7: '已电话核实，时限按支部会议定' });
    expect(Object.fromEntries(sheet.fills)).toEqual({ F7: MARK_FILL });
    // The clerk fixes F7 too: their yellow comes back.
    memory = await paintMarks(sheet.context, '{S1}', [], memory, true);
    expect(Object.fromEntries(sheet.notes)).toEqual({ F7: '已电话核实，时限按支部会议定' });
    expect(Object.fromEntries(sheet.fills)).toEqual({ F7: '#FFFF00' });
    expect(memory).toEqual({});
  });

  it('leaves a note of the add-in’s that the clerk edited: it is theirs now', async () => {
    const sheet = scriptedSheet();
    const memory = await paintMarks(sheet.context, '{S1}', [{ address: 'I9', note: '完成时限无法识别' }], {}, true);
    sheet.notes.set('I9', `${NOTE_PREFIX}完成时限无法识别——已与书记确认为年底`);
    await paintMarks(sheet.context, '{S1}', [], memory, true);
    expect(sheet.notes.get('I9')).toBe(`${NOTE_PREFIX}完成时限无法识别——已与书记确认为年底`);
  });

  it('needs two syncs for 3 marks and for 3,000', async () => {
    const few = scriptedSheet();
    await paintMarks(few.context, '{S1}', [1, 2, 3].map((r) => ({ address: `E${r}`, note: 'x' })), {}, true);
    const many = scriptedSheet();
    const marks = Array.from({ length: 3000 }, (_, i) => ({ address: `E${i + 1}`, note: 'x' }));
    const memory = await paintMarks(many.context, '{S1}', marks, {}, true);
    await paintMarks(many.context, '{S1}', marks.slice(1000), memory, true);
    expect(few.syncs()).toBe(2);
    expect(many.syncs()).toBe(4);
    expect(many.fills.size).toBe(2000);
    expect(many.notes.size).toBe(2000);
  });

  it('paints without notes where the host has none', async () => {
    const sheet = scriptedSheet();
    await paintMarks(sheet.context, '{S1}', [{ address: 'E2', note: 'x' }], {}, false);
    expect(sheet.syncs()).toBe(2);
    expect(sheet.notes.size).toBe(0);
    expect(sheet.fills.get('E2')).toBe(MARK_FILL);
  });

  it('never loses a note or a fill of the clerk’s, whatever the sequence of checks and edits', async () => {
    const cells = ['C3', 'C4', 'D3', 'D4', 'E5'];
    const cell = fc.constantFrom(...cells);
    const step = fc.oneof(
      fc.record({ kind: fc.constant('check' as const), bad: fc.subarray(cells), reason: fc.constantFrom('承诺内容不能为空', '完成时限无法识别') }),
      fc.record({ kind: fc.constant('note' as const), cell, text: fc.constantFrom('已电话核实', '支部会议同意延期', `${NOTE_PREFIX}完成时限无法识别——已核实`) }),
      fc.record({ kind: fc.constant('unnote' as const), cell }),
      fc.record({ kind: fc.constant('fill' as const), cell, color: fc.constantFrom('#FFFF00', '#C6EFCE') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const sheet = scriptedSheet();
        const clerkNotes = new Map<string, string>();
        const clerkFills = new Map<string, string>();
        let memory: SheetMarks = {};
        let bad = new Set<string>();
        for (const s of steps) {
          if (s.kind === 'check') {
            memory = await paintMarks(sheet.context, '{S1}', s.bad.map((address) => ({ address, note: s.reason })), memory, true);
            bad = new Set(s.bad);
          } else if (s.kind === 'note') {
            sheet.notes.set(s.cell, s.text); // a new note, or the clerk's words over the add-in's
            clerkNotes.set(s.cell, s.text);
          } else if (s.kind === 'unnote') {
            sheet.notes.delete(s.cell);
            clerkNotes.delete(s.cell);
          } else {
            sheet.fills.set(s.cell, s.color);
            clerkFills.set(s.cell, s.color);
            bad.delete(s.cell); // the cell shows the clerk's colour until the next check
          }
          for (const [address, text] of clerkNotes) expect(sheet.notes.get(address)).toBe(text);
          for (const address of cells) {
            if (bad.has(address)) expect(sheet.fills.get(address)).toBe(MARK_FILL);
            else expect(sheet.fills.get(address)).toBe(clerkFills.get(address));
          }
        }
      }),
      { numRuns: 300 },
    );
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
