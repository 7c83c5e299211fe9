/**
 * `npm run bench:ab -- --base REV` (`--help` lists the options): the code at REV and this working
 * tree, side by side in one process, in alternating rounds, on copies of one database — what tells a
 * change from the machine's own swings, which on a shared 2-core machine are larger than most changes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { loggingRequests, writeContactsCsv } from './api.js';
import { generate, type BenchUser } from './generate.js';
import { percentile, round } from './stats.js';
import { readCommandLine, type BenchOption } from './commandLine.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const MEASURES = ['logging', 'import'] as const;
type Measure = (typeof MEASURES)[number];
const OPTIONS: BenchOption[] = [
  ['base', 'REV', 'the commit to compare this working tree with (required): a hash, a tag, HEAD~3'],
  ['measure', 'LIST', `what to compare, comma-separated: ${MEASURES.join(', ')} (default both)`],
  ['rounds', 'N', 'rounds per side, taken in turn (default 4)'],
  ['seconds', 'N', 'how long each logging round runs (default 5)'],
  ['scale', 'N', 'bench data size for logging: 1 is 100,000 contacts (default 0.1)'],
  ['import-rows', 'N', 'rows of each import round (default 50000)'],
];
const { flag, numberFlag, stop } = readCommandLine(args, {
  name: 'bench:ab',
  about: [
    'npm run bench:ab -- --base REV [options]',
    '',
    'Measures the code at REV and this working tree side by side in one process, in alternating rounds:',
    'logging an outcome with a next step over HTTP (10 connections, the load in a worker thread, each side',
    'on its own copy of one SQLite database) and the CSV import of contacts into fresh databases. REV is',
    'checked out into a temporary git worktree, removed afterwards. Measure on a quiet machine.',
  ],
  options: OPTIONS,
  positional: false,
});
const baseFlag = flag('base') ?? stop('--base is needed: the commit to compare this working tree with.');
const measured = (flag('measure') ?? MEASURES.join(',')).split(',').map((m) => m.trim());
const measures = measured.filter((m): m is Measure => (MEASURES as readonly string[]).includes(m));
if (measures.length === 0 || measures.length < measured.length) stop(`--measure must name ${MEASURES.join(', ')} or both, comma-separated (given: "${measured.join(',')}")`);
const rounds = numberFlag('rounds', 4, 1);
const seconds = numberFlag('seconds', 5, 1);
const scale = numberFlag('scale', 0.1, 0.001);
const importRows = numberFlag('import-rows', 50_000, 1);

const baseCommit = ((): string => {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${baseFlag}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return stop(`--base: "${baseFlag}" is not a commit of this repository.`);
  }
})();

/** What each side's code is asked for: the entry points the app has had since the import work. */
interface Side {
  name: string;
  root: string;
  connect(url: string): { close(): Promise<void> };
  buildApp(options: object): Promise<FastifyInstance>;
  importContacts(deps: object, actor: object, options: object, open: () => NodeJS.ReadableStream): Promise<{ state: string; processed: number }>;
  localActor(deps: object, email: string | undefined): Promise<object>;
}

async function side(name: string, tree: string): Promise<Side> {
  const load = async (path: string): Promise<Record<string, unknown>> => (await import(join(tree, path))) as Record<string, unknown>;
  const [connect, app, imports, accounts] = await Promise.all([
    load('src/store/connect.ts'), load('src/http/app.ts'), load('src/services/importContacts.ts'), load('src/services/accounts.ts'),
  ]);
  return { name, root: tree, connect: connect.connect, buildApp: app.buildApp, importContacts: imports.importContacts, localActor: accounts.localActor } as Side;
}

const median = (values: number[]): number => percentile(values, 50);

