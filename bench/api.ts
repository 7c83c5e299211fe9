/**
 * API benchmarks (issue 6), on SQLite and on PostgreSQL in one run, on data from bench/generate.ts:
 * - agenda: GET /api/v1/agenda through the real server (buildApp, listening on 127.0.0.1, Bearer
 *   token of one of the 50 users) side by side with a bare Fastify route that runs the same agenda
 *   SQL on the same database: requests/s, p50/p99 at 10 connections, server-side p99 (onResponse);
 * - logging an outcome with a next step through the API: durable transactions/s;
 * - CSV import of 100,000 contacts, side by side with a raw better-sqlite3 insert loop;
 * - growth: agenda p99 at scale s/10 and s.
 * The load generator (autocannon) runs in a worker thread so that it does not share the server's
 * event loop; both still share this machine's cores, as do the database servers.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import pg from 'pg';
import { todayIn } from '../src/core/time.js';
import { buildApp } from '../src/http/app.js';
import type { ServiceDeps } from '../src/services/deps.js';
import { connect, migrateToLatest, parseDatabaseUrl, type Store } from '../src/store/connect.js';
import { readAgenda } from '../src/services/agenda.js';
import { sha256 } from '../src/services/secrets.js';
import { findTokenActor } from '../src/store/accounts.js';
import { newId } from '../src/store/ids.js';
import { startPostgres, type RunningPostgres } from '../test/helpers/postgres.js';
import { generate, type BenchUser, type Dataset } from './generate.js';
import { describeLinearity } from './report.js';
import { serverMemoryUnderAgendaLoad, type ServerMemory } from './serverMemory.js';
import { percentile, round } from './stats.js';

const root = resolve(import.meta.dirname, '..');
type Dialect = 'sqlite' | 'postgres';

export interface ApiBenchOptions {
  scale: number;
  seconds: number;
  connections: number;
  dialects: Dialect[];
  importRows: number;
  /** Rows of the bigger import that shows whether import time grows linearly (0 leaves it out). */
  linearityRows: number;
  log: (line: string) => void;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverP50Ms: number;
  serverP99Ms: number;
  /** CPU of this process per request, run one at a time in-process (inject): what the machine's noise moves least. */
  cpuMsPerRequest?: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface DialectResult {
  dialect: Dialect;
  data: Dataset['rows'] & { users: number; agendaItems: number; generateSeconds: number };
  agenda: { app: LoadResult; uncached: LoadResult; bare: LoadResult; ratio: number; uncachedRatio: number; peakRssMb?: number; server?: ServerMemory | null };
  demoAgenda: { items: number; cached: LoadResult; uncached: LoadResult; ratio: number } | { skipped: string };
  logging: LoadResult & { committedRows: number; durability: string };
  /** SQLite only: the same load with synchronous=normal (the opt-out: commits not synced to disk before the answer). */
  loggingNormal?: LoadResult & { committedRows: number } | undefined;
  /** `rawRowsPerSecond`: the raw loop's mean, measured just before and just after the import. */
  import: { rowsPerSecond: number; rawRowsPerSecond: number; ratio: number; note: string } | { skipped: string };
  growth: {
    smallScale: number; small: Dataset['rows']; smallP99Ms: number; smallServerP99Ms: number; p99Ms: number; serverP99Ms: number; ratio: number; serverRatio: number;
    /** Logging at the small scale, measured right after the agenda's growth (logging at the big scale is `logging`). */
    smallLoggingTxPerSecond?: number; loggingRatio?: number;
    /** Logging at the big scale in the same alternating rounds as the small one (absent in results before 2026-12-07 16:00). */
    bigLoggingTxPerSecond?: number;
  };
}

export interface ApiBenchResult {
  scale: number;
  seconds: number;
  connections: number;
  machine: { cpus: number; loadAverage: number[] };
  rawSqliteInsert: { rows: number; rowsPerSecond: number; insertOnlyRowsPerSecond: number };
  /** One-row SQLite commits in WAL mode, ms each: what synchronous=full adds per commit on this disk. */
  sqliteCommitMs: { normal: number; full: number };
  dialects: DialectResult[];
  /** SQLite: the same import of `rows` and of `bigRows`, one after the other in this run; `ratio` is bigSeconds / seconds. */
  importLinearity?: {
    rows: number; seconds: number; bigRows: number; bigSeconds: number; ratio: number;
    /** The small import's two runs, before and after the big one; `seconds` is their mean. */
    smallRuns: number[];
    /** The raw insert loop over the same two files (it writes no search documents). */
    raw: { seconds: number; bigSeconds: number; ratio: number };
  } | { skipped: string };
}


