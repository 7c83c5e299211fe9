import { Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import {
  idSchema, importCreatedSchema, importPreviewQuerySchema, importPreviewSchema, importQuerySchema, importReportSchema, problemSchema,
  rejectedPageQuerySchema, rejectedRowSchema, workspaceExportSchema, type ImportFormat,
} from '../../shared/index.js';
import type { ServiceDeps } from '../../services/deps.js';
import { exportContactsCsv, exportInteractionsCsv, exportWorkspaceJson } from '../../services/exportWorkspace.js';
import { importRejections, importReport, queueImport, queueImportResume } from '../../services/importContacts.js';
import { claimImport, importWorkersHere, runClaimedImport } from '../../services/importQueue.js';
import { previewImport } from '../../services/importPreview.js';
import { listCustomFields } from '../../services/customFields.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

/** Uploads may be large: this route alone accepts up to 2 GiB, stored for the worker as it arrives. */
export const IMPORT_BODY_LIMIT = 2 * 1024 ** 3;

const UPLOAD_TYPES = ['text/csv', 'text/vcard', 'text/x-vcard', 'text/directory', 'text/plain', 'application/octet-stream'];

/**
 * The request body of an upload, handed to the route as a stream. The stream is a private field:
 * generic body checks (the NUL scan walks every enumerable property) see an empty object.
 */
class UploadBody {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream(): Readable {
    return this.#stream;
  }
}

/**
 * Fastify pipes a stream through untouched (no serializer runs); the response schema documents
 * what the stream carries, so the reply's payload type is the documented one.
 */
const streamed = <T>(stream: Readable): T => stream as unknown as T;

const tags = ['data'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 413: problemSchema };
const params = z.object({ id: idSchema });

/**
 * The upload's bytes as they arrive, refused past the route's limit. Checked before the service
 * reads a byte: a body that is not a file (JSON, say) is refused at once.
 */
function uploadedBytes(request: FastifyRequest): AsyncGenerator<Uint8Array> {
  if (!(request.body instanceof UploadBody)) {
    throw AppError.invalid('body', `send the file itself as the request body, with Content-Type ${UPLOAD_TYPES.slice(0, 2).join(' or ')}`);
  }
  const stream = request.body.stream;
  return (async function* limited() {
    let bytes = 0;
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      if (bytes > IMPORT_BODY_LIMIT) throw new AppError('payload-too-large', `the file is larger than ${IMPORT_BODY_LIMIT} bytes`, [{ path: 'body', message: 'too large' }]);
      yield buffer;
    }
  })();
}

/** The preview reads at most this much of what it is sent. */
const PREVIEW_HEAD_BYTES = 256 * 1024;
const PREVIEW_BODY_LIMIT = 1024 * 1024;

async function readHead(request: FastifyRequest, complete: boolean): Promise<{ head: Buffer; complete: boolean }> {
  if (!(request.body instanceof UploadBody)) {
    throw AppError.invalid('body', `send the start of the file as the request body, with Content-Type ${UPLOAD_TYPES.slice(0, 2).join(' or ')}`);
  }
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of request.body.stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    parts.push(buffer);
    length += buffer.length;
  }
  const body = Buffer.concat(parts, length);
  return { head: body.subarray(0, PREVIEW_HEAD_BYTES), complete: complete && body.length <= PREVIEW_HEAD_BYTES };
}

function formatOf(request: FastifyRequest, given: ImportFormat | undefined): ImportFormat {
  if (given) return given;
  return /vcard|directory/i.test(String(request.headers['content-type'] ?? '')) ? 'vcard' : 'csv';
}

/** How long this app's own claim of an import holds without news (it is renewed while the import runs). */
const LOCAL_LEASE_MS = 5 * 60_000;

/**
 * The import worker runs with the background jobs (`serve`, `followthrough worker`); an import
 * queued here wakes one running in this process. An app built without them (the test and browser
 * harnesses, a web-only instance) would leave its imports queued until a worker elsewhere polls:
 * then it claims the import it just queued itself, through the same claim, lease and attempt
 * fencing, so a worker elsewhere that claims it first wins and a crash here leaves it to be taken
 * over. Closing the app hands an import in progress back, queued.
 */
class ImportsWithoutWorker {
  private readonly running = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  offer(deps: ServiceDeps, id: string, log: FastifyBaseLogger): void {
    if (importWorkersHere() > 0) return;
    const job = (async () => {
      const claimed = await claimImport(deps, { leaseMs: LOCAL_LEASE_MS, id });
      if (claimed) await runClaimedImport(deps, claimed, { leaseMs: LOCAL_LEASE_MS, signal: this.closing.signal });
    })().catch((error: unknown) => log.error({ err: error, importId: id }, 'import failed'));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.running]);
  }
}

