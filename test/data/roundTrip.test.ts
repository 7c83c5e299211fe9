import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contactCsvColumns, interactionCsvColumns } from '../../src/core/import/exportRows.js';
import type { workspaceExportSchema } from '../../src/shared/index.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { freshWorkspace, importFile, type Contact } from './helpers.js';

type WorkspaceExport = z.infer<typeof workspaceExportSchema>;

/** Contacts that exercise every column and every kind of awkward cell. */
const people: Array<Record<string, unknown>> = [
  {
    name: 'Dana Lee', email: 'dana@globex.example', phone: '+1 212 555 0100', company: 'Globex', title: 'CFO', timeZone: 'America/New_York',
    preferredChannel: 'coffee', reachable: [{ days: [1, 2, 3], from: '09:00', to: '12:00' }, { days: [5], from: '14:00', to: '24:00' }],
    interests: ['pricing; discounts', 'security, "SOC 2"', '[brackets]'], relationship: 'customer', interest: 'real', canBuy: 'yes',
    authority: 'signs up to $50k', buyingProcess: 'RFP,\nthen legal', notes: 'line one\nline "two"\r\nline three', customerSince: '2023-04-01', purchaseDate: '2024-02-29',
  },
  { name: '=HYPERLINK("http://evil.example","click")', email: 'formula@example.com', company: '@corp', title: '-1+2', notes: '+cmd|\' /C calc\'!A0' },
  { name: '   =1+1 padded', title: "'=already quoted", company: "'plain quote", notes: '\t=tabbed' },
  { name: 'Émilie Ødegård 山田', email: 'emilie@example.no', phone: '00 47 22 00 00 00', timeZone: 'Europe/Oslo', relationship: 'partner' },
  { name: 'Phone Only', phone: '(020) 7946 0000' },
];

describe.each(testDialects())('export and round trip on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => { await t.close(); });

  async function seeded(): Promise<{ api: Awaited<ReturnType<typeof freshWorkspace>>; contacts: Contact[] }> {
    const api = await freshWorkspace(t, owner);
    const contacts: Contact[] = [];
    for (const person of people) {
      const created = await api.post<Contact>('/api/v1/contacts', person);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      contacts.push(created.body);
    }
    const [dana, formula] = contacts;
    expect((await api.post(`/api/v1/contacts/${formula?.id ?? ''}/opt-out`, { reason: '=said "no" twice' })).status).toBe(200);
    const logged = await api.post('/api/v1/interactions', {
      contactId: dana?.id, channel: 'meeting', notes: '=SUM(A1:A9)', changed: '@budget moved',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T10:00' }, channel: 'video', agenda: 'demo' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    return { api, contacts };
  }

  /** Rows of an exported CSV, keyed by column, without what must differ between workspaces. */
  function comparable(csv: string): Array<Record<string, string>> {
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    return rows.map(({ id, createdAt, updatedAt, ...rest }) => {
      void id; void createdAt; void updatedAt;
      return rest;
    }).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }

  it('export → import into an empty workspace → export gives the same data', async () => {
    const { api } = await seeded();
    const first = await api.get<string>('/api/v1/export/contacts.csv');
    expect(first.status).toBe(200);
    expect(String(first.headers['content-type'])).toMatch(/^text\/csv/);

    const empty = await freshWorkspace(t, owner);
    const report = await importFile(t, empty, first.body, 'preset=followthrough');
    expect(report).toMatchObject({ state: 'done', imported: people.length, rejectedCount: 0 });
    const second = await empty.get<string>('/api/v1/export/contacts.csv');
    expect(comparable(second.body)).toEqual(comparable(first.body));
    expect(comparable(first.body)).toHaveLength(people.length);

    // The JSON export says the same about the contacts.
    const strip = (c: Contact) => {
      const { id, createdAt, updatedAt, ownerId, ...rest } = c;
      void id; void createdAt; void updatedAt; void ownerId;
      return rest;
    };
    const a = (await api.get<WorkspaceExport>('/api/v1/export')).body.contacts.map(strip).sort((x, y) => x.name.localeCompare(y.name));
    const b = (await empty.get<WorkspaceExport>('/api/v1/export')).body.contacts.map(strip).sort((x, y) => x.name.localeCompare(y.name));
    expect(b).toEqual(a);

    // Importing the export again over itself finds every row with an email or a phone a duplicate
    // with nothing to change; the one with neither cannot be recognised and comes in again.
    expect(await importFile(t, empty, first.body, 'preset=followthrough&duplicates=update')).toMatchObject({ imported: 1, updated: 0, skipped: people.length - 1 });
  });

  it('makes formula-like cells inert in both CSV exports', async () => {
    const { api } = await seeded();
    for (const [path, columns] of [['contacts.csv', contactCsvColumns], ['interactions.csv', interactionCsvColumns]] as const) {
      const csv = (await api.get<string>(`/api/v1/export/${path}`)).body;
      const rows = parse(csv, { bom: true }) as string[][];
      expect(rows[0]).toEqual([...columns]);
      for (const row of rows) for (const cell of row) expect(/^[\t\r]|^\s*[=+\-@]/.test(cell), `${path}: ${JSON.stringify(cell)}`).toBe(false);
    }
    const contacts = parse((await api.get<string>('/api/v1/export/contacts.csv')).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(contacts.find((c) => c.email === 'formula@example.com')).toMatchObject({
      name: '\'=HYPERLINK("http://evil.example","click")', company: "'@corp", title: "'-1+2", doNotContactReason: '\'=said "no" twice',
    });
    const interactions = parse((await api.get<string>('/api/v1/export/interactions.csv')).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(interactions[0]).toMatchObject({ contactName: 'Dana Lee', notes: "'=SUM(A1:A9)", changed: "'@budget moved", channel: 'meeting' });
  });

  it('exports the whole workspace as JSON: contacts, interactions, follow-ups, opportunities, playbooks, consent, enrollments', async () => {
    const { api, contacts } = await seeded();
    const dana = contacts[0];
    expect((await api.post('/api/v1/enrollments', { contactId: contacts[3]?.id, playbookKey: 'referral' })).status).toBe(201);
    const response = await api.get<WorkspaceExport>('/api/v1/export');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-disposition'])).toMatch(/attachment/);
    const body = response.body;
    expect(body).toMatchObject({ format: 'followthrough-export', version: 1, workspace: { id: api.workspaceId } });
    expect(body.contacts).toHaveLength(people.length);
    expect(body.interactions).toEqual([expect.objectContaining({ contactId: dana?.id, notes: '=SUM(A1:A9)' })]);
    expect(body.followUps.some((f) => f.contactId === dana?.id && f.agenda === 'demo')).toBe(true);
    expect(body.consentRecords).toEqual([expect.objectContaining({ kind: 'opt-out', detail: '=said "no" twice' })]);
    expect(body.enrollments).toEqual([expect.objectContaining({ contactId: contacts[3]?.id, playbookKey: 'referral' })]);
    expect(Array.isArray(body.opportunities) && Array.isArray(body.playbooks)).toBe(true);
    // Nothing of another workspace.
    const other = await freshWorkspace(t, owner);
    const empty = (await other.get<WorkspaceExport>('/api/v1/export')).body;
    expect({ contacts: empty.contacts, interactions: empty.interactions, followUps: empty.followUps, consent: empty.consentRecords })
      .toEqual({ contacts: [], interactions: [], followUps: [], consent: [] });
  });
});
