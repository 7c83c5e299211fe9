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

const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'bench', 'results');
const args = process.argv.slice(2);
/** The bench's options, each once: --help lists them and anything else is refused. */
const OPTIONS: Array<[name: string, value: string, meaning: string]> = [
  ['scale', 'N', 'bench data size: 1 is 100,000 contacts and 1,000,000 interactions (default 1)'],
  ['seconds', 'N', 'how long each load runs (default 10)'],
  ['connections', 'N', 'concurrent connections of each load (default 10)'],
  ['dialects', 'LIST', 'sqlite, postgres or both, comma-separated (default both; or DIALECTS)'],
  ['import-rows', 'N', 'rows of the CSV import measured beside the raw loop (default 100000)'],
  ['linearity-rows', 'N', 'rows of the large import for linearity, 0 to skip (default 10 × --import-rows)'],
];
const usage = [
  'npm run bench [-- [name] [options]]',
  '',
  'Runs the benchmarks (api, search, web app), or only those whose name contains [name], and writes',
  'bench/results/<timestamp>.json and .md (git-ignored). Measure on a quiet machine: nothing else running.',
  '',
  'Options:',
  ...OPTIONS.map(([name, value, meaning]) => `  ${`--${name} ${value}`.padEnd(21)}${meaning}`),
  `  ${'--help'.padEnd(21)}this text`,
  'Environment: BENCH_RUNS (web app: logins timed, default 5).',
].join('\n');
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const unknownFlag = args.find((a) => a.startsWith('-') && !OPTIONS.some(([name]) => a === `--${name}`));
if (unknownFlag) {
  console.error(`${unknownFlag} is not an option of the bench.\n\n${usage}`);
  process.exit(2);
}
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const given = args[at + 1];
  if (given === undefined || given.startsWith('--')) {
    console.error(`--${name} needs a value after it.\n\n${usage}`);
    process.exit(2);
  }
  return given;
};
/** A numeric flag, or the bench stops before measuring anything, naming the flag and what it was given. */
const numberFlag = (name: string, fallback: number): number => {
  const given = flag(name);
  if (given === undefined) return fallback;
  const value = Number(given);
  if (given.trim() === '' || !Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a number, 0 or more (given: "${given}")`);
    process.exit(2);
  }
  return value;
};
// Read before anything runs: a bad value stops the bench before it measures, not after the first bench.
const scale = numberFlag('scale', 1);
const seconds = numberFlag('seconds', 10);
const connections = numberFlag('connections', 10);
const importRows = numberFlag('import-rows', 100_000);
const linearityRows = numberFlag('linearity-rows', 10 * importRows);
const only = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]?.startsWith('--')));
const named = (flag('dialects') ?? process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()).filter((d) => d !== '');
const dialects = named.filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres');
if (dialects.length === 0 || dialects.length < named.length) {
  console.error(`--dialects must name sqlite, postgres or both, comma-separated (given: "${named.join(',')}")`);
  process.exit(2);
}

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
