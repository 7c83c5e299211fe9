import { expect } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, importReportSchema } from '../../src/shared/index.js';
import { ImportWorker } from '../../src/jobs/importWorker.js';
import { client, type ApiClient, type TestApp } from '../helpers/app.js';

export type Report = z.infer<typeof importReportSchema>;
export type Contact = z.infer<typeof contactSchema>;

let workspaces = 0;

/** A workspace of its own (and a token acting in it), so each test sees only what it made. */
export async function freshWorkspace(t: TestApp, owner: ApiClient): Promise<ApiClient & { workspaceId: string }> {
  const created = await owner.post<{ token: string; workspace: { id: string } }>('/api/v1/workspaces', { name: `Data ${++workspaces}`, timeZone: 'Europe/London' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return Object.assign(client(t.app, created.body.token), { workspaceId: created.body.workspace.id });
}

/**
 * Runs an import worker beside the test app, as `serve` does (the app alone claims the imports it
 * queues itself). It polls only once a minute: an import finishing promptly was woken by its upload.
 */
export function startImportWorker(t: TestApp): ImportWorker {
  const worker = new ImportWorker({ deps: t.deps, pollMs: 60_000 });
  worker.start();
  return worker;
}

/** Polls the import until it is no longer running. */
export async function waitForImport(api: ApiClient, id: string): Promise<Report> {
  for (let i = 0; i < 1000; i++) {
    const response = await api.get<Report>(`/api/v1/imports/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    if (response.body.state !== 'running') return response.body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`import ${id} still running`);
}

/** POSTs a file to /imports and waits for its report. */
export async function importFile(t: TestApp, api: ApiClient, body: string | Buffer, query = '', contentType = 'text/csv'): Promise<Report> {
  const response = await t.app.inject({
    method: 'POST', url: `/api/v1/imports${query ? `?${query}` : ''}`,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': contentType }, payload: body,
  });
  expect(response.statusCode, response.body).toBe(202);
  return waitForImport(api, (response.json() as { id: string }).id);
}

export async function allContacts(api: ApiClient): Promise<Contact[]> {
  const contacts: Contact[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Contact[]; nextCursor: string | null } } = await api.get(`/api/v1/contacts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    contacts.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return contacts;
}

export const byEmail = (contacts: Contact[], email: string): Contact | undefined => contacts.find((c) => c.email === email);
