import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { createSecretBox } from '../../src/mail/secretBox.js';
import type { ResolveHost, ServiceDeps } from '../../src/services/deps.js';
import { connect, type Store } from '../../src/store/connect.js';
import { createTestDatabaseUrl, dropTestDatabase, type Dialect } from './databases.js';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public nowMs: number = Date.parse('2026-03-02T15:00:00Z')) {}
  now = (): number => this.nowMs;
  set(iso: string): void {
    this.nowMs = Date.parse(iso);
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  deps: ServiceDeps;
  clock: TestClock;
  url: string;
  close(): Promise<void>;
}

/** A migrated database of the dialect and an app over it, injected in-process (no port). */
export const TEST_SECRETS_KEY = 'test-only secrets key, 32+ characters long';

export interface TestAppOptions {
  clock?: TestClock;
  bodyLimit?: number;
  /** Capture the app's JSON log lines (at debug level) instead of discarding them. */
  logStream?: { write(line: string): void };
  /** `null`: a server without SECRETS_KEY. */
  secretsKey?: string | null;
  serverSmtpUrl?: string;
  /**
   * ALLOW_PRIVATE_TARGETS. True by default here, because the tests' mail servers listen on 127.0.0.1;
   * the tests of the rule itself (test/security) turn it off.
   */
  allowPrivateTargets?: boolean;
  /** What host names resolve to (default: the system resolver), e.g. one name that answers differently at save and at connect time. */
  resolveHost?: ResolveHost;
}

export async function startTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const url = await createTestDatabaseUrl(dialect, { migrated: true });
  const store = connect(url);
  const clock = options.clock ?? new TestClock();
  const secretsKey = options.secretsKey === undefined ? TEST_SECRETS_KEY : options.secretsKey;
  const deps: ServiceDeps = {
    store, clock: clock.now, baseUrl: 'http://127.0.0.1:3000', secrets: secretsKey ? createSecretBox(secretsKey) : undefined,
    outbound: { allowPrivate: options.allowPrivateTargets ?? true, resolve: options.resolveHost },
  };
  const app = await buildApp({
    deps, logger: options.logStream ? { level: 'debug', stream: options.logStream } : false, serverSmtpUrl: options.serverSmtpUrl,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  await app.ready();
  return {
    app, store, deps, clock, url,
    async close() {
      await app.close();
      await store.close();
      await dropTestDatabase(url);
    },
  };
}

export interface ApiClient {
  token: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  post<T = unknown>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  patch<T = unknown>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  put<T = unknown>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  delete<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
}

export function client(app: FastifyInstance, token: string): ApiClient {
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({
      method, url,
      headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    const text = response.body;
    const body = (text && /json/.test(String(response.headers['content-type'])) ? JSON.parse(text) : text) as T;
    return { status: response.statusCode, body, headers: response.headers as Record<string, unknown> };
  };
  return {
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body ?? {}),
    put: (path, body) => call('PUT', path, body ?? {}),
    delete: (path) => call('DELETE', path),
  };
}

export interface SetUpWorkspace {
  api: ApiClient;
  userId: string;
  workspaceId: string;
}

export type OwnerOverrides = Partial<{ email: string; timeZone: string; workspace: string }>;

/** First-run setup through the API; returns a client acting as the owner. */
export async function setUpOwner(app: FastifyInstance, overrides: OwnerOverrides = {}): Promise<SetUpWorkspace> {
  const response = await app.inject({
    method: 'POST', url: '/api/v1/setup',
    payload: { email: overrides.email ?? 'owner@example.com', password: 'correct horse battery', name: 'Olivia Owner', workspace: overrides.workspace ?? 'Acme Sales', timeZone: overrides.timeZone ?? 'Europe/London' },
  });
  if (response.statusCode !== 201) throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { token: string; user: { id: string }; workspace: { id: string } };
  return { api: client(app, body.token), userId: body.user.id, workspaceId: body.workspace.id };
}

export interface TestAppWithOwner extends SetUpWorkspace {
  t: TestApp;
}

export interface TestAppWithOwnerOptions extends TestAppOptions {
  owner?: OwnerOverrides;
  /** Where the clock stands when the owner is set up (their account and workspace are created then). */
  at?: string;
}

/**
 * The usual API suite's beforeAll: an app over a fresh database of the dialect, set up through the
 * API by its first owner. End it with `closeAll(t)` in afterAll.
 */
export async function startTestAppWithOwner(dialect: Dialect, options: TestAppWithOwnerOptions = {}): Promise<TestAppWithOwner> {
  const { owner, at, ...appOptions } = options;
  const t = await startTestApp(dialect, appOptions);
  try {
    if (at) t.clock.set(at);
    return { t, ...(await setUpOwner(t.app, owner)) };
  } catch (error) {
    await t.close();
    throw error;
  }
}

let workspaceCount = 0;

/**
 * A new workspace of the owner's and a client acting in it, for a test that must start from an
 * empty workspace (its agenda, its contacts) while the suite shares one app.
 */
export async function newWorkspace(t: TestApp, owner: ApiClient, timeZone = 'Europe/London'): Promise<ApiClient> {
  const created = await owner.post<{ token: string }>('/api/v1/workspaces', { name: `Workspace ${++workspaceCount}`, timeZone });
  if (created.status !== 201) throw new Error(`creating a workspace failed: ${created.status} ${JSON.stringify(created.body)}`);
  return client(t.app, created.body.token);
}
