import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: no browser download is possible where the tests run (.ci/run installs the package). */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no sandbox (containers run as root), no GPU, no first-run, update or sync traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export interface Browser {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Lets axe-core be injected with addScriptTag, and lets the XSS test prove that rendering alone keeps markup inert. */
  bypassCSP?: boolean;
  /**
   * Lets the page install the app's service worker (test/e2e/offline.e2e.test.ts). Off by default, so
   * every other suite talks to its server directly, as it did before the app could work offline.
   */
  serviceWorkers?: boolean;
}

/** Chromium, headless, with a fresh profile directory of its own, in London's zone and British English. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'ft-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
    serviceWorkers: options.serviceWorkers ? 'allow' : 'block',
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
