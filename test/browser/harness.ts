// The browser harness for the task pane: start Debian's Chromium, and open the pane with
// Microsoft's office.js answered by our scripted fake of Excel (fake-office.js) holding a workbook.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CellValue } from '../../core/types';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export { LEDGER_FIXTURES as FIXTURES } from '../support/fixtures';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface FakeSheet {
  name: string;
  rows: CellValue[][];
  /** Merged areas, e.g. `A4:A9`: the fake keeps only each one's top-left value, the rest read "". */
  merges?: string[];
}

export interface FakeWorkbook {
  sheets: FakeSheet[];
  language?: string;
  /** The ExcelApi version the fake host claims, e.g. 1.18 (notes) or 1.9 (none). */
  apiVersion?: string;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Opens the pane at `url` in a task-pane-sized page whose office.js is the fake holding `workbook`.
 * With `fromDist`, the pane's files are answered from dist/addin (no server needed).
 */
export async function openPane(browser: Browser, url: string, workbook: FakeWorkbook, opts: { fromDist?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 350, height: 900 }, locale: workbook.language ?? 'zh-CN' });
  page.on('pageerror', (error) => console.error(`[pane] ${error.message}`));
  await page.addInitScript((wb) => {
    (window as unknown as { __FAKE_WORKBOOK__: unknown }).__FAKE_WORKBOOK__ = wb;
  }, workbook);
  const fake = readFileSync(`${REPO}/test/browser/fake-office.js`, 'utf8');
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: fake }));
  if (opts.fromDist) await servePaneFiles(page, new URL(url).origin);
  await page.goto(url);
  return page;
}

/** The built pane answered from dist/addin under a made-up origin, for runs without a server. */
async function servePaneFiles(page: Page, origin: string): Promise<void> {
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = `${REPO}/dist/addin${path}`;
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.png') ? 'image/png' : 'text/html';
    try {
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    } catch {
      return route.fulfill({ status: 404, body: '' });
    }
  });
}

/**
 * A sheet's cells as Excel's object model gives them: merged cells hold their value in the
 * top-left cell only, dates are serial numbers, rich text is its plain text.
 */
export async function sheetFromXlsx(file: string | Buffer): Promise<FakeSheet> {
  const wb = new ExcelJS.Workbook();
  if (typeof file === 'string') await wb.xlsx.readFile(file);
  else await wb.xlsx.load(file as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: CellValue[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: CellValue[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      const v = cell.value;
      if (cell.isMerged && cell.master !== cell) row.push(null);
      else if (v instanceof Date) row.push(v.getTime() / 86_400_000 + 25_569);
      else if (v && typeof v === 'object') row.push(cell.text);
      else row.push((v as CellValue) ?? null);
    }
    rows.push(row);
  }
  return { name: ws.name, rows, merges: ws.model.merges ?? [] };
}

export interface FakeSheetState {
  id: string;
  name: string;
  rows: CellValue[][];
  fills: Record<string, string>;
  notes: Record<string, string>;
  formulas: string[];
  hiddenColumns: string[];
  tables: { address: string; style: string | null }[];
  validations: { area: unknown; rule?: { list?: { source: string } }; prompt?: unknown }[];
  conditionalFormats: { type: string; formula: string }[];
  frozenRows: number;
}

export function fakeState(page: Page): Promise<FakeSheetState[]> {
  return page.evaluate(() => (window as unknown as { __fakeExcel: { state(): FakeSheetState[] } }).__fakeExcel.state());
}

/** Round trips so far: `context.sync` calls, `Excel.run` calls, and the largest request's estimated bytes. */
export function fakeCounts(page: Page): Promise<{ syncs: number; runs: number; largestRequest: number }> {
  return page.evaluate(() => {
    const fake = (window as unknown as { __fakeExcel: { syncs: number; runs: number; largestRequest: number } }).__fakeExcel;
    return { syncs: fake.syncs, runs: fake.runs, largestRequest: fake.largestRequest };
  });
}

export function fakeSyncs(page: Page): Promise<number> {
  return fakeCounts(page).then((c) => c.syncs);
}

/** Starts counting the largest request afresh (the counts of syncs and runs are read as differences). */
export function resetLargestRequest(page: Page): Promise<void> {
  return page.evaluate(() => {
    (window as unknown as { __fakeExcel: { largestRequest: number } }).__fakeExcel.largestRequest = 0;
  });
}

/** Opens a view of the workspace by its menu label, through the drawer on a narrow screen. */
export async function openWorkspaceView(page: Page, name: string): Promise<void> {
  const menuButton = page.locator('[data-action="menu"]');
  const narrow = await menuButton.isVisible();
  if (narrow) await menuButton.click();
  await page.getByRole('tab', { name, exact: true }).click();
  if (narrow) await page.waitForTimeout(400); // the drawer slides out
}

/** A full-page screenshot `<dir><name>.png`, after checking that nothing makes the page wider than the screen. */
export async function fittingShot(page: Page, dir: string, name: string): Promise<void> {
  const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (scrollWidth > width) throw new Error(`${name}: the page is ${scrollWidth} px wide on a ${width} px screen`);
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}

/**
 * Signs in on the pane's 账户 tab, in the words of the pane's `language`. The server's address is
 * left as the pane fills it in: the origin the pane was served from.
 */
export async function signInToPane(page: Page, who: { login: string; password: string }, language = 'zh-CN'): Promise<void> {
  const zh = language.startsWith('zh');
  await page.getByRole('tab', { name: zh ? '账户' : 'Account', exact: true }).click();
  await page.fill('input[name="login"]', who.login);
  await page.fill('input[name="password"]', who.password);
  await page.getByRole('main').getByRole('button', { name: zh ? '登录' : 'Sign in' }).click();
  await page.locator(`[data-user="${who.login}"]`).waitFor();
}
