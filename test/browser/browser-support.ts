/**
 * Browser end-to-end tests: the built console served by a test harness's API, driven in Debian's
 * headless Chromium through playwright-core. Usage in a test/browser/*.e2e.test.ts file:
 *
 *   import { after, before, test } from 'node:test';
 *   import { BrowserSuite } from './browser-support';
 *
 *   let ui: BrowserSuite;
 *   before(async () => { ui = await BrowserSuite.start(); });      // Harness.start options may be passed
 *   after(async () => { await ui?.stop(); });
 *
 *   test('…', async () => {
 *     const page = await ui.signIn('#/rules');                     // signed in as the harness admin
 *     await page.getByRole('button', { name: '保存草稿' }).click();
 *     await ui.screenshot(page, 'rules-saved');                    // → $FIXFLOW_TEST_DATA_DIR/screenshots/rules-saved.png
 *     const res = await ui.harness.request('GET', '/api/v1/rules'); // the API, with the admin token
 *   });
 *
 * The UI is built first when designer-ui/src (or domain/) is newer than designer-ui/dist. Without
 * /usr/bin/chromium (or CHROMIUM_PATH) start() throws at once, naming the package to install.
 * Actions wait at most 15 s, so a missing element fails the test instead of hanging it. Uncaught
 * errors in the page are collected in `pageErrors` (a test can assert there were none).
 * `npm test` copies the screenshots to .data/test-artifacts/screenshots when the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../designer-ui/scripts/check-support.mjs';
import { buildUiIfStale } from '../../scripts/ui-build';
import { Harness } from '../support/harness';

type HarnessOptions = Parameters<typeof Harness.start>[0];

export const screenshotDir = path.join(process.env.FIXFLOW_TEST_DATA_DIR ?? os.tmpdir(), 'screenshots');

export class BrowserSuite {
  /** Paths of every screenshot taken, in order. */
  readonly screenshots: string[] = [];
  /** Uncaught exceptions thrown in any page of the suite. */
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly harness: Harness,
    readonly browser: Browser,
  ) {}

  /** Builds the UI if stale, starts the product slice (Harness) and Chromium. */
  static async start(opts: { harness?: HarnessOptions } = {}): Promise<BrowserSuite> {
    buildUiIfStale(); // before the API starts: it serves designer-ui/dist only if the build exists
    const browser = await launchChromium(); // throws a clear message when Chromium is missing
    let harness: Harness;
    try {
      harness = await Harness.start(opts.harness);
    } catch (err) {
      await browser.close();
      throw err;
    }
    return new BrowserSuite(harness, browser);
  }

  /** The console's address for a hash route, e.g. url('#/rules'). */
  url(hash = ''): string {
    return `${this.harness.api.url}/${hash}`;
  }

  /** A fresh page (own context, zh-CN, 1280×800 unless told), not signed in. */
  async newPage(opts: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      locale: opts.locale ?? 'zh-CN',
    });
    this.contexts.push(context);
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.pageErrors.push(`${page.url()}: ${err.message}`));
    return page;
  }

  /**
   * A new page signed in through the sign-in form with the harness's admin token (or `token`),
   * then at `hash`. Resolves once the signed-in console is shown.
   */
  async signIn(
    hash = '#/tickets',
    opts: { token?: string; viewport?: { width: number; height: number }; locale?: string } = {},
  ): Promise<Page> {
    const page = await this.newPage(opts);
    await page.goto(this.url(hash));
    await page.locator('#signin-token').fill(opts.token ?? this.harness.token);
    await page.locator('#signin-token').press('Enter');
    await page.locator('#signin-token').waitFor({ state: 'detached' });
    return page;
  }

  /** Saves a screenshot (the viewport, or the whole page) as <screenshots>/<name>.png and reports its path. */
  async screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
    this.screenshots.push(file);
    console.log(`[browser] screenshot ${file}`);
    return file;
  }

  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser.close().catch(() => {});
    await this.harness.stop();
    if (this.screenshots.length) console.log(`[browser] ${this.screenshots.length} screenshot(s) in ${screenshotDir}`);
  }
}
