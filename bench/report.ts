import type { ApiBenchResult, DialectResult } from './api.js';
import { searchReport, type SearchBenchResult } from './search.js';

interface Report {
  startedAt: string;
  node: string;
  api?: ApiBenchResult;
  search?: SearchBenchResult;
  webApp?: unknown;
  errors?: Record<string, string>;
}

const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** The import-linearity line, as the bench logs it and as its report prints it. */
export function describeLinearity(linearity: NonNullable<ApiBenchResult['importLinearity']>): string {
  if ('skipped' in linearity) return `Import linearity (SQLite): ${linearity.skipped}.`;
  return `Import linearity (SQLite, the app's import into a fresh database; the small file just before and just after the big one): ${linearity.rows.toLocaleString('en')} rows in ${linearity.seconds} s (${linearity.smallRuns.join(' s and ')} s), ` +
    `${linearity.bigRows.toLocaleString('en')} rows in ${linearity.bigSeconds} s: ×${linearity.ratio} the time for ×${Math.round(linearity.bigRows / linearity.rows)} the rows (target ≤ ×11: ${mark(linearity.ratio <= 11)}). ` +
    `The raw insert loop over the same two files: ${linearity.raw.seconds} s → ${linearity.raw.bigSeconds} s = ×${linearity.raw.ratio}.`;
}

/** The targets, each as a row: measure, value, target, verdict. */
function rows(d: DialectResult): string[][] {
  const { app, uncached, bare, ratio, uncachedRatio } = d.agenda;
  const cpu = (r: { cpuMsPerRequest?: number | undefined }): string => (r.cpuMsPerRequest === undefined ? '?' : `${r.cpuMsPerRequest}`);
  const lines: string[][] = [
    ['agenda, kept: requests/s (10 connections)', `${app.requestsPerSecond}`, '≥ 2,000', mark(app.requestsPerSecond >= 2000)],
    ['agenda, kept / bare route (same SQL, same run)', `${Math.round(ratio * 1000) / 10}%`, '≥ 130%', mark(ratio >= 1.3)],
    ['agenda, kept: latency p50 / p99; server-side p50 / p99', `${app.p50Ms} / ${app.p99Ms} ms; ${app.serverP50Ms} / ${app.serverP99Ms} ms`, 'server p99 ≤ 2 ms', mark(app.serverP99Ms <= 2)],
    ['agenda, computed afresh: requests/s; server p99', `${uncached.requestsPerSecond}; ${uncached.serverP99Ms} ms`, '', ''],
    ['agenda, computed afresh / bare route', `${Math.round(uncachedRatio * 1000) / 10}%`, '≥ 75%', mark(uncachedRatio >= 0.75)],
    ['bare route (same SQL) requests/s, p99, server p99', `${bare.requestsPerSecond}, ${bare.p99Ms} ms, ${bare.serverP99Ms} ms`, 'the ceiling', ''],
    ['CPU per request, one at a time in-process: kept / afresh / bare', `${cpu(app)} / ${cpu(uncached)} / ${cpu(bare)} ms`, '', ''],
  ];
  const server = d.agenda.server;
  if (server) lines.push(['server memory under agenda load (`followthrough serve` with its worker, in its own process; every user\'s agenda in turn): peak RSS (VmHWM); idle', `${server.peakRssMb} MB at ${server.requestsPerSecond} req/s; ${server.idleRssMb} MB idle`, '≤ 300 MB', mark(server.peakRssMb <= 300)]);
  if (d.agenda.peakRssMb !== undefined) lines.push(['memory of the whole bench process under agenda load (three servers, the load generator and the dataset: an upper bound)', `${d.agenda.peakRssMb} MB`, '', '']);
  if ('skipped' in d.demoAgenda) lines.push(['demo agenda (2,000 contacts)', `skipped: ${d.demoAgenda.skipped}`, '', 'not measured']);
  else lines.push(['demo agenda (2,000 contacts): kept vs computed afresh', `${d.demoAgenda.items} items: ${d.demoAgenda.cached.requestsPerSecond} vs ${d.demoAgenda.uncached.requestsPerSecond} req/s = ×${d.demoAgenda.ratio} (kept server p99 ${d.demoAgenda.cached.serverP99Ms} ms)`, '≥ ×5', mark(d.demoAgenda.ratio >= 5)]);
  lines.push([`logging an outcome with a next step${d.dialect === 'sqlite' ? ' (synchronous=full, the default)' : ''}`, `${d.logging.requestsPerSecond} tx/s (p99 ${d.logging.p99Ms} ms, ${d.logging.committedRows} committed, ${d.logging.non2xx} non-2xx; ${d.logging.cpuMsPerRequest ?? '?'} ms CPU per transaction one at a time, over the same contacts in turn)`, '≥ 1,000 tx/s', mark(d.logging.requestsPerSecond >= 1000)]);
  if (d.loggingNormal) {
    const normal = d.loggingNormal;
    lines.push(['logging, SQLite synchronous=normal (the opt-out, DATABASE_URL file:…?synchronous=normal)', `${normal.requestsPerSecond} tx/s (p99 ${normal.p99Ms} ms, ${normal.committedRows} committed, ${normal.non2xx} non-2xx); the default (full) is ${Math.round((d.logging.requestsPerSecond / Math.max(normal.requestsPerSecond, 0.1)) * 1000) / 10}% of it`, '', '']);
  }
  if ('skipped' in d.import) lines.push(['CSV import of contacts', `skipped: ${d.import.skipped}`, '≥ 50,000 rows/s', 'not measured']);
  else lines.push(['CSV import of contacts', `${d.import.rowsPerSecond} rows/s (${Math.round(d.import.ratio * 1000) / 10}% of raw ${d.import.rawRowsPerSecond} rows/s, measured beside it)`, '≥ 50,000 rows/s and ≥ 70% of raw', mark(d.import.rowsPerSecond >= 50_000 && d.import.ratio >= 0.7)]);
  lines.push([
    `agenda p99 growth, scale ${d.growth.smallScale} → ${d.growth.smallScale * 10}`,
    `${d.growth.smallP99Ms} → ${d.growth.p99Ms} ms = ×${d.growth.ratio} (server p99 ${d.growth.smallServerP99Ms} → ${d.growth.serverP99Ms} ms = ×${d.growth.serverRatio})`,
    '≤ ×1.5', mark(d.growth.ratio <= 1.5),
  ]);
  const { smallLoggingTxPerSecond, bigLoggingTxPerSecond, loggingRatio } = d.growth;
  if (smallLoggingTxPerSecond !== undefined && loggingRatio !== undefined) {
    const sideBySide = bigLoggingTxPerSecond !== undefined;
    lines.push([
      `logging slowdown, scale ${d.growth.smallScale} → ${d.growth.smallScale * 10} (${sideBySide ? 'both measured in alternating rounds' : 'the small scale measured after the big one, not in alternating rounds'})`,
      `${smallLoggingTxPerSecond} → ${bigLoggingTxPerSecond ?? d.logging.requestsPerSecond} tx/s = ×${loggingRatio} slower`, '≤ ×1.5', mark(loggingRatio <= 1.5),
    ]);
  }
  return lines;
}