async function compareLogging(sides: Side[], work: string): Promise<void> {
  const baseDb = join(work, 'logging.db');
  console.log(`logging: generating scale ${scale}…`);
  const data = await generate({ databaseUrl: `file:${baseDb}`, scale, users: 5 });
  const user = data.users[0] as BenchUser;
  const requests = loggingRequests(user, 500);
  const servers = await Promise.all(sides.map(async (s) => {
    const file = join(work, `logging-${s.name}.db`);
    copyFileSync(baseDb, file);
    const store = s.connect(`file:${file}`);
    const app = await s.buildApp({ deps: { store, clock: Date.now, baseUrl: 'http://127.0.0.1' }, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { side: s, url, rates: [] as number[], close: async () => { await app.close(); await store.close(); } };
  }));
  try {
    for (const server of servers) await autocannon({ url: server.url, connections: 10, duration: 1, workers: 1, requests });
    for (let r = 0; r < rounds; r++) {
      for (const server of r % 2 ? [...servers].reverse() : servers) {
        const result = await autocannon({ url: server.url, connections: 10, duration: seconds, workers: 1, requests });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${server.side.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        server.rates.push(round(result.requests.average, 1));
        console.log(`  round ${r + 1}, ${server.side.name}: ${round(result.requests.average, 1)} tx/s (p99 ${result.latency.p99} ms)`);
      }
    }
  } finally {
    for (const server of servers) await server.close();
  }
  report('logging, tx/s', servers.map((s) => ({ name: s.side.name, values: s.rates })));
}

async function compareImport(sides: Side[], work: string): Promise<void> {
  const csv = join(work, 'contacts.csv');
  writeContactsCsv(csv, importRows);
  // One empty workspace, migrated once; each round imports into a fresh copy of it.
  const empty = join(work, 'import-empty.db');
  const data = await generate({ databaseUrl: `file:${empty}`, scale: 0, users: 1 });
  const rates = new Map(sides.map((s) => [s.name, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 ? [...sides].reverse() : sides) {
      const file = join(work, `import-${s.name}-${r}.db`);
      copyFileSync(empty, file);
      const store = s.connect(`file:${file}`);
      try {
        const deps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
        const actor = await s.localActor(deps, data.users[0]?.email);
        const started = performance.now();
        const record = await s.importContacts(deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: 'bench.csv' }, () => createReadStream(csv));
        if (record.state !== 'done') throw new Error(`${s.name}: the import ended ${record.state}`);
        const rate = Math.round(record.processed / ((performance.now() - started) / 1000));
        rates.get(s.name)?.push(rate);
        console.log(`  round ${r + 1}, ${s.name}: ${rate} rows/s`);
      } finally {
        await store.close();
        rmSync(file, { force: true });
      }
    }
  }
  report(`import of ${importRows} rows, rows/s`, sides.map((s) => ({ name: s.name, values: rates.get(s.name) ?? [] })));
}

function report(what: string, sides: Array<{ name: string; values: number[] }>): void {
  const [base, current] = sides;
  if (!base || !current) return;
  const ratio = median(current.values) / Math.max(median(base.values), 0.001);
  console.log(`${what}: ${base.name} ${base.values.join(', ')} (median ${median(base.values)}); ${current.name} ${current.values.join(', ')} (median ${median(current.values)}) = ×${round(ratio, 2)}\n`);
}

const work = mkdtempSync(join(tmpdir(), 'ft-ab-'));
const baseTree = join(work, 'base');
const cleanUp = (): void => {
  execFileSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: root });
  rmSync(work, { recursive: true, force: true });
};
// Stopped with Ctrl-C, it still leaves no worktree behind.
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
execFileSync('git', ['worktree', 'add', '--detach', '--quiet', baseTree, baseCommit], { cwd: root, stdio: 'inherit' });
try {
  symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
  const short = baseCommit.slice(0, 7);
  console.log(`bench:ab — ${short} against this working tree; load average ${(await import('node:os')).loadavg().map((n) => round(n, 2)).join(' / ')}`);
  const sides = [await side(short, baseTree), await side('this tree', root)];
  if (measures.includes('logging')) await compareLogging(sides, work);
  if (measures.includes('import')) await compareImport(sides, work);
} finally {
  cleanUp();
}
