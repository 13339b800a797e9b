import { describe, expect, it } from 'vitest';
import { checkSheet } from './check';
import type { SheetSnapshot } from './sheet';
import { planSubmission, sendInBatches, submitColumns, writeBackCells, type BatchOutcome, type BatchRow } from './submission';

const header = ['承诺主体', '承诺类别', '承诺内容', '完成时限', '状态'];
function ledger(extraHeader: string[] = [], rows: unknown[][] = []): SheetSnapshot {
  return {
    sheetId: '{S1}', sheetName: '台账', top: 0, left: 0,
    values: [
      [...header, ...extraHeader],
      ['张三', '岗位承诺', '每月走访群众', '2011-6-30', '进行中'],
      ['李四', '实事承诺', '', '长期', ''],
      ['王五', '共性承诺', '按时交纳党费', '年底前', '', ...rows[0] ?? []],
    ] as SheetSnapshot['values'],
  };
}

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('planSubmission', () => {
  it('sends only valid rows, places 编号 and 同步键 beside the used range and writes new keys first', () => {
    const sheet = ledger();
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const columns = submitColumns(check, sheet.values[0], 0, 1);
    expect(columns).toMatchObject({ id: 5, key: 6, status: 4 });
    expect(columns.newHeaders).toEqual([{ address: 'F1', value: '编号' }, { address: 'G1', value: '同步键' }]);

    const plan = planSubmission(check, new Map(), columns, 7, counter());
    expect(plan.invalid).toBe(1);
    expect(plan.rows.map((r) => [r.sheetRow, r.body.key, r.body.orgId, r.body.subjectName])).toEqual([
      [2, 'key-1', 7, '张三'],
      [4, 'key-2', 7, '王五'],
    ]);
    expect(plan.rows[0].body).toMatchObject({ category: 'post', deadline: '2011-06-30', status: 'in_progress', year: 2011 });
    expect(plan.keyCells).toEqual([
      { address: 'F1', value: '编号' },
      { address: 'G1', value: '同步键' },
      { address: 'G2', value: 'key-1' },
      { address: 'G4', value: 'key-2' },
    ]);
  });

  it('keeps keys already on the sheet, and gives a copied row a key of its own', () => {
    const sheet = ledger(['编号', '同步键']);
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const columns = submitColumns(check, sheet.values[0], 0, 1);
    expect(columns.newHeaders).toEqual([]);
    // row 4 was copied from row 2 together with its hidden key
    const plan = planSubmission(check, new Map([[2, 'k-original'], [4, 'k-original']]), columns, 7, counter());
    expect(plan.rows.map((r) => r.body.key)).toEqual(['k-original', 'key-1']);
    expect(plan.keyCells).toEqual([{ address: 'G4', value: 'key-1' }]);
  });
});

describe('sendInBatches', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ sheetRow: i + 2, body: { key: `k${i}` } as BatchRow }));

  it('stops at a lost connection and resumes with the rest, never sending a confirmed key twice', async () => {
    const server = new Map<string, number>();
    let failNext = 2; // the second request is lost after the server stored it
    const post = async (batch: BatchRow[]): Promise<BatchOutcome[]> => {
      const answer = batch.map((r): BatchOutcome => {
        const known = server.get(r.key);
        if (!known) server.set(r.key, server.size + 1);
        return { key: r.key, id: server.get(r.key)!, result: known ? 'unchanged' : 'created' };
      });
      if (--failNext === 0) throw new TypeError('Failed to fetch');
      return answer;
    };
    const written: string[] = [];
    const afterBatch = async (sent: readonly { body: BatchRow }[]) => void written.push(...sent.map((s) => s.body.key));

    const first = await sendInBatches(rows, post, afterBatch, 2);
    expect(first.error).toBeInstanceOf(TypeError);
    expect(first.outcomes.map((o) => o.key)).toEqual(['k0', 'k1']);
    expect(first.remaining.map((r) => r.body.key)).toEqual(['k2', 'k3', 'k4']);

    const resumed = await sendInBatches(first.remaining, post, afterBatch, 2);
    expect(resumed.error).toBeUndefined();
    expect(resumed.remaining).toEqual([]);
    expect(resumed.outcomes.map((o) => [o.key, o.result])).toEqual([['k2', 'unchanged'], ['k3', 'unchanged'], ['k4', 'created']]);
    expect(server.size).toBe(5);
    expect(written).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
  });
});

describe('writeBackCells', () => {
  it('writes ids and status labels, nothing for rejected rows', () => {
    const sent = [
      { sheetRow: 2, body: { key: 'a' } as BatchRow },
      { sheetRow: 3, body: { key: 'b' } as BatchRow },
    ];
    const cells = writeBackCells(sent, [
      { key: 'a', id: 41, result: 'created', status: 'published' },
      { key: 'b', id: null, result: 'rejected', errors: [{ code: 'x', message: 'y' }] },
    ], { id: 8, status: 6 });
    expect(cells).toEqual([{ address: 'I2', value: 41 }, { address: 'G2', value: '已公示' }]);
  });
});
