import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api';
import { addProgressEach, checkEntries, currentMonth } from './progress';

describe('addProgressEach', () => {
  it('sends one entry per record and keeps going past a refused one, with its reason', async () => {
    const sent: { id: number; entry: unknown }[] = [];
    const api = {
      addProgress: async (id: number, entry: { month: string; note: string; percent?: number }) => {
        if (id === 2) throw new ApiProblem({ title: 'Not found', status: 404, detail: '找不到这条承诺' });
        sent.push({ id, entry });
        return {};
      },
    };
    const outcomes = await addProgressEach(api, [1, 2, 3], '已开展', 30, '2011-03');
    expect(outcomes).toEqual([{ id: 1, ok: true }, { id: 2, ok: false, message: '找不到这条承诺' }, { id: 3, ok: true }]);
    expect(sent).toEqual([
      { id: 1, entry: { month: '2011-03', note: '已开展', percent: 30 } },
      { id: 3, entry: { month: '2011-03', note: '已开展', percent: 30 } },
    ]);
  });

  it('leaves the percent out when none is given and dates entries by the current month', async () => {
    const entries: unknown[] = [];
    await addProgressEach({ addProgress: async (_id, entry) => entries.push(entry) }, [7], '已完成', undefined);
    expect(entries).toEqual([{ month: currentMonth(), note: '已完成' }]);
  });
});

describe('checkEntries', () => {
  const check = { sheetId: 's', progressColumn: 11, left: 0, rows: [{ sheetRow: 2, ids: [11], label: '' }, { sheetRow: 3, ids: [12, 13], label: '' }, { sheetRow: 4, ids: [14], label: '' }] };
  it('gives every row the common note unless it has its own or is left out', () => {
    const choices = new Map([[3, { note: '  本行另有进展  ' }], [4, { skip: true }]]);
    const { entries, notes } = checkEntries(check, choices, { note: '按计划推进', percent: 50, shown: false });
    expect(entries).toEqual([
      { commitmentId: 11, note: '按计划推进', public: false, percent: 50 },
      { commitmentId: 12, note: '本行另有进展', public: false, percent: 50 },
      { commitmentId: 13, note: '本行另有进展', public: false, percent: 50 },
    ]);
    expect([...notes]).toEqual([[2, '按计划推进'], [3, '本行另有进展']]);
  });

  it('an emptied own note falls back to the common one', () => {
    const { entries } = checkEntries(check, new Map([[2, { note: ' ' }]]), { note: '已完成', shown: true });
    expect(entries[0]).toEqual({ commitmentId: 11, note: '已完成', public: true });
  });
});
