// What the pane benches share: a canonical ledger of any size as the fake Excel holds it, and the
// round trips one press of a button costs (time, context.sync calls, Excel.run calls, largest request).
import type { Page } from 'playwright-core';
import { LEDGER_COLUMNS } from '../core/ledgerColumns';
import type { CellValue } from '../core/types';
import { fakeCounts, resetLargestRequest } from '../test/browser/harness';

export const BENCH_ORG = '胡川学区党支部';

/** A canonical ledger; with `faults`, a bad deadline on every 50th row and an empty content on every 97th. */
export function ledger(rows: number, faults = true): CellValue[][] {
  const header = LEDGER_COLUMNS.map((c) => c.zh);
  const body = Array.from({ length: rows }, (_, i) => {
    const row: Record<string, CellValue> = {
      seq: i + 1, year: 2011, org: BENCH_ORG, subject: `党员${i % 300}`, subjectType: '党员',
      category: ['共性承诺', '岗位承诺', '实事承诺', '自律承诺'][i % 4],
      content: faults && i % 97 === 0 ? '' : `每月走访困难群众不少于${(i % 5) + 1}户，帮助解决实际问题（第${i + 1}项）`,
      measures: '结对帮扶，建立台账', deadline: faults && i % 50 === 0 ? '2011年13月' : ['2011年6月底', '年底前', '长期', '2011-9-30'][i % 4],
      responsible: `党员${i % 300}`, status: ['进行中', '已完成', '已公示'][i % 3], progress: '', remarks: '', id: '',
    };
    return LEDGER_COLUMNS.map((c) => row[c.field] ?? '');
  });
  return [header, ...body];
}

/** Presses a button of the pane and waits for its notice; answers what it cost in Excel round trips. */
export async function press(page: Page, action: string, done: string, timeout = 600_000): Promise<string> {
  // The last notice goes when the action starts; the one to wait for is a new element.
  await page.evaluate(() => document.querySelector('[data-notice]')?.setAttribute('data-stale', ''));
  const before = await fakeCounts(page);
  await resetLargestRequest(page);
  const started = performance.now();
  await page.click(`[data-action="${action}"]`);
  await page.waitForFunction((text) => document.querySelector('[data-notice]:not([data-stale])')?.textContent?.includes(text), done, { timeout, polling: 50 });
  const ms = performance.now() - started;
  const after = await fakeCounts(page);
  return `${ms.toFixed(0)} ms, ${after.syncs - before.syncs} context.sync, ${after.runs - before.runs} Excel.run, largest request ${(after.largestRequest / 1024).toFixed(0)} KB`;
}
