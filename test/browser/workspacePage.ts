// The workspace page at `/` as its browser tests drive it: open it at a screen's width, sign in,
// choose a view from the menu (a drawer on a phone), and take screenshots that first check that
// nothing makes the page wider than the screen.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';

export interface Account {
  login: string;
  password: string;
}

/** The sign-in button's words for a browser language. */
export const signInButton = (locale: string) => (locale.startsWith('zh') ? '登录' : 'Sign in');

/**
 * The workspace in a new page `width` px wide (780 px high on a phone, 860 px on a desktop unless
 * `height` says otherwise); with `as`, already signed in as that account.
 */
export async function openWorkspace(
  browser: Browser,
  baseUrl: string,
  width: number,
  opts: { locale?: string; height?: number; as?: Account } = {},
): Promise<Page> {
  const locale = opts.locale ?? 'zh-CN';
  const page = await browser.newPage({ viewport: { width, height: opts.height ?? (width < 500 ? 780 : 860) }, locale });
  page.on('pageerror', (error) => console.error(`[workspace] ${error.message}`));
  await page.goto(`${baseUrl}/`);
  if (opts.as) await signIn(page, opts.as, signInButton(locale));
  return page;
}

/** Signs in on the workspace's sign-in form and waits for the signed-in user's menu. */
export async function signIn(page: Page, who: Account, button = '登录'): Promise<void> {
  await page.fill('input[name="login"]', who.login);
  await page.fill('input[name="password"]', who.password);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator(`[data-user="${who.login}"]`).waitFor();
}

/** Chooses a view by its tab's name, through the menu drawer where the screen is narrow. */
export async function openView(page: Page, name: string): Promise<void> {
  const menuButton = page.locator('[data-action="menu"]');
  const narrow = await menuButton.isVisible();
  if (narrow) await menuButton.click();
  await page.getByRole('tab', { name, exact: true }).click();
  if (narrow) await page.waitForTimeout(400); // the drawer slides out
}

/**
 * Screenshots into `dir` (which ends in `/`), each after checking that nothing makes the page wider
 * than the screen. A page that overflows for good fails; one caught mid-animation (the menu drawer
 * sliding out on a busy machine) is given two seconds to settle.
 */
export function fittingShots(dir: string) {
  return async (page: Page, name: string): Promise<void> => {
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await expect.poll(overflow, { message: `${name} fits its width`, timeout: 2000 }).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
  };
}

/** The page's notice line (what the last action did, or why it was refused). */
export const notice = (page: Page) => page.locator('[data-notice]');