const table = (header: string[], body: string[][]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function markdownReport(report: Report): string {
  const out: string[] = [`# Benchmark ${report.startedAt}`, '', `Node ${report.node}.`];
  const api = report.api;
  if (api) {
    out.push('', `${api.machine.cpus} CPUs, load average at the end ${api.machine.loadAverage.join(' / ')} (a shared machine: compare ratios measured side by side, not absolute figures across runs). ` +
      `Each comparison: ${api.connections} connections, ${api.seconds} s per target in 4 alternating rounds after a warm-up (client p50/p99: mean over rounds; server-side: over every response), autocannon in a worker thread.`);
    out.push('', `Raw better-sqlite3 insert loop (csv-parse + one prepared INSERT per row, 1,000 rows a transaction, synchronous=FULL as the app's default; it writes no search documents, which the app's import does), at the start of the run: ${api.rawSqliteInsert.rowsPerSecond} rows/s for ${api.rawSqliteInsert.rows} rows (insert alone ${api.rawSqliteInsert.insertOnlyRowsPerSecond} rows/s). Each import's ratio below is to the loop measured again just before and just after that import.`);
    if (api.sqliteCommitMs) out.push('', `A one-row SQLite commit (WAL) on this disk: ${api.sqliteCommitMs.normal} ms with synchronous=normal, ${api.sqliteCommitMs.full} ms with synchronous=full; SQLite commits one at a time, so with a flush per write full would cap logging near ${Math.round(1000 / Math.max(api.sqliteCommitMs.full, 0.001))} tx/s here; the app shares one flush among the writes that arrive together (src/store/groupCommit.ts).`);
    if (api.importLinearity) out.push('', describeLinearity(api.importLinearity));
    for (const d of api.dialects) {
      out.push('', `## ${d.dialect}`, '',
        `Data (scale ${api.scale}): ${d.data.contacts.toLocaleString('en')} contacts, ${d.data.interactions.toLocaleString('en')} interactions, ${d.data.followUps.toLocaleString('en')} follow-ups, ${d.data.users} users; the measured user's agenda has ${d.data.agendaItems} items; generated in ${d.data.generateSeconds} s. ` +
        `Growth compares with scale ${d.growth.smallScale}: ${d.growth.small.contacts.toLocaleString('en')} contacts, ${d.growth.small.interactions.toLocaleString('en')} interactions, ${d.growth.small.followUps.toLocaleString('en')} follow-ups.`,
        '', table(['measure', 'value', 'target', ''], rows(d)), '', `Durability: ${d.logging.durability}.`);
    }
  }
  if (report.search) out.push(...searchReport(report.search));
  for (const [name, message] of Object.entries(report.errors ?? {})) out.push('', `**${name} failed**: ${message}`);
  if (report.webApp) out.push('', '## web app', '', '```json', JSON.stringify(report.webApp, null, 2), '```');
  return `${out.join('\n')}\n`;
}
