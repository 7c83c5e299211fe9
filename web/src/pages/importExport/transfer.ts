import type { z } from 'zod';
import type { DuplicatePolicy, ImportField, ImportFormat, ImportPreset, importPreviewSchema, importReportSchema } from '../../../../src/shared/dataTransfer.js';
import { api, ApiError, newIdempotencyKey, type Problem } from '../../api.js';

/** Types from the server's own schemas (type-only: no zod in the bundle). */
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;

/** The preview needs only the header and a few rows: the page never reads a whole file into memory. */
const PREVIEW_BYTES = 64 * 1024;

export const contentTypeOf = (format: ImportFormat): string => (format === 'vcard' ? 'text/vcard' : 'text/csv');

/** A guess from the name, for the preview; the server looks at the content too. */
export const formatFromName = (name: string): ImportFormat | undefined => (/\.(vcf|vcard)$/i.test(name) ? 'vcard' : undefined);

/**
 * Sends a file (or a slice of it) as the request body. XMLHttpRequest, not fetch: only it reports
 * upload progress, and the browser streams the file from disk, so a big file never freezes the page.
 */
export function upload<T>(path: string, body: Blob, contentType: string, csrfToken: string | undefined, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1${path}`);
    request.setRequestHeader('content-type', contentType);
    request.setRequestHeader('accept', 'application/json');
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.setRequestHeader('idempotency-key', newIdempotencyKey());
    if (onProgress) request.upload.onprogress = (event) => onProgress(event.lengthComputable && event.total > 0 ? event.loaded / event.total : 0);
    request.onerror = () => reject(new ApiError(0, { title: 'Network error', detail: 'the server could not be reached; check your connection and try again' }));
    request.onload = () => {
      let data: unknown = null;
      try {
        data = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        data = { title: request.statusText, detail: request.responseText.slice(0, 200) };
      }
      if (request.status >= 200 && request.status < 300) resolve(data as T);
      else reject(new ApiError(request.status, (data ?? { title: request.statusText }) as Problem));
    };
    request.send(body);
  });
}

export function previewFile(file: File, preset: ImportPreset | undefined, csrfToken: string | undefined): Promise<ImportPreview> {
  const format = formatFromName(file.name);
  const search = new URLSearchParams({ complete: String(file.size <= PREVIEW_BYTES) });
  if (preset) search.set('preset', preset);
  if (format) search.set('format', format);
  return upload<ImportPreview>(`/imports/preview?${search.toString()}`, file.slice(0, PREVIEW_BYTES), contentTypeOf(format ?? 'csv'), csrfToken);
}

export interface ImportSettings {
  format: ImportFormat;
  preset: ImportPreset | undefined;
  duplicates: DuplicatePolicy;
  /** The user's own mapping, one field (or null: ignore) per column; undefined: the preset's. */
  columns: Array<ColumnTarget | null> | undefined;
}

/** What a column can be imported as: a contact field, or one of the workspace's custom fields ("custom.<key>"). */
export type ColumnTarget = ImportField | `custom.${string}`;

export type Phase = { step: 'sending'; fraction: number } | { step: 'reading'; fraction: number };

/** Uploads the file, then follows the import until it is done or failed, reporting progress on the way. */
export async function runImport(file: File, settings: ImportSettings, dryRun: boolean, csrfToken: string | undefined, onPhase: (phase: Phase) => void): Promise<ImportReport> {
  const search = new URLSearchParams({ format: settings.format, dryRun: String(dryRun), duplicates: settings.duplicates, name: file.name.slice(0, 200) });
  if (settings.preset) search.set('preset', settings.preset);
  if (settings.columns) search.set('columns', settings.columns.map((field) => field ?? '').join(','));
  onPhase({ step: 'sending', fraction: 0 });
  const created = await upload<{ id: string }>(`/imports?${search.toString()}`, file, contentTypeOf(settings.format), csrfToken,
    (fraction) => onPhase({ step: 'sending', fraction }));
  for (let wait = 150; ; wait = Math.min(wait * 1.5, 1000)) {
    const report = await api.get<ImportReport>(`/imports/${encodeURIComponent(created.id)}`);
    onPhase({ step: 'reading', fraction: file.size > 0 ? Math.min(1, report.bytesProcessed / file.size) : 1 });
    if (report.state !== 'running') return report;
    await new Promise((resolve) => window.setTimeout(resolve, wait));
  }
}
