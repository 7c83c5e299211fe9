import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { duplicatePolicies, exportFormats, importFormats, importPresets, type ExportFormat, type ImportFormat, type ImportPreset, type DuplicatePolicy } from '../shared/dataTransfer.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { exportContactsCsv, exportInteractionsCsv, exportWorkspaceJson } from '../services/exportWorkspace.js';
import {
  importReport, createImport, importRejections, prepareResume, runImport, DEFAULT_BATCH_SIZE, type ImportSource,
} from '../services/importContacts.js';
import type { ImportRecord } from '../store/imports.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

interface ImportCommandOptions {
  format?: ImportFormat;
  preset?: ImportPreset;
  dryRun?: boolean;
  duplicates: DuplicatePolicy;
  allowErased?: boolean;
  resume?: string;
  batchSize: string;
  json?: boolean;
}

function formatFromName(file: string): ImportFormat {
  return ['.vcf', '.vcard'].includes(extname(file).toLowerCase()) ? 'vcard' : 'csv';
}

function summaryOf(record: ImportRecord): string {
  const verb = record.dryRun ? 'would be ' : '';
  return [
    `Import ${record.id} ${record.state}${record.dryRun ? ' (dry run: nothing was changed)' : ''}: ${record.total} rows read, ${record.processed} processed.`,
    `  ${record.imported} ${verb}imported, ${record.updated} ${verb}updated, ${record.skipped} ${verb}skipped (duplicates: ${record.policy}), ${record.rejected} rejected.`,
  ].join('\n');
}

async function printRejected(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  let after = 0;
  let first = true;
  for (;;) {
    const page = await importRejections(deps, actor, id, after, 1000);
    if (page.length === 0) return;
    if (first) process.stdout.write('Rejected rows:\n');
    first = false;
    for (const row of page) process.stdout.write(`  line ${row.line}: ${row.reason}\n`);
    after = page[page.length - 1]?.line ?? after;
  }
}

/** `followthrough import` and `followthrough export`. */
export function registerDataCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program.command('import').description('import contacts from a CSV or vCard file (streamed; a batch of rows per transaction)')
    .argument('<file>', 'the CSV (any of , ; tab |) or vCard 3.0/4.0 file')
    .addOption(new Option('--format <format>', 'file format (default: from the extension, .vcf → vcard)').choices(importFormats))
    .addOption(new Option('--preset <preset>', 'column mapping of another tool\'s export (default: detected from the header)').choices(importPresets))
    .option('--dry-run', 'report what would happen; change no contact')
    .addOption(new Option('--duplicates <policy>', 'rows matching a contact by email, then by phone').choices(duplicatePolicies).default('skip'))
    .option('--allow-erased', 'import people who were erased before (only with their explicit opt-in)')
    .option('--resume <id>', 'continue an interrupted import of this same file after its last committed batch')
    .option('--batch-size <n>', 'rows per transaction', String(DEFAULT_BATCH_SIZE))
    .option('--json', 'print the final import record as JSON')
    .action(async (file: string, o: ImportCommandOptions) => {
      const size = (await stat(file)).size;
      const source: ImportSource = () => createReadStream(file, { highWaterMark: 256 * 1024 });
      const bar = process.stderr.isTTY && !o.json
        ? new cliProgress.SingleBar({
          stream: process.stderr, hideCursor: true, etaBuffer: 50,
          format: 'importing [{bar}] {percentage}% | {processed} rows: {imported} new, {updated} updated, {skipped} skipped, {rejected} rejected | {eta_formatted}',
        }, cliProgress.Presets.shades_classic)
        : null;
      await withActor(globals(), async (deps, actor) => {
        const id = o.resume ?? (await createImport(deps, actor, {
          format: o.format ?? formatFromName(file), preset: o.preset, dryRun: Boolean(o.dryRun), duplicates: o.duplicates,
          allowErased: Boolean(o.allowErased), sourceName: file,
        })).id;
        const started = o.resume ? await prepareResume(deps, actor, id, source) : null;
        if (!o.json) process.stderr.write(`import ${id}${started ? ` resumed after ${started.processed} rows` : ''} (if interrupted: followthrough import ${JSON.stringify(file)} --resume ${id})\n`);
        const payload = (r: Pick<ImportRecord, 'processed' | 'imported' | 'updated' | 'skipped' | 'rejected'>) => ({
          processed: r.processed, imported: r.imported, updated: r.updated, skipped: r.skipped, rejected: r.rejected,
        });
        bar?.start(size, started?.byteOffset ?? 0, payload(started ?? { processed: 0, imported: 0, updated: 0, skipped: 0, rejected: 0 }));
        let record: ImportRecord;
        try {
          record = await runImport(deps, actor, id, source, {
            batchSize: Math.max(1, Number(o.batchSize) || DEFAULT_BATCH_SIZE),
            onProgress: (r) => bar?.update(Math.min(size, r.byteOffset), payload(r)),
          });
        } finally {
          bar?.stop();
        }
        if (o.json) return printJson(record);
        process.stdout.write(`${summaryOf(record)}\n`);
        await printRejected(deps, actor, id);
        const { assumptions } = await importReport(deps, actor, id);
        if (assumptions.length) process.stdout.write(`Assumed:\n${assumptions.map((a) => `  line ${a.line}: ${a.note}\n`).join('')}`);
      });
    });

  program.command('export').description('export the whole workspace (JSON), or its contacts or interactions as CSV')
    .addOption(new Option('--format <format>', 'what to export').choices(exportFormats).default('json'))
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (o: { format: ExportFormat; out?: string }) => {
      await withActor(globals(), async (deps, actor) => {
        const pieces = o.format === 'contacts.csv' ? exportContactsCsv(deps, actor)
          : o.format === 'interactions.csv' ? exportInteractionsCsv(deps, actor) : exportWorkspaceJson(deps, actor);
        if (o.out) {
          await pipeline(Readable.from(pieces), createWriteStream(o.out));
          process.stderr.write(`exported ${o.format} to ${o.out}\n`);
        } else {
          for await (const piece of pieces) {
            if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
        }
      });
    });
}
