import { afterEach, describe, expect, it } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import { noteDigest, previousMarks, rememberMarks } from './markStore';

/** Office's document settings: a key-value store saved with the workbook. */
function officeWithSettings(saveStatus: 'succeeded' | 'failed') {
  const stored = new Map<string, unknown>();
  let saves = 0;
  const office = new OfficeMockObject({
    context: {
      document: {
        settings: {
          get: (key: string) => (stored.has(key) ? structuredClone(stored.get(key)) : null),
          set: (key: string, value: unknown) => void stored.set(key, structuredClone(value)),
          saveAsync: (callback: (r: unknown) => void) => {
            saves++;
            callback({ status: saveStatus, error: saveStatus === 'failed' ? new Error('disk full') : undefined });
          },
        },
      },
    },
  }) as any;
  // An enum, not a loadable property: set it plainly, past the mock's load rules.
  office.AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' };
  (globalThis as any).Office = office;
  return { stored, saves: () => saves };
}

afterEach(() => {
  delete (globalThis as any).Office;
});

describe('the marks of the last check', () => {
  it('are kept per sheet in the document settings and saved', async () => {
    const office = officeWithSettings('succeeded');
    const d29 = { fill: null, note: noteDigest('【台账检查】承诺内容不能为空') };
    const e30 = { fill: '#FFFF00', note: null }; // the clerk's yellow and the clerk's note stay theirs
    expect(previousMarks('{S1}')).toEqual({});
    await rememberMarks('{S1}', { D29: d29, E30: e30 });
    await rememberMarks('{S2}', { A2: d29 });
    expect(previousMarks('{S1}')).toEqual({ D29: d29, E30: e30 });
    expect(previousMarks('{S2}')).toEqual({ A2: d29 });
    await rememberMarks('{S1}', {});
    expect(previousMarks('{S1}')).toEqual({});
    expect(previousMarks('{S2}')).toEqual({ A2: d29 });
    expect(office.saves()).toBe(3);
  });

  it('report a failed save', async () => {
    officeWithSettings('failed');
    await expect(rememberMarks('{S1}', { D29: { fill: null, note: null } })).rejects.toThrow('disk full');
  });
});

describe('noteDigest', () => {
  it('tells a note from the same note edited', () => {
    expect(noteDigest('【台账检查】完成时限无法识别')).toBe(noteDigest('【台账检查】完成时限无法识别'));
    expect(noteDigest('【台账检查】完成时限无法识别')).not.toBe(noteDigest('【台账检查】完成时限无法识别（已核实）'));
  });
});
