import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { createSecretBox } from '../../../src/mail/secretBox.js';
import type { ServiceDeps } from '../../../src/services/deps.js';
import { connect, migrateToLatest, type Store } from '../../../src/store/connect.js';
import { createTestDatabaseUrl, dropTestDatabase } from '../../helpers/databases.js';

const root = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(root, 'test', 'e2e', 'artifacts');
const AXE = join(root, 'node_modules', 'axe-core', 'axe.min.js');

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Olivia Owner', workspace: 'Acme Sales' };

export interface E2eServer {
  url: string;
  app: FastifyInstance;
  /** The database behind it, for states only a crash or a clock can make (an `unknown` send). */
  store: Store;
  /** Calls the API as the owner, with the token from setup. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  setUp(timeZone?: string): Promise<void>;
  close(): Promise<void>;
}

/** A real server over a fresh SQLite database, with the built web app, on a free loopback port. */
export async function startServer(): Promise<E2eServer> {
  const dbUrl = await createTestDatabaseUrl('sqlite');
  const store = connect(dbUrl);
  await migrateToLatest(store.db);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1', secrets: createSecretBox('e2e-only secrets key, 32+ characters') };
  const app = await buildApp({ deps, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
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
    url, app, api, store,
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

export interface Browser {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile directory of its own. `bypassCSP` lets axe-core be
 * injected with addScriptTag, and lets the XSS test prove that rendering alone keeps markup inert.
 */
export async function launchBrowser(options: { bypassCSP?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'ft-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic',
    ],
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
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
