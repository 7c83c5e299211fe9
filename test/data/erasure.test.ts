import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueDueDigests } from '../../src/services/digest.js';
import { claimDue, recordSent } from '../../src/services/outbox.js';
import { ERASED_REASON } from '../../src/shared/index.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { everyCell } from '../helpers/tableSnapshot.js';
import { allContacts, freshWorkspace, importFile, type Contact } from './helpers.js';

/**
 * "Deleting a contact removes it and everything about it … and keeps only a hashed suppression
 * entry so that a re-import does not bring the person back without consent."
 */
describe.each(testDialects())('erasure on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => { await t.close(); });

  // Letters no hex id or hash contains, so a match in the scan is the person's data and nothing else.
  const MARK = 'qzwvk';
  const person = {
    name: `Erin ${MARK} Example`, email: `erin.${MARK}@erase.example`, phone: '+1 415 555 0173', company: `${MARK} Industries`,
    title: `Chief ${MARK}`, notes: `likes ${MARK} tea`, interests: [`${MARK} pricing`], timeZone: 'America/Los_Angeles',
  };

  /** A person with everything the product can know about them: touches, promises, deals, consent, a series, an import. */
  async function personWithHistory(api: ApiClient): Promise<Contact> {
    const contact = (await api.post<Contact>('/api/v1/contacts', person)).body;
    expect(contact.id).toEqual(expect.any(String));
    const opportunity = await api.post<{ id: string }>('/api/v1/opportunities', { contactId: contact.id, title: `${MARK} renewal` });
    expect(opportunity.status, JSON.stringify(opportunity.body)).toBe(201);
    const logged = await api.post('/api/v1/interactions', {
      contactId: contact.id, channel: 'call', result: 'connected', notes: `spoke about ${MARK}`, changed: `${MARK} budget approved`,
      opportunityId: opportunity.body.id,
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T10:00' }, channel: 'video', agenda: `${MARK} demo`, progress: `${MARK} pilot` } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect((await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-04-01' }, channel: 'email', agenda: `${MARK} contract` })).status).toBe(201);
    expect((await api.patch(`/api/v1/contacts/${contact.id}`, { buyingProcess: `${MARK} committee` })).status).toBe(200);
    // Custom fields on the contact and on their deal (a workspace defines each once).
    for (const entity of ['contact', 'deal']) expect([201, 409]).toContain((await api.post('/api/v1/custom-fields', { entity, key: 'remark', label: 'Remark', type: 'text' })).status);
    expect((await api.patch(`/api/v1/contacts/${contact.id}`, { customFields: { remark: `${MARK} likes golf` } })).status).toBe(200);
    expect((await api.patch(`/api/v1/opportunities/${opportunity.body.id}`, { customFields: { remark: `${MARK} via partner` } })).status).toBe(200);
    expect((await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: `${MARK} too busy` })).status).toBe(200);
    expect((await api.post(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: `${MARK} email of 2 March` })).status).toBe(200);
    const enrolled = await api.post('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    // An import that updates them leaves an audit entry and an import record behind.
    const report = await importFile(t, api, `Name,Email,Title\n${person.name},${person.email},Chief ${MARK} Officer\n`, 'duplicates=update');
    expect(report).toMatchObject({ updated: 1 });
    return contact;
  }

  function traces(cells: Array<{ table: string; column: string; text: string }>, contact: Contact): string[] {
    const needles = [MARK, person.email, '4155550173', '415 555 0173', contact.id];
    return cells.filter((c) => needles.some((n) => c.text.toLowerCase().includes(n.toLowerCase()))).map((c) => `${c.table}.${c.column}: ${c.text.slice(0, 80)}`);
  }

  it('leaves no trace of the person in any table, only suppression hashes', async () => {
    const api = await freshWorkspace(t, owner);
    const contact = await personWithHistory(api);
    // This morning's digest named them among today's calls; once sent, the outbox keeps no copy of it.
    expect((await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-02T16:30' }, channel: 'call', agenda: 'quick check' })).status).toBe(201);
    expect(await enqueueDueDigests(t.deps)).toBeGreaterThan(0);
    const queued = await t.store.db.selectFrom('outbox').selectAll().where('kind', '=', 'digest').where('status', '=', 'queued').execute();
    expect(queued.some((d) => d.text.includes(MARK))).toBe(true);
    const claimed = await claimDue(t.deps, { limit: 50, leaseMs: 60_000, maxLatenessMs: 86_400_000 });
    for (const digest of claimed.filter((m) => m.kind === 'digest')) expect(await recordSent(t.deps, digest)).toBe('recorded');
    const sent = await t.store.db.selectFrom('outbox').select(['status', 'text']).where('id', 'in', queued.map((d) => d.id)).execute();
    expect(sent).toEqual(queued.map(() => ({ status: 'sent', text: '' })));
    const before = traces(await everyCell(t.store.db), contact);
    // The scan does see them while they exist: in contacts, interactions, follow-ups, opportunities, consent, enrollments, audit.
    const tables = new Set(before.map((b) => b.split('.')[0]));
    for (const table of ['contacts', 'interactions', 'follow_ups', 'opportunities', 'consent_records', 'enrollments', 'audit_log', 'custom_field_values']) expect(tables).toContain(table);

    expect((await api.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(204);
    expect(traces(await everyCell(t.store.db), contact)).toEqual([]);
    const suppressions = await t.store.db.selectFrom('suppressions').selectAll().where('workspace_id', '=', api.workspaceId).execute();
    expect(suppressions).toHaveLength(2); // email and phone
    for (const s of suppressions) expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a re-import of the person (by email or by phone) without explicit opt-in; allowErased brings them back with a consent record', async () => {
    const api = await freshWorkspace(t, owner);
    const contact = await personWithHistory(api);
    expect((await api.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(204);

    const file = [
      'Name,Email,Phone',
      `Erin Again,ERIN.${MARK}@erase.example,`, // same email, other case
      'Erin By Phone,erin.other@erase.example,+1 (415) 555-0173', // same phone, written differently
      'Someone Else,someone@erase.example,+1 415 555 0999',
    ].join('\n');
    for (const query of ['', 'duplicates=merge', 'dryRun=true']) {
      const refused = await importFile(t, api, file, query);
      expect(refused, query).toMatchObject({ rejectedCount: 2, rejected: [{ line: 2, reason: ERASED_REASON }, { line: 3, reason: ERASED_REASON }] });
      expect(refused.imported + refused.skipped, query).toBe(1); // Someone Else: new the first time, a duplicate after
    }
    const vcard = `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Erin\r\nEMAIL:erin.${MARK}@erase.example\r\nEND:VCARD\r\n`;
    expect(await importFile(t, api, vcard, '', 'text/vcard')).toMatchObject({ imported: 0, rejected: [{ line: 1, reason: ERASED_REASON }] });
    expect((await allContacts(api)).map((c) => c.name)).toEqual(['Someone Else']);

    const consented = await importFile(t, api, file, 'allowErased=true&duplicates=skip');
    expect(consented).toMatchObject({ imported: 2, skipped: 1, rejectedCount: 0 });
    const back = (await allContacts(api)).filter((c) => c.name.startsWith('Erin'));
    expect(back).toHaveLength(2);
    for (const c of back) {
      const consent = await api.get<{ items: Array<{ kind: string; detail: string }> }>(`/api/v1/contacts/${c.id}/consent`);
      expect(consent.body.items).toEqual([expect.objectContaining({ kind: 'opt-in', detail: expect.stringContaining('explicit opt-in') })]);
    }
    expect(await t.store.db.selectFrom('suppressions').selectAll().where('workspace_id', '=', api.workspaceId).execute()).toEqual([]);
  });

  it('keeps suppression per workspace: another workspace may import the same person', async () => {
    const api = await freshWorkspace(t, owner);
    const contact = (await api.post<Contact>('/api/v1/contacts', { name: 'Wanda Ws', email: 'wanda@ws.example' })).body;
    expect((await api.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(204);
    const other = await freshWorkspace(t, owner);
    expect(await importFile(t, other, 'Name,Email\nWanda Ws,wanda@ws.example\n')).toMatchObject({ imported: 1 });
    expect(await importFile(t, api, 'Name,Email\nWanda Ws,wanda@ws.example\n')).toMatchObject({ imported: 0, rejectedCount: 1 });
  });
});