/** Server-side time of each response (Fastify's reply.elapsedTime: from onRequest to the response sent). */
function recordServerTimes(app: FastifyInstance): { times: number[]; recording: boolean } {
  const state = { times: [] as number[], recording: false };
  app.addHook('onResponse', async (_request, reply) => {
    if (state.recording) state.times.push(reply.elapsedTime);
  });
  return state;
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

interface Target { options: autocannon.Options; server: { times: number[]; recording: boolean } }

/**
 * Loads the targets in alternating rounds (A B A B …, each round seconds/rounds long) after a warm-up
 * of each, so that a burst of load from elsewhere on this shared machine falls on all of them alike.
 * Requests/s is over all rounds; client p50/p99 is the mean over rounds; server-side percentiles are
 * over every response.
 */
async function loadSideBySide(targets: Target[], seconds: number, rounds = 4, warmupSeconds = 2): Promise<LoadResult[]> {
  for (const t of targets) await autocannon({ ...t.options, duration: warmupSeconds, workers: 1 });
  const totals = targets.map(() => ({ requests: 0, p50: [] as number[], p99: [] as number[], errors: 0, non2xx: 0 }));
  for (const t of targets) t.server.times.length = 0;
  const slice = Math.max(1, Math.round(seconds / rounds));
  for (let round = 0; round < rounds; round++) {
    for (const [i, t] of targets.entries()) {
      t.server.recording = true;
      const result = await autocannon({ ...t.options, duration: slice, workers: 1 });
      t.server.recording = false;
      const total = totals[i];
      if (!total) continue;
      total.requests += result.requests.total;
      total.p50.push(result.latency.p50);
      total.p99.push(result.latency.p99);
      total.errors += result.errors + result.timeouts;
      total.non2xx += result.non2xx;
    }
  }
  const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 1);
  return targets.map((t, i) => {
    const total = totals[i] ?? { requests: 0, p50: [], p99: [], errors: 0, non2xx: 0 };
    const times = t.server.times;
    return {
      requestsPerSecond: round(total.requests / (slice * rounds), 1),
      p50Ms: mean(total.p50),
      p99Ms: mean(total.p99),
      serverP50Ms: round(percentile(times, 50), 3),
      serverP99Ms: round(percentile(times, 99), 3),
      requests: total.requests,
      errors: total.errors,
      non2xx: total.non2xx,
    };
  });
}

async function load(options: autocannon.Options, server: { times: number[]; recording: boolean }, warmupSeconds = 2): Promise<LoadResult> {
  const [result] = await loadSideBySide([{ options, server }], options.duration as number, 1, warmupSeconds);
  if (!result) throw new Error('no load result');
  return result;
}

/**
 * The ceiling: an agenda's reads (services/agenda.ts readAgenda, the function agendaFor reads
 * through) after the token's lookup, on the same database, served as they come: no plugins, no
 * openers or checklists, no response schema. Until 2026-12-07 it ran only the first three of the
 * agenda's queries, so the agenda computed afresh was compared with less than half of its own SQL.
 */
async function bareAgendaServer(store: Store, user: BenchUser): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false });
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
  const tokenHash = sha256(user.token);
  bare.get('/agenda', async () => {
    const actor = await findTokenActor(store.db, tokenHash);
    if (!actor) throw new Error('the bench token is not known');
    const now = Date.now();
    const reads = await readAgenda(deps, actor, todayIn(now, actor.user.timeZone), now);
    return {
      overdue: reads.overdue, today: reads.today, contacts: [...reads.contacts.values()], last: [...reads.last.values()],
      conversations: [...reads.conversations.values()], playbooks: [...reads.playbooks.values()], tasks: reads.tasks,
      budgets: [...reads.budgets.values()], cancellations: reads.cancellations,
    };
  });
  return bare;
}

interface Database { url: string; drop(): Promise<void> }

