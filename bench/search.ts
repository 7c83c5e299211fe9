/**
 * Search bench (issue 16 item 4): GET /api/v1/contacts?q= on the scale-s dataset, per dialect — a mix
 * of a surname, a company prefix, a word from notes, a phone fragment and a word no one has, each
 * measured alone and all together (autocannon cycling through them): requests/s, client p50/p99 and
 * server-side p99. Target: p99 < 50 ms at scale 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/http/app.js';
import type { ServiceDeps } from '../src/services/deps.js';
import { connect } from '../src/store/connect.js';
import { startPostgres, type RunningPostgres } from '../test/helpers/postgres.js';
import { generate } from './generate.js';
import { percentile, round } from './stats.js';

type Dialect = 'sqlite' | 'postgres';

export interface SearchBenchOptions {
  scale: number;
  seconds: number;
  connections: number;
  dialects: Dialect[];
  log: (line: string) => void;
}

export interface SearchLoad { requestsPerSecond: number; p50Ms: number; p99Ms: number; serverP99Ms: number; non2xx: number; errors: number }
export interface SearchQueryResult extends SearchLoad { label: string; q: string; hits: number; more: boolean }
export interface SearchDialectResult { dialect: Dialect; contacts: number; generateSeconds: number; queries: SearchQueryResult[]; mix: SearchLoad }
export interface SearchBenchResult { scale: number; seconds: number; connections: number; targetP99Ms: number; dialects: SearchDialectResult[] }

/** Words and numbers bench/generate.ts puts in the data, so each query finds what it says. */
const QUERIES: { label: string; q: string }[] = [
  { label: 'a surname', q: 'Novak' },
  { label: 'a company prefix', q: 'Glob' },
  { label: 'a word from notes', q: 'trade' },
  { label: 'a phone fragment', q: '20 7000 0012' },
  { label: 'a word no one has', q: 'zzyzx' },
];
const TARGET_P99_MS = 50;


async function loadOf(app: FastifyInstance, times: number[], options: autocannon.Options): Promise<SearchLoad> {
  times.length = 0;
  const result = await autocannon({ ...options, workers: 1 });
  return {
    requestsPerSecond: Math.round(result.requests.total / Math.max(result.duration, 0.001)),
    p50Ms: result.latency.p50, p99Ms: result.latency.p99, serverP99Ms: round(percentile(times, 99)),
    non2xx: result.non2xx, errors: result.errors,
  };
}

async function dialectRun(dialect: Dialect, postgres: RunningPostgres | null, options: SearchBenchOptions): Promise<SearchDialectResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-bench-search-'));
  let url = `file:${join(dir, 'bench.db')}`;
  if (dialect === 'postgres') {
    if (!postgres) throw new Error('PostgreSQL is not running');
    const name = `bench_search_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(postgres.url);
    target.pathname = `/${name}`;
    url = target.toString();
  }
  try {
    const dataset = await generate({ databaseUrl: url, scale: options.scale, log: options.log });
    const user = dataset.users[0];
    if (!user) throw new Error('no users generated');
    const store = connect(url);
    const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
    const app = await buildApp({ deps, logger: false });
    const times: number[] = [];
    app.addHook('onResponse', async (_request, reply) => { times.push(reply.elapsedTime); });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const headers = { authorization: `Bearer ${user.token}` };
      const path = (q: string) => `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=20`;
      const common = { url: base, headers, connections: options.connections };
      await autocannon({ ...common, duration: 1, requests: QUERIES.map(({ q }) => ({ method: 'GET' as const, path: path(q) })), workers: 1 });
      const queries: SearchQueryResult[] = [];
      for (const { label, q } of QUERIES) {
        const check = await fetch(`${base}${path(q)}`, { headers });
        if (!check.ok) throw new Error(`search "${q}" answered ${check.status}: ${await check.text()}`);
        const body = (await check.json()) as { items: unknown[]; nextCursor: string | null };
        const load = await loadOf(app, times, { ...common, url: `${base}${path(q)}`, duration: Math.max(1, Math.round(options.seconds / 2)) });
        queries.push({ label, q, hits: body.items.length, more: body.nextCursor !== null, ...load });
        options.log(`    search ${label} "${q}": ${load.requestsPerSecond} req/s, p99 ${load.p99Ms} ms, server p99 ${load.serverP99Ms} ms (${body.items.length}${body.nextCursor ? '+' : ''} hits)`);
      }
      const mix = await loadOf(app, times, { ...common, duration: options.seconds, requests: QUERIES.map(({ q }) => ({ method: 'GET' as const, path: path(q) })) });
      options.log(`    search mix: ${mix.requestsPerSecond} req/s, p50 ${mix.p50Ms} ms, p99 ${mix.p99Ms} ms, server p99 ${mix.serverP99Ms} ms (${mix.non2xx} non-2xx)`);
      return { dialect, contacts: dataset.rows.contacts, generateSeconds: round(dataset.seconds), queries, mix };
    } finally {
      await app.close();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(options: SearchBenchOptions): Promise<SearchBenchResult> {
  let postgres: RunningPostgres | null = null;
  const dialects: SearchDialectResult[] = [];
  try {
    for (const dialect of options.dialects) {
      if (dialect === 'postgres' && !postgres) postgres = await startPostgres();
      options.log(`  ${dialect}: search at scale ${options.scale}`);
      dialects.push(await dialectRun(dialect, postgres, options));
    }
  } finally {
    await postgres?.stop();
  }
  return { scale: options.scale, seconds: options.seconds, connections: options.connections, targetP99Ms: TARGET_P99_MS, dialects };
}

/** The rows bench/report.ts prints for search, beside the other figures. */
export function searchReport(result: SearchBenchResult): string[] {
  const out: string[] = ['', `## search (scale ${result.scale}: GET /api/v1/contacts?q=…&limit=20, ${result.connections} connections)`, ''];
  out.push('| dialect | query | hits | requests/s | p50 / p99 | server p99 | target p99 < 50 ms |', '|---|---|---|---|---|---|---|');
  for (const d of result.dialects) {
    for (const q of d.queries) {
      out.push(`| ${d.dialect} | ${q.label} "${q.q}" | ${q.hits}${q.more ? '+' : ''} | ${q.requestsPerSecond} | ${q.p50Ms} / ${q.p99Ms} ms | ${q.serverP99Ms} ms | ${q.p99Ms < result.targetP99Ms ? 'met' : '**missed**'} |`);
    }
    out.push(`| ${d.dialect} | **the mix** (${d.contacts.toLocaleString('en')} contacts) | | ${d.mix.requestsPerSecond} | ${d.mix.p50Ms} / ${d.mix.p99Ms} ms | ${d.mix.serverP99Ms} ms | ${d.mix.p99Ms < result.targetP99Ms ? 'met' : '**missed**'} |`);
  }
  return out;
}
