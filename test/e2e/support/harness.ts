import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { createSecretBox } from '../../../src/mail/secretBox.js';
import type { ServiceDeps } from '../../../src/services/deps.js';
import { connect, type Store } from '../../../src/store/connect.js';
import { launchBrowser, type Browser, type BrowserOptions } from '../../helpers/browser.js';
import { closeAll } from '../../helpers/closeAll.js';
import { createTestDatabaseUrl, dropTestDatabase } from '../../helpers/databases.js';

export { launchBrowser, type Browser } from '../../helpers/browser.js';
export { closeAll } from '../../helpers/closeAll.js';

const root = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(root, 'test', 'e2e', 'artifacts');
const AXE = join(root, 'node_modules', 'axe-core', 'axe.min.js');

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Olivia Owner', workspace: 'Acme Sales' };

export interface E2eServer {
  url: string;
  app: FastifyInstance;
  /** The database behind it, for states only a crash or a clock can make (an `unknown` send). */
  store: Store;
  /** What its services run with (an outbox worker for the suite sends with these); `baseUrl` is `url`. */
  deps: ServiceDeps;
  /** Calls the API as the owner, with the token from setup. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  setUp(timeZone?: string): Promise<void>;
  close(): Promise<void>;
}

/** A real server over a fresh SQLite database, with the built web app, on a free loopback port. */
export async function startServer(): Promise<E2eServer> {
  const dbUrl = await createTestDatabaseUrl('sqlite', { migrated: true });
  const store = connect(dbUrl);
  // The test mail servers listen on 127.0.0.1, hence ALLOW_PRIVATE_TARGETS.
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1', secrets: createSecretBox('e2e-only secrets key, 32+ characters'), outbound: { allowPrivate: true } };
  const app = await buildApp({ deps, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  // Links the server writes (booking, unsubscribe, reset) open this server, as they would in production.
  deps.baseUrl = url;
  let token = '';
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    url, app, api, store, deps,
    async setUp(timeZone = 'Europe/London') {
      const response = await api<{ token: string }>('POST', '/setup', { ...OWNER, timeZone });
      if (response.status !== 201) throw new Error(`setup failed: ${response.status} ${JSON.stringify(response.body)}`);
      token = response.body.token;
    },
    async close() {
      await app.close();
      await store.close();
      await dropTestDatabase(dbUrl);
    },
  };
}

export interface E2eOptions extends BrowserOptions {
  /** The owner's zone at first-run setup; `null` leaves a fresh install: nobody set up, nobody logged in. */
  timeZone?: string | null;
  /** The size of the suite's page (default: the browser's 1280×900). */
  viewport?: { width: number; height: number };
}

/** What a browser suite works with; end it in afterAll with `closeAll(browser, server)`. */
export interface E2eSuite {
  server: E2eServer;
  browser: Browser;
  /** A page for the suite's tests to share (tests that want a page of their own open one from `browser`). */
  page: Page;
  /** Every dialog `page` opens; a test expects none. */
  dialogs: string[];
}

/**
 * A server and a browser, started side by side: the owner set up in `timeZone` through the API, the
 * browser logged in as them, and a page open with its dialogs watched.
 */
export async function startE2e(options: E2eOptions = {}): Promise<E2eSuite> {
  const { timeZone = 'Europe/London', viewport, ...browserOptions } = options;
  const [started, launched] = await Promise.allSettled([startServer(), launchBrowser(browserOptions)]);
  const server = started.status === 'fulfilled' ? started.value : undefined;
  const browser = launched.status === 'fulfilled' ? launched.value : undefined;
  try {
    if (!server || !browser) throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
    if (timeZone !== null) {
      await server.setUp(timeZone);
      await logIn(browser.context, server.url);
    }
    const page = await browser.newPage(viewport);
    return { server, browser, page, dialogs: watchDialogs(page) };
  } catch (error) {
    // The suite's afterAll never sees what was started here.
    await closeAll(browser, server).catch(() => undefined);
    throw error;
  }
}

/** Logs the context in through the API (the session cookie lands in the browser's cookie jar). */
export async function logIn(context: BrowserContext, url: string, email = OWNER.email, password = OWNER.password): Promise<void> {
  const response = await context.request.post(`${url}/api/v1/auth/login`, { data: { email, password } });
  if (response.status() !== 200) throw new Error(`login failed: ${response.status()}`);
}

/** Every alert/confirm/prompt the page opens; a test that stores script must see none. */
export function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core run inside the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  const context = include ? JSON.stringify(include) : 'document';
  const result = (await page.evaluate(`axe.run(${context}, { resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Horizontal overflow of the page: > 0 means the user must scroll sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The wall date and time of an instant in a zone, as the server writes them. */
export function wallIn(ms: number, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
