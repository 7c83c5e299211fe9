import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema, interactionSchema, logInteractionResponseSchema, opportunitySchema, userSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Interaction = z.infer<typeof interactionSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
type User = z.infer<typeof userSchema>;
type Page<T> = { items: T[]; nextCursor: string | null };
type Consent = { id: string; kind: string; detail: string; userId: string | null; createdAt: string };

/** Follows nextCursor to the end; returns every page. */
async function allPages<T>(api: ApiClient, path: string): Promise<Array<Page<T>>> {
  const pages: Array<Page<T>> = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: { status: number; body: Page<T> } = await api.get<Page<T>>(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path);
    expect(response.status).toBe(200);
    pages.push(response.body);
    cursor = response.body.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe.each(testDialects())('contacts on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let ownerUserId: string;
  let workspaceSeq = 0;

  beforeAll(async () => { ({ t, api: owner, userId: ownerUserId } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));

  /** Each test works in a workspace of its own, so lists hold only what the test made. */
  async function freshWorkspace(): Promise<ApiClient> {
    workspaceSeq += 1; // tells apart the colleagues the tests add
    return newWorkspace(t, owner);
  }

  async function createContact(api: ApiClient, fields: Record<string, unknown>): Promise<Contact> {
    const response = await api.post<Contact>('/api/v1/contacts', fields);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function scheduleFollowUp(api: ApiClient, contactId: string, local = '2026-03-10T10:00'): Promise<FollowUp> {
    const response = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due: { local }, channel: 'call' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  describe('create, read, update', () => {
    it('creates a contact with its whole protocol (201)', async () => {
      const api = await freshWorkspace();
      const input = {
        name: 'Dana Lee', email: 'Dana@Example.com', phone: '+1 212 555 0100', company: 'Globex', title: 'CFO',
        timeZone: 'America/New_York', preferredChannel: 'coffee',
        reachable: [{ days: [1, 2, 3], from: '09:00', to: '12:00' }], interests: ['pricing', 'security'],
        relationship: 'customer', interest: 'real', canBuy: 'yes', notes: 'met at the fair',
      };
      const response = await api.post<Contact>('/api/v1/contacts', input);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        ...input, email: 'dana@example.com', doNotContact: false, doNotContactReason: null, id: expect.any(String),
      });
      expect(response.body.createdAt).toBe('2026-03-02T15:00:00.000Z');
    });

    it('defaults the zone to the user\'s and the qualification to unknown', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Zed Zoneless' });
      expect(contact).toMatchObject({ timeZone: 'Europe/London', relationship: 'prospect', interest: 'unknown', canBuy: 'unknown', reachable: [], interests: [] });
    });

    it('reads a contact by id', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Read Me', company: 'Initech' });
      const response = await api.get<Contact>(`/api/v1/contacts/${contact.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject(contact);
    });

    it('patches only the given fields and records the edit in the audit trail', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Pat Patch', company: 'Old Co', interests: ['a'] });
      t.clock.advance(60_000);
      const response = await api.patch<Contact>(`/api/v1/contacts/${contact.id}`, { company: 'New Co', interest: 'passing', phone: null });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ...contact, company: 'New Co', interest: 'passing', phone: null, updatedAt: expect.any(String) });
      expect(response.body.updatedAt > contact.updatedAt).toBe(true);
      expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body).toMatchObject(response.body);
      const audit = await t.store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', contact.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['update']);
    });

    it('answers an unknown id with 404 problem JSON', async () => {
      const api = await freshWorkspace();
      expectProblem(await api.get('/api/v1/contacts/00000000-0000-7000-8000-000000000000'), 404, '/not-found');
      expectProblem(await api.patch('/api/v1/contacts/00000000-0000-7000-8000-000000000000', { name: 'x' }), 404);
      expectProblem(await api.delete('/api/v1/contacts/00000000-0000-7000-8000-000000000000'), 404);
    });

    it('refuses a contact without a name (400 naming name)', async () => {
      const api = await freshWorkspace();
      const problem = expectProblem(await api.post('/api/v1/contacts', { email: 'nameless@example.com' }), 400, '/invalid');
      expect(problem.errors?.map((e) => e.path)).toContain('name');
    });
  });

  describe('search, filters and pages', () => {
    it('finds contacts by a case-insensitive part of the name, company, email or phone', async () => {
      const api = await freshWorkspace();
      const dana = await createContact(api, { name: 'Dana Lee', company: 'Globex', email: 'dana@globex.test', phone: '+44 20 7946 0001' });
      const omar = await createContact(api, { name: 'Omar Fox', company: 'Initech', email: 'omar@initech.test', phone: '+44 20 7946 0999' });
      const ids = async (q: string) => (await api.get<Page<Contact>>(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c) => c.id);
      expect(await ids('dana')).toEqual([dana.id]);
      expect(await ids('LEE')).toEqual([dana.id]);
      expect(await ids('initech')).toEqual([omar.id]);
      expect(await ids('@globex')).toEqual([dana.id]);
      expect(await ids('0999')).toEqual([omar.id]);
      expect((await ids('7946')).sort()).toEqual([dana.id, omar.id].sort());
      expect(await ids('nobody-matches')).toEqual([]);
    });

    it('treats % and _ in q as plain punctuation, not wildcards', async () => {
      const api = await freshWorkspace();
      const percent = await createContact(api, { name: '100% Dana' });
      await createContact(api, { name: 'Plain Dana' });
      const response = await api.get<Page<Contact>>(`/api/v1/contacts?q=${encodeURIComponent('100%')}`);
      expect(response.body.items.map((c) => c.id)).toEqual([percent.id]);
      expect((await api.get<Page<Contact>>('/api/v1/contacts?q=_')).body.items).toEqual([]);
    });

    it('filters by relationship', async () => {
      const api = await freshWorkspace();
      const customer = await createContact(api, { name: 'Cus Tomer', relationship: 'customer' });
      await createContact(api, { name: 'Pro Spect' });
      const response = await api.get<Page<Contact>>('/api/v1/contacts?relationship=customer');
      expect(response.body.items.map((c) => c.id)).toEqual([customer.id]);
    });

    it('filters by doNotContact', async () => {
      const api = await freshWorkspace();
      const optedOut = await createContact(api, { name: 'Opted Out' });
      const reachable = await createContact(api, { name: 'Still Reachable' });
      await api.post(`/api/v1/contacts/${optedOut.id}/opt-out`, { reason: 'asked to stop' });
      expect((await api.get<Page<Contact>>('/api/v1/contacts?doNotContact=true')).body.items.map((c) => c.id)).toEqual([optedOut.id]);
      expect((await api.get<Page<Contact>>('/api/v1/contacts?doNotContact=false')).body.items.map((c) => c.id)).toEqual([reachable.id]);
    });

    it('filters by owner', async () => {
      const api = await freshWorkspace();
      const colleague = await api.post<User>('/api/v1/users', {
        email: `colleague${workspaceSeq}@example.com`, password: 'correct horse battery', name: 'Col League', role: 'member',
      });
      expect(colleague.status).toBe(201);
      const theirs = await createContact(api, { name: 'Their Contact', ownerId: colleague.body.id });
      const mine = await createContact(api, { name: 'My Contact' });
      expect(mine.ownerId).toBe(ownerUserId);
      expect((await api.get<Page<Contact>>(`/api/v1/contacts?ownerId=${colleague.body.id}`)).body.items.map((c) => c.id)).toEqual([theirs.id]);
      expect((await api.get<Page<Contact>>(`/api/v1/contacts?ownerId=${ownerUserId}`)).body.items.map((c) => c.id)).toEqual([mine.id]);
    });

    it('refuses an owner who is not in the workspace (400 naming ownerId)', async () => {
      const api = await freshWorkspace();
      const problem = expectProblem(await api.post('/api/v1/contacts', { name: 'Orphan', ownerId: '00000000-0000-7000-8000-000000000000' }), 400);
      expect(problem.errors?.map((e) => e.path)).toContain('ownerId');
    });

    it('pages with limit and cursor: every contact exactly once, in name order, then nextCursor null', async () => {
      const api = await freshWorkspace();
      const names = ['Echo', 'Alpha', 'Delta', 'Bravo', 'Golf', 'Charlie', 'Foxtrot'];
      for (const name of names) await createContact(api, { name });
      const pages = await allPages<Contact>(api, '/api/v1/contacts?limit=3');
      expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
      expect(pages.flatMap((p) => p.items.map((c) => c.name))).toEqual([...names].sort());
      expect(pages.at(-1)?.nextCursor).toBeNull();
    });

    it('pages within a search', async () => {
      const api = await freshWorkspace();
      for (const name of ['Team A1', 'Team A2', 'Team A3', 'Other B1']) await createContact(api, { name });
      const pages = await allPages<Contact>(api, '/api/v1/contacts?q=team&limit=2');
      // Equally good matches (all in the name): the newest contact first (store/contactSearch.ts).
      expect(pages.flatMap((p) => p.items.map((c) => c.name))).toEqual(['Team A3', 'Team A2', 'Team A1']);
    });

    it('returns one page with nextCursor null when everything fits', async () => {
      const api = await freshWorkspace();
      await createContact(api, { name: 'Solo' });
      const response = await api.get<Page<Contact>>('/api/v1/contacts');
      expect(response.body).toEqual({ items: [expect.objectContaining({ name: 'Solo' })], nextCursor: null });
    });

    it('pages 50 at a time by default', async () => {
      const api = await freshWorkspace();
      for (let i = 0; i < 51; i++) await createContact(api, { name: `Bulk ${String(i).padStart(2, '0')}` });
      const first = await api.get<Page<Contact>>('/api/v1/contacts');
      expect(first.body.items).toHaveLength(50);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const rest = await api.get<Page<Contact>>(`/api/v1/contacts?cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
      expect(rest.body).toEqual({ items: [expect.objectContaining({ name: 'Bulk 50' })], nextCursor: null });
    });

    it('refuses a limit above 500 (400 naming limit)', async () => {
      const api = await freshWorkspace();
      const problem = expectProblem(await api.get('/api/v1/contacts?limit=501'), 400);
      expect(problem.errors?.map((e) => e.path).join()).toContain('limit');
    });
  });

  describe('opt-out and opt-in', () => {
    it('opts out: doNotContact with the reason and the time', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Ollie Out' });
      const response = await api.post<Contact>(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'unsubscribed by phone' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: contact.id, doNotContact: true, doNotContactReason: 'unsubscribed by phone', doNotContactAt: new Date(t.clock.nowMs).toISOString() });
      expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body.doNotContact).toBe(true);
    });

    it('cancels the contact\'s open follow-ups on opt-out, and only those', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Ollie Out' });
      const other = await createContact(api, { name: 'Still Wanted' });
      const first = await scheduleFollowUp(api, contact.id, '2026-03-10T10:00');
      const second = await scheduleFollowUp(api, contact.id, '2026-03-12T10:00');
      const kept = await scheduleFollowUp(api, other.id);
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      for (const id of [first.id, second.id]) {
        const followUp = (await api.get<FollowUp>(`/api/v1/follow-ups/${id}`)).body;
        expect(followUp.status).toBe('cancelled');
        expect(followUp.statusReason).toContain('asked to stop');
      }
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${kept.id}`)).body.status).toBe('open');
    });

    it('refuses a new follow-up while opted out (409 do-not-contact), and nothing is stored', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Ollie Out' });
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      const response = await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-10' }, channel: 'email' });
      expectProblem(response, 409, '/do-not-contact');
      expect(await t.store.db.selectFrom('follow_ups').select('id').where('contact_id', '=', contact.id).execute()).toEqual([]);
    });

    it('opts in again with evidence: doNotContact false and follow-ups allowed', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Ina In' });
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      const response = await api.post<Contact>(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: 'signed the form on 2 March' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ doNotContact: false, doNotContactReason: null, doNotContactAt: null });
      const followUp = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-10' }, channel: 'email' });
      expect(followUp.status).toBe(201);
    });

    it('refuses an opt-in without evidence (400 naming evidence)', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Ina In' });
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      const problem = expectProblem(await api.post(`/api/v1/contacts/${contact.id}/opt-in`, {}), 400);
      expect(problem.errors?.map((e) => e.path)).toContain('evidence');
      expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body.doNotContact).toBe(true);
    });

    it('keeps the consent record: the opt-out and the opt-in with their evidence', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Cora Consent' });
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      t.clock.advance(1000);
      await api.post(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: 'email of 3 March' });
      const consent = await api.get<Page<Consent>>(`/api/v1/contacts/${contact.id}/consent`);
      expect(consent.status).toBe(200);
      expect(consent.body.items.map((c) => [c.kind, c.detail])).toEqual([['opt-out', 'asked to stop'], ['opt-in', 'email of 3 March']]);
    });
  });

  describe('timeline', () => {
    it('lists the contact\'s interactions newest first, whatever order they were logged in', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Tim Line' });
      const other = await createContact(api, { name: 'Not Him' });
      const times = ['2026-02-20T10:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-02-25T16:30:00.000Z', '2026-02-10T08:00:00.000Z'];
      for (const occurredAt of times) {
        const logged = await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'no-answer', occurredAt });
        expect(logged.status, JSON.stringify(logged.body)).toBe(201);
      }
      await api.post('/api/v1/interactions', { contactId: other.id, channel: 'call', result: 'no-answer' });
      const response = await api.get<Page<Interaction>>(`/api/v1/contacts/${contact.id}/timeline`);
      expect(response.status).toBe(200);
      expect(response.body.items.map((i) => i.occurredAt)).toEqual([...times].sort().reverse());
      expect(response.body.items.every((i) => i.contactId === contact.id)).toBe(true);
      expect(response.body.nextCursor).toBeNull();
    });

    it('pages the timeline newest first', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Tim Line' });
      const times = ['2026-02-01T10:00:00.000Z', '2026-02-02T10:00:00.000Z', '2026-02-03T10:00:00.000Z', '2026-02-04T10:00:00.000Z', '2026-02-05T10:00:00.000Z'];
      for (const occurredAt of times) await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', occurredAt });
      const pages = await allPages<Interaction>(api, `/api/v1/contacts/${contact.id}/timeline?limit=2`);
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((p) => p.items.map((i) => i.occurredAt))).toEqual([...times].reverse());
    });
  });

  describe('erasure', () => {
    async function contactWithHistory(api: ApiClient, name: string): Promise<{ contact: Contact; opportunityId: string; followUpIds: string[] }> {
      const contact = await createContact(api, { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` });
      const logged = await api.post<Logged>('/api/v1/interactions', {
        contactId: contact.id, channel: 'meeting', notes: 'talked about the pilot',
        outcome: { type: 'next-step', next: { due: { local: '2026-03-10T10:00' }, channel: 'call', agenda: 'pilot pricing' } },
      });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
      const extra = await scheduleFollowUp(api, contact.id, '2026-03-20T10:00');
      const rescheduled = await api.patch(`/api/v1/follow-ups/${extra.id}`, { due: { local: '2026-03-21T11:00' }, agenda: 'private agenda about them' });
      expect(rescheduled.status).toBe(200);
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      await api.post(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: 'asked to resume' });
      return { contact, opportunityId: logged.body.interaction.opportunityId ?? '', followUpIds: [logged.body.next?.id ?? '', extra.id] };
    }

    async function rowsAbout(contactId: string, opportunityId: string, followUpIds: string[]) {
      const db = t.store.db;
      return {
        contacts: await db.selectFrom('contacts').select('id').where('id', '=', contactId).execute(),
        interactions: await db.selectFrom('interactions').select('id').where('contact_id', '=', contactId).execute(),
        followUps: await db.selectFrom('follow_ups').select('id').where('contact_id', '=', contactId).execute(),
        opportunities: await db.selectFrom('opportunities').select('id').where('contact_id', '=', contactId).execute(),
        consent: await db.selectFrom('consent_records').select('id').where('contact_id', '=', contactId).execute(),
        audit: await db.selectFrom('audit_log').select('id').where('entity_id', 'in', [contactId, opportunityId, ...followUpIds]).execute(),
      };
    }

    it('DELETE erases the contact and its interactions, follow-ups, opportunities, consent and audit entries', async () => {
      const api = await freshWorkspace();
      const { contact, opportunityId, followUpIds } = await contactWithHistory(api, 'Erin Erase');
      const before = await rowsAbout(contact.id, opportunityId, followUpIds);
      expect(before.interactions.length).toBeGreaterThan(0);
      expect(before.followUps).toHaveLength(2);
      expect(before.opportunities).toHaveLength(1);
      expect(before.consent).toHaveLength(2);
      expect(before.audit.length).toBeGreaterThan(0);

      const response = await api.delete(`/api/v1/contacts/${contact.id}`);
      expect(response.status).toBe(204);
      expect(await rowsAbout(contact.id, opportunityId, followUpIds)).toEqual({ contacts: [], interactions: [], followUps: [], opportunities: [], consent: [], audit: [] });
      expectProblem(await api.get(`/api/v1/contacts/${contact.id}`), 404);
      expectProblem(await api.get(`/api/v1/follow-ups/${followUpIds[0] ?? ''}`), 404);
      expectProblem(await api.get(`/api/v1/opportunities/${opportunityId}`), 404);
    });

    it('DELETE leaves other contacts\' history untouched', async () => {
      const api = await freshWorkspace();
      const gone = await contactWithHistory(api, 'Gone Soon');
      const kept = await contactWithHistory(api, 'Kept Around');
      const before = await rowsAbout(kept.contact.id, kept.opportunityId, kept.followUpIds);
      expect((await api.delete(`/api/v1/contacts/${gone.contact.id}`)).status).toBe(204);
      expect(await rowsAbout(kept.contact.id, kept.opportunityId, kept.followUpIds)).toEqual(before);
      expect((await api.get<Opportunity>(`/api/v1/opportunities/${kept.opportunityId}`)).status).toBe(200);
    });
  });
});
