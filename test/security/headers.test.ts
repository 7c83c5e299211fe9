import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

/** The web app, the API (a 401 before anything else), the API docs and their spec. */
const PAGES = [
  { url: '/', status: 200 },
  { url: '/api/v1/me', status: 401 },
  { url: '/api/docs', status: 200 },
  { url: '/api/docs/json', status: 200 },
] as const;

/** A CSP header as directive → sources, so that two policies compare whatever their order. */
function directives(header: unknown): Record<string, string> {
  expect(typeof header, 'content-security-policy header').toBe('string');
  return Object.fromEntries(String(header).split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name = '', ...sources] = d.split(/\s+/);
    return [name.toLowerCase(), sources.join(' ')];
  }));
}

async function policiesOf(app: FastifyInstance): Promise<Array<{ url: string; csp: Record<string, string> }>> {
  const seen = [];
  for (const page of PAGES) {
    // /api/docs redirects to its static index in some versions; follow to the page the browser shows.
    let response = await app.inject({ method: 'GET', url: page.url });
    if (response.statusCode >= 300 && response.statusCode < 400) response = await app.inject({ method: 'GET', url: String(response.headers.location) });
    expect(response.statusCode, page.url).toBe(page.status);
    expect(response.headers['x-content-type-options'], page.url).toBe('nosniff');
    seen.push({ url: page.url, csp: directives(response.headers['content-security-policy']) });
  }
  return seen;
}

describe.each(testDialects())('issue 12 finding 11: one security-header policy, on %s', (dialect) => {
  let t: TestApp;
  let secureApp: FastifyInstance | undefined;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // The same server behind HTTPS (SECURE_COOKIES): the one case where the app upgrades requests.
    secureApp = await buildApp({ deps: t.deps, logger: false, secureCookies: true });
    await secureApp.ready();
  });
  afterAll(async () => { await closeAll(secureApp, t); });

  it('over HTTP: every page says frame-ancestors \'none\', none upgrades insecure requests, and all send the same policy', async () => {
    const seen = await policiesOf(t.app);
    for (const { url, csp } of seen) {
      expect(csp['frame-ancestors'], url).toBe("'none'");
      expect(Object.keys(csp), url).not.toContain('upgrade-insecure-requests');
    }
    const [app] = seen;
    for (const page of seen) expect(page.csp, `${page.url} against /`).toEqual(app?.csp);
  });

  it('behind HTTPS: the docs upgrade insecure requests exactly when the app does, with the same policy', async () => {
    if (!secureApp) throw new Error('no secure app');
    const seen = await policiesOf(secureApp);
    const [app] = seen;
    expect(Object.keys(app?.csp ?? {})).toContain('upgrade-insecure-requests');
    for (const page of seen) {
      expect(page.csp['frame-ancestors'], page.url).toBe("'none'");
      expect(page.csp, `${page.url} against /`).toEqual(app?.csp);
    }
  });

  it.runIf(dialect === testDialects()[0])('Swagger UI still renders under the policy in Chromium, with no CSP violation', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      // Chromium reports every blocked script, style, image or fetch on the console.
      page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text()); });
      // Generous waits: the spec is 400 KB, built on first request, on a shared two-core machine.
      await page.goto(`${address}/api/docs`, { waitUntil: 'domcontentloaded', timeout: 45_000 });
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Followthrough API' }).waitFor({ timeout: 45_000 });
      await page.locator('.opblock').first().waitFor({ timeout: 45_000 });
      // Swagger UI draws the sections near the viewport only: scroll until more than the first screenful is drawn.
      await expect.poll(async () => {
        await page.mouse.wheel(0, 2_000);
        return page.locator('.opblock').count();
      }, { timeout: 45_000 }).toBeGreaterThan(10);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