async function freshDatabase(dialect: Dialect, postgres: RunningPostgres | null): Promise<Database> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ft-bench-'));
    return { url: `file:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!postgres) throw new Error('PostgreSQL is not running');
  const name = `bench_${newId().replace(/-/g, '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * test/helpers/postgres.ts runs PostgreSQL with fsync and synchronous_commit off (fast throwaway test
 * clusters); a benchmark of durable transactions needs them on, so they are switched back here.
 */
async function startDurablePostgres(): Promise<{ server: RunningPostgres; settings: string }> {
  const server = await startPostgres();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query('ALTER SYSTEM SET fsync = on');
  await client.query('ALTER SYSTEM SET synchronous_commit = on');
  await client.query('ALTER SYSTEM SET full_page_writes = on');
  await client.query('SELECT pg_reload_conf()');
  await new Promise((r) => setTimeout(r, 500));
  const shown: string[] = [];
  for (const name of ['fsync', 'synchronous_commit', 'full_page_writes', 'server_version']) {
    const { rows } = await client.query<Record<string, string>>(`SHOW ${name}`);
    shown.push(`${name}=${rows[0]?.[name] ?? '?'}`);
  }
  await client.end();
  return { server, settings: shown.join(', ') };
}

/** One request at a time through inject, after a warm-up: CPU milliseconds of this process per request. */
async function cpuPerRequest(app: FastifyInstance, requests: InjectOptions[], count = 300): Promise<number> {
  // Taken in turn, as the load takes them: logging 230 touches on one contact measured that contact's history, not a log.
  const nth = (i: number): InjectOptions => requests[i % requests.length] as InjectOptions;
  for (let i = 0; i < 30; i++) await app.inject(nth(i));
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const sent = nth(30 + i);
    const response = await app.inject(sent);
    if (response.statusCode >= 300) throw new Error(`${sent.url} answered ${response.statusCode}: ${response.body}`);
  }
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1000 / count, 3);
}

interface AgendaServers { app: Target; uncached: Target | null; bare: Target | null; items: number; cpu(): Promise<{ app: number; uncached: number | null; bare: number | null }>; close(): Promise<void> }

/** The real server (and, when asked, the bare route) on one database, listening, checked to answer. */
async function agendaServers(url: string, dataset: Dataset, user: BenchUser, options: ApiBenchOptions, withBare: boolean): Promise<AgendaServers> {
  const store = connect(url);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
  const app = await buildApp({ deps, logger: false });
  const appTimes = recordServerTimes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The same server keeping nothing: every agenda computed afresh, as before the agenda was kept.
  const uncached = withBare ? await buildApp({ deps, logger: false, keepAgendas: false }) : null;
  const uncachedTimes = uncached ? recordServerTimes(uncached) : null;
  await uncached?.listen({ port: 0, host: '127.0.0.1' });
  const bare = withBare ? await bareAgendaServer(store, user) : null;
  const bareTimes = bare ? recordServerTimes(bare) : null;
  await bare?.listen({ port: 0, host: '127.0.0.1' });
  const close = async () => {
    await bare?.close();
    await uncached?.close();
    await app.close();
    await store.close();
  };
  try {
    const check = await fetch(`${urlOf(app)}/api/v1/agenda`, { headers: { authorization: `Bearer ${user.token}` } });
    if (!check.ok) throw new Error(`agenda answered ${check.status}: ${await check.text()}`);
    const body = (await check.json()) as { overdue: unknown[]; today: unknown[] };
    const common = { connections: options.connections, duration: options.seconds };
    const authorization = { authorization: `Bearer ${user.token}` };
    return {
      app: { options: { ...common, url: `${urlOf(app)}/api/v1/agenda`, headers: authorization }, server: appTimes },
      uncached: uncached && uncachedTimes ? { options: { ...common, url: `${urlOf(uncached)}/api/v1/agenda`, headers: authorization }, server: uncachedTimes } : null,
      bare: bare && bareTimes ? { options: { ...common, url: `${urlOf(bare)}/agenda` }, server: bareTimes } : null,
      items: body.overdue.length + body.today.length,
      cpu: async () => ({
        app: await cpuPerRequest(app, [{ method: 'GET', url: '/api/v1/agenda', headers: authorization }]),
        uncached: uncached ? await cpuPerRequest(uncached, [{ method: 'GET', url: '/api/v1/agenda', headers: authorization }]) : null,
        bare: bare ? await cpuPerRequest(bare, [{ method: 'GET', url: '/agenda' }]) : null,
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The app and the bare route on the same database, side by side. */
/**
 * The largest resident set of this process while the agenda is under load. The servers run in the
 * bench's own process, beside the load generator's worker and the dataset's ids, so it is an upper
 * bound for a server alone.
 */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 100);
  try {
    const result = await work();
    return { result, peakRssMb: round(Math.max(peak, process.memoryUsage.rss()) / 1_048_576, 1) };
  } finally {
    clearInterval(timer);
  }
}

async function agendaLoad(url: string, dataset: Dataset, user: BenchUser, options: ApiBenchOptions): Promise<{ app: LoadResult; uncached: LoadResult; bare: LoadResult; items: number; peakRssMb: number }> {
  const servers = await agendaServers(url, dataset, user, options, true);
  try {
    if (!servers.bare || !servers.uncached) throw new Error('no bare route');
    const { result: loads, peakRssMb } = await peakRssDuring(() => loadSideBySide([servers.bare as Target, servers.uncached as Target, servers.app], options.seconds));
    const [bare, uncached, app] = loads;
    if (!bare || !uncached || !app) throw new Error('no load result');
    const cpu = await servers.cpu();
    app.cpuMsPerRequest = cpu.app;
    uncached.cpuMsPerRequest = cpu.uncached ?? undefined;
    bare.cpuMsPerRequest = cpu.bare ?? undefined;
    return { app, uncached, bare, items: servers.items, peakRssMb };
  } finally {
    await servers.close();
  }
}

/**
 * The demo's agenda (2,000 contacts seeded as the demo does, one user's day: about 165 items), kept
 * and computed afresh, side by side.
 */
async function demoAgendaLoad(dialect: Dialect, postgres: RunningPostgres | null, options: ApiBenchOptions): Promise<DialectResult['demoAgenda']> {
  const target = await freshDatabase(dialect, postgres);
  const store = connect(target.url);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
  const cached = await buildApp({ deps, logger: false });
  const uncached = await buildApp({ deps, logger: false, keepAgendas: false });
  const cachedTimes = recordServerTimes(cached);
  const uncachedTimes = recordServerTimes(uncached);
  try {
    await migrateToLatest(store.db);
    const setup = await cached.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'bench@example.com', password: 'correct horse battery', name: 'Bench Owner', workspace: 'Bench', timeZone: 'Europe/London' } });
    if (setup.statusCode !== 201) return { skipped: `setup answered ${setup.statusCode}` };
    const token = (setup.json() as { token: string }).token;
    const authorization = { authorization: `Bearer ${token}` };
    const demo = await cached.inject({ method: 'POST', url: '/api/v1/demo', headers: { ...authorization, 'content-type': 'application/json' }, payload: { contacts: 2000 } });
    if (demo.statusCode !== 201) return { skipped: `demo answered ${demo.statusCode}: ${demo.body}` };
    const agenda = (await cached.inject({ method: 'GET', url: '/api/v1/agenda', headers: authorization })).json() as { overdue: unknown[]; today: unknown[] };
    await cached.listen({ port: 0, host: '127.0.0.1' });
    await uncached.listen({ port: 0, host: '127.0.0.1' });
    const common = { connections: options.connections, duration: options.seconds, headers: authorization };
    const [afresh, kept] = await loadSideBySide([
      { options: { ...common, url: `${urlOf(uncached)}/api/v1/agenda` }, server: uncachedTimes },
      { options: { ...common, url: `${urlOf(cached)}/api/v1/agenda` }, server: cachedTimes },
    ], options.seconds);
    if (!afresh || !kept) throw new Error('no load result');
    return { items: agenda.overdue.length + agenda.today.length, cached: kept, uncached: afresh, ratio: round(kept.requestsPerSecond / Math.max(afresh.requestsPerSecond, 0.1), 1) };
  } finally {
    await uncached.close();
    await cached.close();
    await store.close();
    await target.drop();
  }
}

