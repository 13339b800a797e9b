import { describe, expect, it } from 'vitest';
import { checkSheet } from './check';
import type { SheetSnapshot } from './sheet';
import { idsByRow, planSubmission, sendInBatches, writeBack, type BatchOutcome, type BatchRow } from './submission';
import { statusGaps, describeGap } from './statusGap';

const header = ['承诺主体', '承诺类别', '承诺内容', '完成时限', '状态'];
function ledger(extraHeader: string[] = [], rows: unknown[][] = []): SheetSnapshot {
  return {
    sheetId: '{S1}', sheetName: '台账', top: 0, left: 0, merges: [],
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

const ORG = { id: 7, name: '胡川学区党支部' };

describe('planSubmission', () => {
  it('sends only valid rows, places 编号, 系统状态 and 同步键 beside the used range and writes new keys as one column', () => {
    const sheet = ledger();
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const plan = planSubmission(check, sheet, ORG, counter());
    expect(plan.columns.at).toEqual({ id: 5, state: 6, key: 7 });
    expect(plan.columns.newHeaders).toEqual([{ address: 'F1', value: '编号' }, { address: 'G1', value: '系统状态' }, { address: 'H1', value: '同步键' }]);
    expect(plan.invalid).toBe(1);
    expect(plan.rows.map((r) => [r.sheetRow, r.body.key, r.body.orgId, r.body.subjectName])).toEqual([
      [2, 'key-1', 7, '张三'],
      [4, 'key-2', 7, '王五'],
    ]);
    expect(plan.rows[0].body).toMatchObject({ category: 'post', deadline: '2011-06-30', status: 'in_progress', year: 2011 });
    expect(plan.keys).toEqual({ column: 7, firstRow: 2, values: ['key-1', '', 'key-2'], asText: false });
  });

  it('keeps keys already on the sheet, and gives a copied row a key of its own', () => {
    const sheet = ledger(['编号', '系统状态', '同步键']);
    sheet.values[1].push('', '', 'k-original');
    sheet.values[3].push('', '', 'k-original'); // row 4 was copied from row 2 with its hidden key
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const plan = planSubmission(check, sheet, ORG, counter());
    expect(plan.columns.newHeaders).toEqual([]);
    expect(plan.rows.map((r) => r.body.key)).toEqual(['k-original', 'key-1']);
    expect(plan.keys).toEqual({ column: 7, firstRow: 2, values: ['k-original', '', 'key-1'], asText: false });
  });

  it('names the organisation only when a row names another than the one chosen in the pane', () => {
    const sheet: SheetSnapshot = {
      sheetId: '{S2}', sheetName: '台账', top: 0, left: 0, merges: [],
      values: [
        ['所在党组织', '承诺主体', '单位及职务', '承诺类别', '承诺内容', '完成时限'],
        ['胡川学区党支部', '张三', '胡川小学 教师', '岗位承诺', '每月走访群众', '2011-6-30'],
        ['城关一支部', '李四', '', '岗位承诺', '每月走访群众', '2011-6-30'],
      ],
    };
    const plan = planSubmission(checkSheet(sheet, { ledgerYear: 2011 }), sheet, ORG, counter());
    expect(plan.rows.map((r) => [r.body.orgId, r.body.orgName, r.body.unitPost])).toEqual([[7, undefined, '胡川小学 教师'], [undefined, '城关一支部', null]]);
  });
});

describe('planSubmission and the 阶段计划 column', () => {
  it('sends the plan (blank clears it) only from a sheet with the column; without it the server keeps its plan', () => {
    const withColumn = ledger(['阶段计划']);
    withColumn.values[1].push('5月底前完成选址；6月底前完工');
    const sent = planSubmission(checkSheet(withColumn, { ledgerYear: 2011 }), withColumn, ORG, counter());
    expect(sent.rows.map((r) => r.body.plan)).toEqual([
      [{ by: '2011-05-31', target: '完成选址' }, { by: '2011-06-30', target: '完工' }],
      null,
    ]);
    const without = ledger();
    const kept = planSubmission(checkSheet(without, { ledgerYear: 2011 }), without, ORG, counter());
    expect(kept.rows.map((r) => 'plan' in r.body)).toEqual([false, false]);
  });

  it('leaves out a row whose plan cell does not read, with the reason on that cell', () => {
    const sheet = ledger(['阶段计划']);
    sheet.values[1].push('9月底前完工；6月底前完成选址');
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const plan = planSubmission(check, sheet, ORG, counter());
    expect(plan.rows.map((r) => r.body.subjectName)).toEqual(['王五']);
    const problem = check.records.find((r) => r.sheetRow === 2)!.errors.find((e) => e.field === 'plan');
    expect(problem).toMatchObject({ code: 'plan.order' });
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

    const first = await sendInBatches(rows, post, 2);
    expect(first.error).toBeInstanceOf(TypeError);
    expect(first.outcomes.map((o) => o.key)).toEqual(['k0', 'k1']);
    expect(first.remaining.map((r) => r.body.key)).toEqual(['k2', 'k3', 'k4']);

    const resumed = await sendInBatches(first.remaining, post, 2);
    expect(resumed.error).toBeUndefined();
    expect(resumed.remaining).toEqual([]);
    expect(resumed.outcomes.map((o) => [o.key, o.result])).toEqual([['k2', 'unchanged'], ['k3', 'unchanged'], ['k4', 'created']]);
    expect(server.size).toBe(5);
  });
});

describe('writeBack', () => {
  it('writes ids into 编号 and the server’s state into 系统状态, each as one column; the clerk’s 状态 is not written', () => {
    const sheet = ledger();
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const plan = planSubmission(check, sheet, ORG, counter());
    const ids = idsByRow(plan.rows, [
      { key: 'key-1', id: 41, result: 'created' },
      { key: 'key-2', id: null, result: 'rejected', errors: [{ code: 'x', message: 'y' }] },
    ]);
    const columns = writeBack(check, sheet, plan.columns, ids, new Map([[41, 'proposed' as const]]));
    expect(columns).toEqual([
      { column: 5, firstRow: 2, values: [41, '', ''], asText: false },
      { column: 6, firstRow: 2, values: ['已提出', '', ''], asText: true },
    ]);
    expect(columns.some((c) => c.column === 4)).toBe(false);
  });

  it('tells, row by row, what it takes to reach the status the clerk wrote', () => {
    const sheet = ledger();
    sheet.values[3][4] = '已完成';
    const check = checkSheet(sheet, { ledgerYear: 2011 });
    const gaps = statusGaps(check, sheet, new Map([[2, [41]], [4, [42]]]), new Map([[41, 'in_progress' as const], [42, 'proposed' as const]]));
    expect(gaps.map((g) => [g.address, g.written, g.state])).toEqual([['E4', '已完成', 'proposed']]);
    expect(describeGap(gaps[0], 'zh')).toBe('第 4 行：系统中为“已提出”；要达到“已完成”，还需：提交审核 → 审核通过（审核人） → 公示（审核人） → 完成销号');
    expect(describeGap(gaps[0], 'en')).toBe('Row 4: the server has “Proposed”; to reach “已完成”: submit for review → approve (reviewer) → publish (reviewer) → mark completed');
  });
});
