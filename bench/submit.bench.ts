// Submit a large ledger from the built pane in Chromium (Excel faked) to a real server on a fresh
// SQLite database: prints the time from pressing Submit to the answer, and the Excel round trips
// (context.sync, Excel.run) and the largest request, which must stay a small constant.
import buildPane from '../test/support/buildPane';
import { launchChromium, openPane } from '../test/browser/harness';
import { freshSqlite } from '../test/support/freshDatabases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer } from '../test/support/server';
import { BENCH_ORG, ledger, press } from './paneLedger';

const CLERK = { login: 'bench-clerk', password: 'bench-clerk-password', name: '胡川书记' };

await buildPane();
const browser = await launchChromium();
try {
  for (const rows of [1_000, 10_000, 50_000]) {
    const db = freshSqlite();
    const server = await startTestServer({ databaseUrl: db.url });
    try {
      const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
      const org = await admin.post('/orgs', { name: BENCH_ORG, kind: 'branch' });
      await admin.post('/users', { ...CLERK, role: 'clerk', orgId: org.body.id });
      const page = await openPane(browser, `${server.baseUrl}/taskpane.html`, { sheets: [{ name: '承诺台账', rows: ledger(rows, false) }] });
      await page.getByRole('tab', { name: '账户', exact: true }).click();
      await page.fill('input[name="login"]', CLERK.login);
      await page.fill('input[name="password"]', CLERK.password);
      await page.getByRole('main').getByRole('button', { name: '登录' }).click();
      await page.locator(`[data-user="${CLERK.login}"]`).waitFor();
      await page.getByRole('tab', { name: '台账', exact: true }).click();
      console.log(`submit ${rows.toLocaleString('en')} rows (all new): ${await press(page, 'submit', '已提交')}`);
      console.log(`submit ${rows.toLocaleString('en')} rows again (all unchanged): ${await press(page, 'submit', '已提交')}`);
      await page.close();
    } finally {
      await server.close();
      await db.drop();
    }
  }
} finally {
  await browser.close();
}