export function dataTransferRoutes(app: ZodApp, { deps }: RouteContext): void {
  const withoutWorker = new ImportsWithoutWorker();
  app.addHook('onClose', async () => withoutWorker.close());

  // Upload routes get stream parsers for file types, in a scope of their own.
  void app.register(async (scope) => {
    scope.removeContentTypeParser(['text/plain']);
    scope.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, new UploadBody(payload)));
    const upload = scope.withTypeProvider<ZodTypeProvider>();

    upload.post('/imports', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags, querystring: importQuerySchema, response: { 202: importCreatedSchema, ...errors },
        summary: 'Import contacts from a CSV or vCard file (the raw request body); poll GET /imports/{id} for the report',
        description: 'Send the file as the body with Content-Type text/csv or text/vcard (up to 2 GiB). Rows are imported in ' +
          'batches of 1,000, each one transaction; a crash leaves the import resumable (POST /imports/{id}/resume). ' +
          'The file is stored and a worker runs the import. Duplicates are found by email, then by phone. People erased before are refused ("erased contact; needs explicit ' +
          'opt-in") unless allowErased=true is given, which records their opt-in.',
      },
    }, async (request, reply) => {
      const actor = requireActor(request);
      const q = request.query;
      const body = uploadedBytes(request);
      const record = await queueImport(deps, actor, {
        format: formatOf(request, q.format), preset: q.preset, dryRun: q.dryRun === 'true', duplicates: q.duplicates,
        allowErased: q.allowErased === 'true', sourceName: q.name ?? null, columns: q.columns,
      }, body);
      withoutWorker.offer(deps, record.id, request.log);
      reply.status(202);
      return { id: record.id };
    });

    upload.post('/imports/:id/resume', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags, params, querystring: importQuerySchema.pick({ columns: true }), response: { 202: importCreatedSchema, ...errors },
        summary: 'Resume a crashed or failed import with the same file: it continues after the last committed batch',
      },
    }, async (request, reply) => {
      const actor = requireActor(request);
      await queueImportResume(deps, actor, request.params.id, uploadedBytes(request), request.query.columns);
      withoutWorker.offer(deps, request.params.id, request.log);
      reply.status(202);
      return { id: request.params.id };
    });

    upload.post('/imports/preview', {
      bodyLimit: PREVIEW_BODY_LIMIT,
      schema: {
        tags, querystring: importPreviewQuerySchema, response: { 200: importPreviewSchema, ...errors },
        summary: 'What an import would read from the start of a file: format, preset, each column\'s mapping and sample values',
        description: 'Send the first bytes of the file (up to 256 KiB; 64 KiB is plenty) as the body, as for POST /imports, with ' +
          'complete=false when it is only the start. Nothing is stored. A file that is not text (a workbook, a PDF) is refused with 400.',
      },
    }, async (request) => {
      const actor = requireActor(request);
      const { head, complete } = await readHead(request, request.query.complete === 'true');
      return previewImport(head, complete, request.query, await listCustomFields(deps, actor, 'contact'));
    });
  });

  app.get('/imports/:id', {
    schema: { tags, params, summary: 'Progress and report of an import: counts and every rejected row with its line', response: { 200: importReportSchema, ...errors } },
  }, async (request) => importReport(deps, requireActor(request), request.params.id));

  app.get('/imports/:id/rejected', {
    schema: {
      tags, params, querystring: rejectedPageQuerySchema, summary: 'All rejected rows of an import, in file order, page by page',
      response: { 200: z.object({ items: z.array(rejectedRowSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const after = Number(request.query.cursor ?? 0);
    const items = await importRejections(deps, requireActor(request), request.params.id, Number.isFinite(after) ? after : 0, request.query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === request.query.limit && last ? String(last.line) : null };
  });

  app.get('/export', {
    schema: { tags, summary: 'The whole workspace as one JSON document (streamed; owner or admin, or a member the owner allowed: 403 otherwise)', response: { 200: workspaceExportSchema, ...errors } },
  }, async (request, reply) => {
    // The service refuses (403) when called, so it is called before any header of the file is set.
    const pieces = exportWorkspaceJson(deps, requireActor(request));
    return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="followthrough-export.json"')
      .send(streamed<z.infer<typeof workspaceExportSchema>>(Readable.from(pieces)));
  });

  const csvRoute = (path: string, summary: string, generate: typeof exportContactsCsv, filename: string): void => {
    app.get(path, {
      schema: { tags, summary, response: { 200: z.string().describe('text/csv; formula-like cells are prefixed with a single quote'), ...errors } },
    }, async (request, reply) => {
      const pieces = generate(deps, requireActor(request));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`)
        .send(streamed<string>(Readable.from(pieces)));
    });
  };
  csvRoute('/export/contacts.csv', 'Contacts as CSV (the followthrough import preset reads it back)', exportContactsCsv, 'contacts.csv');
  csvRoute('/export/interactions.csv', 'Interactions as CSV', exportInteractionsCsv, 'interactions.csv');
}
