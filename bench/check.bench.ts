// Check + mark a large ledger in the browser harness (the built pane in Chromium, Excel faked):
// prints the time from pressing Check to the result, and the Excel round trips (context.sync).
// The round trips must not grow with the row count.
import { LEDGER_COLUMNS } from '../core/ledgerColumns';
import type { CellValue } from '../core/types';
import { buildPane, fakeState, fakeSyncs, launchChromium, openPane } from '../test/browser/harness';

const ORIGIN = 'https://pane.bench';

/** A canonical ledger with a bad deadline on every 50th row and an empty content on every 97th. */
function ledger(rows: number): CellValue[][] {
  const header = LEDGER_COLUMNS.map((c) => c.zh);
  const body = Array.from({ length: rows }, (_, i) => {
    const row: Record<string, CellValue> = {
      seq: i + 1, year: 2011, org: '胡川学区党支部', subject: `党员${i % 300}`, subjectType: '党员',
      category: ['共性承诺', '岗位承诺', '实事承诺', '自律承诺'][i % 4],
      content: i % 97 === 0 ? '' : `每月走访困难群众不少于${(i % 5) + 1}户，帮助解决实际问题`,
      measures: '结对帮扶，建立台账', deadline: i % 50 === 0 ? '2011年13月' : ['2011年6月底', '年底前', '长期', '2011-9-30'][i % 4],
      responsible: `党员${i % 300}`, status: ['进行中', '已完成', '已公示'][i % 3], progress: '', remarks: '', id: '',
    };
    return LEDGER_COLUMNS.map((c) => row[c.field] ?? '');
  });
  return [header, ...body];
}

await buildPane();
const browser = await launchChromium();
try {
  for (const rows of [1_000, 10_000]) {
    const page = await openPane(browser, `${ORIGIN}/taskpane.html`, { sheets: [{ name: '承诺台账', rows: ledger(rows) }] }, { fromDist: true });
    await page.click('[data-action="check"]');
    await page.waitForSelector('[data-notice]'); // warm-up: first check loads code paths
    const before = await fakeSyncs(page);
    const started = performance.now();
    await page.click('[data-action="check"]');
    await page.waitForSelector('[data-notice]');
    const ms = performance.now() - started;
    const syncs = (await fakeSyncs(page)) - before;
    const marked = Object.keys((await fakeState(page))[0].fills).length;
    console.log(`check ${rows.toLocaleString('en')} rows: ${ms.toFixed(0)} ms, ${syncs} context.sync calls, ${marked} cells marked`);
    await page.close();
  }
} finally {
  await browser.close();
}
