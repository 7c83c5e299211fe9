/**
 * `npm run bench [-- [name] [options]]` (`--help` lists the options): runs every benchmark in turn
 * (or those whose name contains `name`) and writes bench/results/<timestamp>.json and .md
 * (git-ignored). The web app bench also keeps its own bench/results/webApp.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiBenchResult } from './api.js';
import type { SearchBenchResult } from './search.js';
import { markdownReport } from './report.js';
import { readCommandLine, type BenchOption } from './commandLine.js';

const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'bench', 'results');
const args = process.argv.slice(2);
/** The bench's options, each once: --help lists them and anything else is refused. */
const OPTIONS: BenchOption[] = [
  ['scale', 'N', 'bench data size: 1 is 100,000 contacts and 1,000,000 interactions (default 1)'],
  ['seconds', 'N', 'how long each load runs (default 10)'],
  ['connections', 'N', 'concurrent connections of each load (default 10)'],
  ['dialects', 'LIST', 'sqlite, postgres or both, comma-separated (default both; or DIALECTS)'],
  ['import-rows', 'N', 'rows of the CSV import measured beside the raw loop (default 100000)'],
  ['linearity-rows', 'N', 'rows of the large import for linearity, 0 to skip (default 10 × --import-rows)'],
];
const { flag, numberFlag, stop } = readCommandLine(args, {
  name: 'the bench',
  about: [
    'npm run bench [-- [name] [options]]',
    '',
    'Runs the benchmarks (api, search, web app), or only those whose name contains [name], and writes',
    'bench/results/<timestamp>.json and .md (git-ignored). Measure on a quiet machine: nothing else running.',
  ],
  options: OPTIONS,
  positional: true,
  footer: ['Environment: BENCH_RUNS (web app: logins timed, default 5).'],
});
// Read before anything runs: a bad value stops the bench before it measures, not after the first bench.
const scale = numberFlag('scale', 1);
const seconds = numberFlag('seconds', 10);
const connections = numberFlag('connections', 10);
const importRows = numberFlag('import-rows', 100_000);
const linearityRows = numberFlag('linearity-rows', 10 * importRows);
const only = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]?.startsWith('--')));
const named = (flag('dialects') ?? process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()).filter((d) => d !== '');
const dialects = named.filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres');
if (dialects.length === 0 || dialects.length < named.length) stop(`--dialects must name sqlite, postgres or both, comma-separated (given: "${named.join(',')}")`, false);

const results: { api?: ApiBenchResult; search?: SearchBenchResult; webApp?: unknown; errors?: Record<string, string> } = {};
const benches: [string, () => Promise<void>][] = [
  ['api', async () => {
    const { run } = await import('./api.js');
    results.api = await run({ scale, seconds, connections, dialects, importRows, linearityRows, log: (line) => console.log(line) });
  }],
  ['search', async () => {
    const { run } = await import('./search.js');
    results.search = await run({ scale, seconds, connections, dialects, log: (line) => console.log(line) });
  }],
  ['web app', async () => {
    await (await import('./webApp.js')).run();
    const file = join(resultsDir, 'webApp.json');
    if (existsSync(file)) results.webApp = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  }],
];

const startedAt = new Date();
for (const [name, bench] of benches) {
  if (only && !name.includes(only)) continue;
  const started = Date.now();
  console.log(name);
  try {
    await bench();
  } catch (error) {
    // One failing bench (say, the web build while the web app is being edited) must not lose the others' figures.
    console.error(`  ${name} failed:`, error);
    results.errors = { ...results.errors, [name]: error instanceof Error ? error.message : String(error) };
    process.exitCode = 1;
  }
  console.log(`  (${name}: ${Math.round((Date.now() - started) / 1000)} s)\n`);
}

mkdirSync(resultsDir, { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const report = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), node: process.version, ...results };
writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
const markdown = markdownReport(report);
writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
console.log(markdown);
console.log(`written: bench/results/${stamp}.json and .md`);
