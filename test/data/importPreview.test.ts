import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { importPreviewSchema } from '../../src/shared/index.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { allContacts, byEmail, freshWorkspace, importFile } from './helpers.js';

type Preview = z.infer<typeof importPreviewSchema>;

/** What the web app's import page needs: a preview of the mapping, the user's own mapping, clear refusals. */
describe.each(testDialects())('import preview and chosen columns on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => { await t.close(); });

  const preview = async (api: ApiClient, body: string | Buffer, query = '', contentType = 'text/csv') => {
    const response = await t.app.inject({
      method: 'POST', url: `/api/v1/imports/preview${query ? `?${query}` : ''}`,
      headers: { authorization: `Bearer ${api.token}`, 'content-type': contentType }, payload: body,
    });
    return { status: response.statusCode, body: response.json() as Preview & { detail?: string } };
  };

  it('shows each column\'s mapping with sample values, from the start of the file only', async () => {
    const api = await freshWorkspace(t, owner);
    const file = 'Record ID,First Name,Last Name,Email,Favourite colour\n1,Hana,Sato,hana@example.jp,blue\n2,Liam,O\'Brien,liam@example.ie,green\n3,Ana,Ruiz,ana@exa';
    const result = await preview(api, file, 'complete=false');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      format: 'csv', preset: 'hubspot', rows: 2, problem: null,
      columns: [
        { header: 'Record ID', field: null, samples: ['1', '2'] },
        { header: 'First Name', field: 'firstName', samples: ['Hana', 'Liam'] },
        { header: 'Last Name', field: 'lastName', samples: ['Sato', 'O\'Brien'] },
        { header: 'Email', field: 'email', samples: ['hana@example.jp', 'liam@example.ie'] },
        { header: 'Favourite colour', field: null, samples: ['blue', 'green'] },
      ],
    });
    expect((await preview(api, file, 'preset=google')).body).toMatchObject({ preset: 'google', rows: 3 });
    expect(await allContacts(api)).toEqual([]);
  });

  it('recognises a vCard file, and says when no column holds the name', async () => {
    const api = await freshWorkspace(t, owner);
    expect((await preview(api, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n', '', 'text/plain')).body)
      .toEqual({ format: 'vcard', preset: null, columns: [], rows: 1, problem: null });
    const nameless = await preview(api, 'Who,Mail\nAna,ana@example.com\n');
    expect(nameless.status).toBe(200);
    expect(nameless.body.problem).toBe('No column holds the name: choose the column that holds it (or the first and last name).');
    expect(nameless.body.columns.map((c) => c.field)).toEqual([null, 'email']);
  });

  it('imports with the columns the user chose, instead of the detected mapping', async () => {
    const api = await freshWorkspace(t, owner);
    const file = 'Who,Mail,Mobile,Firm\nAna Ruiz,ana@example.es,+34 600 000 000,Sol SL\n';
    const report = await importFile(t, api, file, `columns=${encodeURIComponent('name,email,phone,')}`);
    expect(report).toMatchObject({ state: 'done', imported: 1, rejectedCount: 0 });
    expect(byEmail(await allContacts(api), 'ana@example.es')).toMatchObject({ name: 'Ana Ruiz', phone: '+34 600 000 000', company: null });
    const wrong = await t.app.inject({
      method: 'POST', url: '/api/v1/imports?columns=name,mailbox', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' }, payload: file,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ detail: expect.stringContaining('"mailbox" is not a field a column can hold') });
    const nameless = await importFile(t, api, file, 'columns=,email');
    expect(nameless).toMatchObject({ state: 'failed', imported: 0, error: expect.stringContaining('choose the column that holds the name') });
  });

  it('refuses a workbook, a PDF or binary data with a clear reason and imports nothing', async () => {
    const api = await freshWorkspace(t, owner);
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.alloc(200, 7)]);
    const refused = await preview(api, xlsx, '', 'application/octet-stream');
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/spreadsheet workbook.*"CSV \(UTF-8\)"/);
    const report = await importFile(t, api, xlsx, '', 'application/octet-stream');
    expect(report).toMatchObject({ state: 'failed', imported: 0, error: expect.stringMatching(/spreadsheet workbook/) });
    const binary = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37) % 256));
    expect((await importFile(t, api, binary, '', 'application/octet-stream')).error).toMatch(/not text/);
    expect((await importFile(t, api, Buffer.alloc(0))).error).toMatch(/the file is empty/);
    expect(await allContacts(api)).toEqual([]);
  });
});