interface LoggingServer { target: Target; app: FastifyInstance; requests: { path: string; headers: Record<string, string>; body: string }[]; committed(): Promise<number>; close(): Promise<void> }

/** Logging a call with an agreed next step, for each of (up to) `contacts` of the user's contacts in turn. */
export function loggingRequests(user: BenchUser, contacts: number): Array<{ method: 'POST'; path: string; headers: Record<string, string>; body: string }> {
  const nextDate = todayIn(Date.now() + 30 * 86_400_000, user.timeZone);
  return user.contactIds.slice(0, contacts).map((contactId) => ({
    method: 'POST' as const,
    path: '/api/v1/interactions',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
    body: JSON.stringify({
      contactId, channel: 'call', result: 'connected', notes: 'Benchmark call: walked through pricing.',
      outcome: { type: 'next-step', next: { due: { date: nextDate }, channel: 'call', agenda: 'the revised quote' } },
    }),
  }));
}

/** The real server on one database, listening, with the log requests of (up to) 500 of the user's contacts in turn. */
async function loggingServer(url: string, user: BenchUser, options: ApiBenchOptions, contacts = 500): Promise<LoggingServer> {
  const store = connect(url);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
  const app = await buildApp({ deps, logger: false });
  const times = recordServerTimes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const requests = loggingRequests(user, contacts);
  return {
    target: { options: { url: urlOf(app), connections: options.connections, duration: options.seconds, requests }, server: times },
    app,
    requests,
    committed: async () => Number((await store.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

async function loggingLoad(url: string, user: BenchUser, options: ApiBenchOptions): Promise<LoadResult & { committedRows: number }> {
  const server = await loggingServer(url, user, options);
  try {
    const before = await server.committed();
    const result = await load(server.target.options, server.target.server, 1);
    const committedRows = (await server.committed()) - before;
    result.cpuMsPerRequest = await cpuPerRequest(server.app, server.requests.map((r) => ({ method: 'POST', url: r.path, headers: r.headers, payload: r.body })), 200);
    return { ...result, committedRows };
  } finally {
    await server.close();
  }
}

/**
 * Logging at both scales in alternating rounds, so both sit in the same stretch of machine noise (as the
 * agenda's growth is), each over as many contacts: a user at the small scale owns fewer, and cycling
 * over fewer gives each more touches and open follow-ups — a different load, not a bigger database.
 */
async function loggingSideBySide(smallUrl: string, smallUser: BenchUser, bigUrl: string, bigUser: BenchUser, options: ApiBenchOptions): Promise<[LoadResult, LoadResult]> {
  const contacts = Math.min(500, smallUser.contactIds.length, bigUser.contactIds.length);
  const small = await loggingServer(smallUrl, smallUser, options, contacts);
  const big = await loggingServer(bigUrl, bigUser, options, contacts).catch(async (error: unknown) => {
    await small.close();
    throw error;
  });
  try {
    const [smallResult, bigResult] = await loadSideBySide([small.target, big.target], options.seconds, 4, 1);
    if (!smallResult || !bigResult) throw new Error('no load result');
    return [smallResult, bigResult];
  } finally {
    await small.close();
    await big.close();
  }
}

const CSV_HEADER = 'name,email,phone,company,title,time_zone';

export function writeContactsCsv(path: string, rows: number): void {
  const lines = [CSV_HEADER];
  const zones = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Europe/Paris'];
  for (let i = 0; i < rows; i++) {
    lines.push(`"Imported Person ${i}",imported.${i}@example.org,+1 555 ${String(i).padStart(7, '0')},"Company ${i % 997}, Ltd",Buyer,${zones[i % zones.length]}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** What a commit survives with the sync setting the app reads from this URL (its default when the URL names none). */
function sqliteDurability(url: string): string {
  const parsed = parseDatabaseUrl(url);
  return parsed.dialect !== 'sqlite' || parsed.synchronous === 'full'
    ? 'SQLite WAL, synchronous=FULL (the app\'s setting for this URL): every commit is synced to disk before the response, so it survives a power cut'
    : 'SQLite WAL, synchronous=NORMAL (the app\'s setting for this URL): a commit survives a crash of the app or the OS process; a power loss may undo the last transactions, never corrupt the file';
}

/** The bare cost of a one-row commit with each synchronous setting, in the bench's own temp folder. */
function sqliteCommitMs(folder: string): { normal: number; full: number } {
  const measure = (synchronous: 'NORMAL' | 'FULL'): number => {
    const database = new SQLite(join(folder, `commit-${synchronous}.db`));
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${synchronous}`);
    database.exec('CREATE TABLE t (n INTEGER)');
    const insert = database.prepare('INSERT INTO t (n) VALUES (?)');
    const commit = database.transaction((n: number) => insert.run(n));
    const started = performance.now();
    for (let i = 0; i < 300; i++) commit(i);
    const ms = (performance.now() - started) / 300;
    database.close();
    return round(ms, 3);
  };
  return { normal: measure('NORMAL'), full: measure('FULL') };
}

/**
 * The ceiling for import: parse the same CSV with csv-parse and insert each row with one prepared
 * statement, its commits as durable as the app's (synchronous=FULL, the app's default).
 */
function rawSqliteInsert(csvPath: string, workspaceId: string, ownerId: string, dbPath: string): { rows: number; seconds: number; insertSeconds: number } {
  const database = new SQLite(dbPath);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  const started = performance.now();
  const records = parse(readFileSync(csvPath), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const insertStarted = performance.now();
  const insert = database.prepare(`INSERT INTO contacts (id, workspace_id, owner_id, name, name_search, email, phone, company, title, time_zone, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const nowIso = new Date().toISOString();
  const insertAll = database.transaction((batch: Array<Record<string, string>>) => {
    for (const r of batch) {
      const name = r.name ?? '';
      insert.run(newId(), workspaceId, ownerId, name, [name, r.company ?? '', r.email ?? ''].join(' ').toLowerCase(), r.email ?? null, r.phone ?? null, r.company ?? null, r.title ?? null, r.time_zone ?? 'UTC', nowIso, nowIso);
    }
  });
  for (let i = 0; i < records.length; i += 1_000) insertAll(records.slice(i, i + 1_000));
  const ended = performance.now();
  database.close();
  return { rows: records.length, seconds: (ended - started) / 1000, insertSeconds: (ended - insertStarted) / 1000 };
}

const IMPORT_SERVICE = join(root, 'src', 'services', 'importContacts.ts');

/**
 * The app's import (src/services/importContacts.ts) of the CSV into a fresh workspace of the dialect,
 * skip-duplicates policy, default batch size. Loaded only when it exists (it is being built alongside).
 */
/** The raw loop into a fresh, migrated SQLite database of its own. */
async function measureRawLoop(csvPath: string): Promise<{ rows: number; seconds: number; insertSeconds: number }> {
  const target = await freshDatabase('sqlite', null);
  try {
    const data = await generate({ databaseUrl: target.url, scale: 0, users: 1 });
    return rawSqliteInsert(csvPath, data.workspaceId, data.users[0]?.id ?? '', target.url.slice('file:'.length));
  } finally {
    await target.drop();
  }
}

/**
 * The import's ratio to the raw loop, the loop measured just before and just after it: one measure of the
 * loop at the start of a run, minutes away, moved the ratio by half (13,811 rows/s in one run, 20,857 in another).
 */
async function importSideBySide(dialect: Dialect, postgres: RunningPostgres | null, csvPath: string): Promise<DialectResult['import']> {
  const before = await measureRawLoop(csvPath);
  const measured = await importLoad(dialect, postgres, csvPath);
  const after = await measureRawLoop(csvPath);
  if ('skipped' in measured) return measured;
  const rawRowsPerSecond = Math.round((before.rows / before.seconds + after.rows / after.seconds) / 2);
  return {
    rowsPerSecond: measured.rowsPerSecond, rawRowsPerSecond, ratio: round(measured.rowsPerSecond / rawRowsPerSecond, 3),
    note: `${measured.note}; raw loop ${Math.round(before.rows / before.seconds)} rows/s before it, ${Math.round(after.rows / after.seconds)} after`,
  };
}

async function importLoad(dialect: Dialect, postgres: RunningPostgres | null, csvPath: string): Promise<{ rowsPerSecond: number; seconds: number; processed: number; note: string } | { skipped: string }> {
  if (!existsSync(IMPORT_SERVICE)) return { skipped: 'src/services/importContacts.ts does not exist yet: the import line is skipped (the raw better-sqlite3 ceiling is still measured)' };
  const { importContacts } = await import('../src/services/importContacts.js');
  const { localActor } = await import('../src/services/accounts.js');
  const target = await freshDatabase(dialect, postgres);
  try {
    const data = await generate({ databaseUrl: target.url, scale: 0, users: 1 });
    const store = connect(target.url);
    try {
      const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
      const actor = await localActor(deps, data.users[0]?.email);
      const started = performance.now();
      const record = await importContacts(deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: 'bench.csv' }, () => createReadStream(csvPath));
      const seconds = (performance.now() - started) / 1000;
      if (record.state !== 'done') throw new Error(`import ended ${record.state}: ${record.error ?? ''}`);
      const rowsPerSecond = Math.round(record.processed / seconds);
      return { rowsPerSecond, seconds, processed: record.processed, note: `${record.imported} imported, ${record.skipped} skipped, ${record.rejected} rejected of ${record.processed} rows in ${round(seconds, 1)} s, their search documents included` };
    } finally {
      await store.close();
    }
  } finally {
    await target.drop();
  }
}

/**
 * Whether import time grows linearly: the app's import of the bench's CSV and of one `bigRows` long,
 * each into a fresh SQLite database (the small one just before and just after the big one, their mean
 * taken), beside the raw loop over the same two files: what the storage itself does as it grows.
 * Issue 14 asks for ≤ ×11 at 10× the rows.
 */
async function importLinearity(folder: string, csvPath: string, bigRows: number, log: (line: string) => void): Promise<NonNullable<ApiBenchResult['importLinearity']>> {
  if (bigRows <= 0) return { skipped: 'left out (--linearity-rows 0)' };
  const bigCsv = join(folder, 'contacts-big.csv');
  writeContactsCsv(bigCsv, bigRows);
  try {
    const before = await importLoad('sqlite', null, csvPath);
    if ('skipped' in before) return before;
    log(`  import linearity: ${before.processed.toLocaleString('en')} rows in ${round(before.seconds, 1)} s; now ${bigRows.toLocaleString('en')} rows`);
    const big = await importLoad('sqlite', null, bigCsv);
    if ('skipped' in big) return big;
    const after = await importLoad('sqlite', null, csvPath);
    if ('skipped' in after) return after;
    const rawSmall = await measureRawLoop(csvPath);
    const rawBig = await measureRawLoop(bigCsv);
    const seconds = (before.seconds + after.seconds) / 2;
    return {
      rows: before.processed, seconds: round(seconds, 1), bigRows: big.processed, bigSeconds: round(big.seconds, 1), ratio: round(big.seconds / seconds),
      smallRuns: [round(before.seconds, 1), round(after.seconds, 1)],
      raw: { seconds: round(rawSmall.seconds, 1), bigSeconds: round(rawBig.seconds, 1), ratio: round(rawBig.seconds / rawSmall.seconds) },
    };
  } finally {
    rmSync(bigCsv, { force: true });
  }
}

const describeImport = (r: DialectResult['import']): string => ('skipped' in r ? r.skipped : `${r.rowsPerSecond} rows/s (${Math.round(r.ratio * 1000) / 10}% of the raw loop; ${r.note})`);

export async function run(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const log = options.log;
  const { cpus, loadavg } = await import('node:os');
  const work = mkdtempSync(join(tmpdir(), 'ft-bench-csv-'));
  let postgres: RunningPostgres | null = null;
  let postgresSettings = '';
  const results: DialectResult[] = [];
  let raw = { rows: 0, seconds: 1, insertSeconds: 1 };
  let commitMs = { normal: 0, full: 0 };
  let linearity: ApiBenchResult['importLinearity'];
  try {
    const csvPath = join(work, 'contacts.csv');
    writeContactsCsv(csvPath, options.importRows);
    {
      raw = await measureRawLoop(csvPath);
      log(`  raw better-sqlite3 insert loop: ${Math.round(raw.rows / raw.seconds)} rows/s (csv-parse + insert of ${raw.rows} rows; insert alone ${Math.round(raw.rows / raw.insertSeconds)} rows/s)`);
    }
    commitMs = sqliteCommitMs(work);
    log(`  a one-row SQLite commit: ${commitMs.normal} ms with synchronous=normal, ${commitMs.full} ms with synchronous=full`);
    if (options.dialects.includes('postgres')) {
      const started = await startDurablePostgres();
      postgres = started.server;
      postgresSettings = started.settings;
      log(`  PostgreSQL started: ${postgresSettings}`);
    }
    for (const dialect of options.dialects) {
      log(`  ${dialect}: generating scale ${options.scale}`);
      const main = await freshDatabase(dialect, postgres);
      const small = await freshDatabase(dialect, postgres);
      try {
        const dataset = await generate({ databaseUrl: main.url, scale: options.scale, log });
        const user = dataset.users[7] ?? dataset.users[0];
        if (!user) throw new Error('no users generated');
        log(`    generated in ${dataset.seconds.toFixed(1)} s`);

        const agenda = await agendaLoad(main.url, dataset, user, options);
        const bare = agenda.bare;
        log(`    agenda: kept ${agenda.app.requestsPerSecond} req/s (p50 ${agenda.app.p50Ms} ms, p99 ${agenda.app.p99Ms} ms, server p99 ${agenda.app.serverP99Ms} ms); computed afresh ${agenda.uncached.requestsPerSecond} req/s (server p99 ${agenda.uncached.serverP99Ms} ms); bare ${bare.requestsPerSecond} req/s (p99 ${bare.p99Ms} ms, server p99 ${bare.serverP99Ms} ms); ${agenda.items} items`);

        const server = await serverMemoryUnderAgendaLoad(main.url, dataset.users.map((u) => u.token), options.seconds, options.connections);
        log(`    server memory under agenda load (followthrough serve in its own process, ${dataset.users.length} users' agendas): ${server ? `${server.idleRssMb} MB idle, peak ${server.peakRssMb} MB at ${server.requestsPerSecond} req/s (${server.non2xx} non-2xx)` : 'not measurable here (no /proc)'}`);

        const demoAgenda = await demoAgendaLoad(dialect, postgres, options);
        log(`    demo agenda: ${'skipped' in demoAgenda ? demoAgenda.skipped : `${demoAgenda.items} items: kept ${demoAgenda.cached.requestsPerSecond} req/s vs afresh ${demoAgenda.uncached.requestsPerSecond} req/s (×${demoAgenda.ratio})`}`);

        const logging = await loggingLoad(main.url, user, options);
        log(`    logging: ${logging.requestsPerSecond} tx/s (p99 ${logging.p99Ms} ms; ${logging.committedRows} interactions committed, ${logging.non2xx} non-2xx)`);
        const loggingNormal = dialect === 'sqlite' ? await loggingLoad(`${main.url}?synchronous=normal`, user, options) : undefined;
        if (loggingNormal) log(`    logging, synchronous=normal: ${loggingNormal.requestsPerSecond} tx/s (p99 ${loggingNormal.p99Ms} ms; ${loggingNormal.committedRows} committed)`);

        const importResult = await importSideBySide(dialect, postgres, csvPath);
        log(`    import: ${describeImport(importResult)}`);

        log(`  ${dialect}: generating scale ${options.scale / 10} for growth`);
        const smallData = await generate({ databaseUrl: small.url, scale: options.scale / 10 });
        const smallUser = smallData.users[7] ?? smallData.users[0];
        if (!smallUser) throw new Error('no users generated');
        // Both sizes served at once and loaded in alternating rounds, so both sit in the same stretch of machine noise.
        const smallServers = await agendaServers(small.url, smallData, smallUser, options, false);
        const bigServers = await agendaServers(main.url, dataset, user, options, false).catch(async (error: unknown) => {
          await smallServers.close();
          throw error;
        });
        let smallAgenda: { app: LoadResult };
        let bigAgenda: { app: LoadResult };
        try {
          const [smallResult, bigResult] = await loadSideBySide([smallServers.app, bigServers.app], options.seconds);
          if (!smallResult || !bigResult) throw new Error('no load result');
          smallAgenda = { app: smallResult };
          bigAgenda = { app: bigResult };
        } finally {
          await smallServers.close();
          await bigServers.close();
        }
        log(`    growth: p99 ${smallAgenda.app.p99Ms} ms at scale ${options.scale / 10} → ${bigAgenda.app.p99Ms} ms at scale ${options.scale} (server p99 ${smallAgenda.app.serverP99Ms} → ${bigAgenda.app.serverP99Ms} ms)`);
        const [smallLogging, bigLogging] = await loggingSideBySide(small.url, smallUser, main.url, user, options);
        log(`    growth: logging ${smallLogging.requestsPerSecond} tx/s at scale ${options.scale / 10} → ${bigLogging.requestsPerSecond} tx/s at scale ${options.scale}, in alternating rounds`);

        results.push({
          dialect,
          data: { ...dataset.rows, users: dataset.users.length, agendaItems: agenda.items, generateSeconds: round(dataset.seconds, 1) },
          agenda: {
            app: agenda.app, uncached: agenda.uncached, bare, peakRssMb: agenda.peakRssMb, server,
            ratio: round(agenda.app.requestsPerSecond / bare.requestsPerSecond, 3), uncachedRatio: round(agenda.uncached.requestsPerSecond / bare.requestsPerSecond, 3),
          },
          demoAgenda,
          logging: {
            ...logging,
            durability: dialect === 'sqlite' ? sqliteDurability(main.url) : `PostgreSQL ${postgresSettings}: every commit is fsynced before the response`,
          },
          loggingNormal,
          import: importResult,
          growth: {
            smallScale: options.scale / 10, small: smallData.rows,
            smallP99Ms: smallAgenda.app.p99Ms, smallServerP99Ms: smallAgenda.app.serverP99Ms,
            p99Ms: bigAgenda.app.p99Ms, serverP99Ms: bigAgenda.app.serverP99Ms,
            ratio: round(bigAgenda.app.p99Ms / Math.max(smallAgenda.app.p99Ms, 0.001)),
            serverRatio: round(bigAgenda.app.serverP99Ms / Math.max(smallAgenda.app.serverP99Ms, 0.001)),
            smallLoggingTxPerSecond: smallLogging.requestsPerSecond, bigLoggingTxPerSecond: bigLogging.requestsPerSecond,
            loggingRatio: round(smallLogging.requestsPerSecond / Math.max(bigLogging.requestsPerSecond, 0.1)),
          },
        });
      } finally {
        await main.drop();
        await small.drop();
      }
    }
    if (options.dialects.includes('sqlite')) {
      linearity = await importLinearity(work, csvPath, options.linearityRows, log);
      log(`  ${describeLinearity(linearity)}`);
    }
  } finally {
    await postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return {
    scale: options.scale,
    seconds: options.seconds,
    connections: options.connections,
    machine: { cpus: cpus().length, loadAverage: loadavg().map((n) => round(n)) },
    sqliteCommitMs: commitMs,
    rawSqliteInsert: { rows: raw.rows, rowsPerSecond: Math.round(raw.rows / raw.seconds), insertOnlyRowsPerSecond: Math.round(raw.rows / raw.insertSeconds) },
    dialects: results,
    importLinearity: linearity,
  };
}
