// Check + mark a large ledger in the browser harness (the built pane in Chromium, Excel faked):
// prints the time from pressing Check to the result and the Excel round trips, which must not
// grow with the row count. The request size is the fake's estimate (JSON of what each operation carries).
import buildPane from '../test/support/buildPane';
import { fakeState, launchChromium, openPane } from '../test/browser/harness';
import { ledger, press } from './paneLedger';

const ORIGIN = 'https://pane.bench';

await buildPane();
const browser = await launchChromium();
try {
  for (const rows of [1_000, 10_000, 50_000]) {
    const page = await openPane(browser, `${ORIGIN}/taskpane.html`, { sheets: [{ name: '承诺台账', rows: ledger(rows) }] }, { fromDist: true });
    await press(page, 'check', '条承诺'); // warm-up: the first check loads code paths and paints the marks
    const cost = await press(page, 'check', '条承诺');
    const marked = Object.keys((await fakeState(page))[0].fills).length;
    console.log(`check ${rows.toLocaleString('en')} rows (second check, ${marked} cells marked): ${cost}`);
    await page.close();
  }
} finally {
  await browser.close();
}
