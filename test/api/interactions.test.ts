import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type {
  contactSchema, followUpSchema, logInteractionResponseSchema, opportunitySchema,
} from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths as paths } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
type Page<T> = { items: T[]; nextCursor: string | null };
type Consent = { kind: string; detail: string };

const START = '2026-03-02T15:00:00Z'; // Monday 2 March, 10:00 in New York

describe.each(testDialects())('interactions and opportunities on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(START); });

  /** A workspace of the test's own, with one contact in New York. */
  async function workspaceWithContact(fields: Record<string, unknown> = {}): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner);
    const contact = await api.post<Contact>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'America/New_York', ...fields });
    expect(contact.status).toBe(201);
    return { api, contact: contact.body };
  }

  async function log(api: ApiClient, body: Record<string, unknown>): Promise<Logged> {
    const response = await api.post<Logged>('/api/v1/interactions', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** A meeting that ended with an agreed next step; returns the agreed follow-up. */
  async function agreeNextStep(api: ApiClient, contactId: string, next: Record<string, unknown>): Promise<FollowUp> {
    const logged = await log(api, { contactId, channel: 'meeting', outcome: { type: 'next-step', next } });
    if (!logged.next) throw new Error('no next follow-up');
    return logged.next;
  }

  async function countRows(): Promise<number[]> {
    const db = t.store.db;
    const count = async (table: 'interactions' | 'follow_ups' | 'opportunities' | 'consent_records') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return [await count('interactions'), await count('follow_ups'), await count('opportunities'), await count('consent_records')];
  }

  describe('logging a touch', () => {
    it('logs a touch that was not a conversation without an outcome (201)', async () => {
      const { api, contact } = await workspaceWithContact();
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer', notes: 'rang twice' });
      expect(logged).toEqual({
        interaction: expect.objectContaining({
          contactId: contact.id, channel: 'call', result: 'no-answer', direction: 'out', notes: 'rang twice', outcome: null,
          occurredAt: '2026-03-02T15:00:00.000Z', touchNumber: 1, opportunityId: null, followUpId: null,
        }),
        fulfilled: null, next: null, warnings: [], enrollments: [],
      });
    });

    it('records a past occurredAt as given', async () => {
      const { api, contact } = await workspaceWithContact();
      const logged = await log(api, { contactId: contact.id, channel: 'email', occurredAt: '2026-03-01T09:30:00+01:00' });
      expect(logged.interaction.occurredAt).toBe('2026-03-01T08:30:00.000Z');
    });

    it.each([
      { channel: 'call', result: 'connected' },
      { channel: 'email', result: 'replied' },
      { channel: 'meeting', result: 'held' },
      { channel: 'meeting' },
      { channel: 'video' },
      { channel: 'coffee' },
    ])('refuses a conversation ($channel, $result) without an outcome: 400 naming outcome, nothing stored', async (touch) => {
      const { api, contact } = await workspaceWithContact();
      const before = await countRows();
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, ...touch }), 400, '/invalid');
      expect(paths(problem)).toEqual(['outcome']);
      expect(await countRows()).toEqual(before);
    });

    it('refuses a next step without the agreed follow-up: 400 naming outcome.next', async () => {
      const { api, contact } = await workspaceWithContact();
      const before = await countRows();
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'connected', outcome: { type: 'next-step' } }), 400);
      expect(paths(problem)).toEqual(['outcome.next']);
      expect(await countRows()).toEqual(before);
    });

    it('refuses a next follow-up on an outcome other than next-step (400 naming outcome.next)', async () => {
      const { api, contact } = await workspaceWithContact();
      const problem = expectProblem(await api.post('/api/v1/interactions', {
        contactId: contact.id, channel: 'meeting', outcome: { type: 'yes', next: { due: { date: '2026-03-10' }, channel: 'email' } },
      }), 400);
      expect(paths(problem)).toEqual(['outcome.next']);
    });

    it('refuses an occurredAt in the future (400 naming occurredAt)', async () => {
      const { api, contact } = await workspaceWithContact();
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', occurredAt: '2026-03-03T15:00:00Z' }), 400);
      expect(paths(problem)).toEqual(['occurredAt']);
    });

    it('answers an unknown contact with 404', async () => {
      const { api } = await workspaceWithContact();
      expectProblem(await api.post('/api/v1/interactions', { contactId: 'no-such-contact', channel: 'email' }), 404, '/not-found');
    });

    it('lets a conversation end without agreement', async () => {
      const { api, contact } = await workspaceWithContact();
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'connected', outcome: { type: 'no-agreement' } });
      expect(logged.interaction.outcome).toBe('no-agreement');
      expect(logged.next).toBeNull();
    });
  });

  describe('outcomes', () => {
    it('next-step stores the agreed follow-up as a promise and opens an opportunity', async () => {
      const { api, contact } = await workspaceWithContact();
      const logged = await log(api, {
        contactId: contact.id, channel: 'meeting', notes: 'liked the pilot',
        outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'coffee', agenda: 'pilot pricing' } },
      });
      expect(logged.interaction).toMatchObject({ outcome: 'next-step', touchNumber: 1, opportunityId: expect.any(String) });
      expect(logged.next).toMatchObject({
        contactId: contact.id, source: 'agreement', promised: true, status: 'open', channel: 'coffee', agenda: 'pilot pricing',
        dueLocal: '2026-03-10T16:00', dueAt: '2026-03-10T20:00:00.000Z', timeZone: 'America/New_York',
        opportunityId: logged.interaction.opportunityId, touchNumber: 2,
      });
      const opportunity = await api.get<Opportunity>(`/api/v1/opportunities/${logged.interaction.opportunityId ?? ''}`);
      expect(opportunity.body).toMatchObject({ contactId: contact.id, status: 'open', touches: 1, stalled: false, nextFollowUp: logged.next });
    });

    it('fulfils the named follow-up: done at the time of the touch', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'call' });
      t.clock.set('2026-03-03T15:10:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer', followUpId: agreed.id });
      expect(logged.fulfilled).toMatchObject({ id: agreed.id, status: 'done', doneAt: '2026-03-03T15:10:00.000Z' });
      expect(logged.interaction).toMatchObject({ followUpId: agreed.id, opportunityId: agreed.opportunityId, touchNumber: 2 });
      expect(logged.warnings).toEqual([]);
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${agreed.id}`)).body.status).toBe('done');
    });

    it('yes closes the opportunity as won on that touch', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'call' });
      t.clock.set('2026-03-03T15:00:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'connected', followUpId: agreed.id, outcome: { type: 'yes' } });
      const opportunity = await api.get<Opportunity>(`/api/v1/opportunities/${agreed.opportunityId ?? ''}`);
      expect(opportunity.body).toMatchObject({ status: 'won', closedOnTouch: 2, touches: 2, closedAt: '2026-03-03T15:00:00.000Z', stalled: false });
      expect(logged.interaction.outcome).toBe('yes');
      expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body.doNotContact).toBe(false);
    });

    it('yes with no opportunity yet opens one and closes it as won', async () => {
      const { api, contact } = await workspaceWithContact();
      const logged = await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'yes' } });
      const opportunity = await api.get<Opportunity>(`/api/v1/opportunities/${logged.interaction.opportunityId ?? ''}`);
      expect(opportunity.body).toMatchObject({ status: 'won', closedOnTouch: 1 });
    });

    it('no closes the opportunity as lost, cancels open follow-ups and marks the contact do-not-contact', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'call' });
      const extra = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-20' }, channel: 'email' });
      t.clock.set('2026-03-03T15:00:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'connected', followUpId: agreed.id, outcome: { type: 'no' } });

      expect(logged.fulfilled?.status).toBe('done');
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${agreed.id}`)).body.status).toBe('done');
      expect((await api.get<Opportunity>(`/api/v1/opportunities/${agreed.opportunityId ?? ''}`)).body).toMatchObject({ status: 'lost', closedOnTouch: 2 });
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${extra.body.id}`)).body).toMatchObject({ status: 'cancelled', statusReason: 'said no' });
      expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body).toMatchObject({ doNotContact: true, doNotContactReason: 'said no' });
      const consent = await api.get<Page<Consent>>(`/api/v1/contacts/${contact.id}/consent`);
      expect(consent.body.items.map((c) => c.kind)).toEqual(['said-no']);
    });

    it('after a no, new follow-ups are refused (409 do-not-contact)', async () => {
      const { api, contact } = await workspaceWithContact();
      await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'no' } });
      expectProblem(await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-20' }, channel: 'email' }), 409, '/do-not-contact');
    });

    it('refuses to agree a next step with a do-not-contact contact (409), storing nothing', async () => {
      const { api, contact } = await workspaceWithContact();
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      const before = await countRows();
      const response = await api.post('/api/v1/interactions', {
        contactId: contact.id, channel: 'call', direction: 'in', result: 'connected',
        outcome: { type: 'next-step', next: { due: { date: '2026-03-10' }, channel: 'email' } },
      });
      expectProblem(response, 409, '/do-not-contact');
      expect(await countRows()).toEqual(before);
    });

    it('refuses to fulfil another contact\'s follow-up (400 naming followUpId)', async () => {
      const { api, contact } = await workspaceWithContact();
      const other = await api.post<Contact>('/api/v1/contacts', { name: 'Omar Fox' });
      const theirs = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: other.body.id, due: { date: '2026-03-03' }, channel: 'email' });
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', followUpId: theirs.body.id }), 400);
      expect(paths(problem)).toEqual(['followUpId']);
    });

    it('refuses to fulfil a follow-up twice (400 naming followUpId)', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-02' }, channel: 'email' });
      await log(api, { contactId: contact.id, channel: 'email', followUpId: followUp.body.id });
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', followUpId: followUp.body.id }), 400);
      expect(paths(problem)).toEqual(['followUpId']);
    });
  });

  describe('warnings', () => {
    const codes = (logged: Logged) => logged.warnings.map((w) => w.code).sort();

    it('warns channel-mismatch when a promise is kept through another channel', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'coffee' });
      t.clock.set('2026-03-03T15:30:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'voicemail', followUpId: agreed.id });
      expect(codes(logged)).toEqual(['channel-mismatch']);
      expect(logged.warnings[0]?.message).toEqual(expect.any(String));
    });

    it('warns late when the touch comes after the agreed day in the contact\'s zone', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'call' });
      t.clock.set('2026-03-04T15:00:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer', followUpId: agreed.id });
      expect(codes(logged)).toEqual(['late']);
    });

    it('is not late later on the agreed day in the contact\'s zone, even when it is the next day in UTC', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'call' });
      t.clock.set('2026-03-04T03:00:00Z'); // 22:00 on 3 March in New York
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer', followUpId: agreed.id });
      expect(logged.warnings).toEqual([]);
    });

    it('counts an all-day follow-up as on time all that day', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { date: '2026-03-03' }, channel: 'email' });
      t.clock.set('2026-03-04T04:30:00Z'); // 23:30 on 3 March in New York
      const logged = await log(api, { contactId: contact.id, channel: 'email', followUpId: agreed.id });
      expect(logged.warnings).toEqual([]);
    });

    it('reports both broken promises at once', async () => {
      const { api, contact } = await workspaceWithContact();
      const agreed = await agreeNextStep(api, contact.id, { due: { local: '2026-03-03T10:00' }, channel: 'coffee' });
      t.clock.set('2026-03-05T15:00:00Z');
      const logged = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer', followUpId: agreed.id });
      expect(codes(logged)).toEqual(['channel-mismatch', 'late']);
    });

    it.each([
      { interest: 'passing' },
      { canBuy: 'no' },
    ])('warns unqualified on a next step with a contact who is %o', async (qualification) => {
      const { api, contact } = await workspaceWithContact(qualification);
      const logged = await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { date: '2026-03-10' }, channel: 'email' } } });
      expect(codes(logged)).toEqual(['unqualified']);
      expect(logged.next).not.toBeNull();
    });

    it('does not warn unqualified for a qualified contact', async () => {
      const { api, contact } = await workspaceWithContact({ interest: 'real', canBuy: 'yes' });
      const logged = await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { date: '2026-03-10' }, channel: 'email' } } });
      expect(logged.warnings).toEqual([]);
    });
  });

  describe('opportunities', () => {
    async function openOpportunity(api: ApiClient, name: string, withFollowUp: boolean): Promise<Opportunity> {
      const contact = await api.post<Contact>('/api/v1/contacts', { name });
      const created = await api.post<Opportunity>('/api/v1/opportunities', { contactId: contact.body.id, title: `${name} deal` });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      if (withFollowUp) await api.post('/api/v1/follow-ups', { contactId: contact.body.id, due: { date: '2026-03-10' }, channel: 'email' });
      return created.body;
    }

    it('opens an opportunity (201): open, no touches, stalled until a next step is scheduled', async () => {
      const { api, contact } = await workspaceWithContact();
      const created = await api.post<Opportunity>('/api/v1/opportunities', { contactId: contact.id, title: 'Pilot for 20 seats' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ contactId: contact.id, title: 'Pilot for 20 seats', status: 'open', touches: 0, closedOnTouch: null, stalled: true, nextFollowUp: null });
      const followUp = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-10' }, channel: 'email' });
      const after = await api.get<Opportunity>(`/api/v1/opportunities/${created.body.id}`);
      const { warnings: _warnings, ...stored } = followUp.body as FollowUp & { warnings: unknown[] };
      expect(after.body).toMatchObject({ stalled: false, nextFollowUp: stored });
    });

    it('refuses a second open opportunity for the same contact (409)', async () => {
      const { api, contact } = await workspaceWithContact();
      await api.post('/api/v1/opportunities', { contactId: contact.id, title: 'First' });
      expectProblem(await api.post('/api/v1/opportunities', { contactId: contact.id, title: 'Second' }), 409);
    });

    it('lists the pipeline with the stalled opportunities first', async () => {
      const { api } = await workspaceWithContact();
      const healthy = await openOpportunity(api, 'Hal Healthy', true);
      const stalled = await openOpportunity(api, 'Stella Stalled', false);
      const alsoHealthy = await openOpportunity(api, 'Hank Healthy', true);
      const response = await api.get<Page<Opportunity>>('/api/v1/opportunities?status=open');
      expect(response.status).toBe(200);
      expect(response.body.items.map((o) => [o.id, o.stalled])).toEqual([[stalled.id, true], [healthy.id, false], [alsoHealthy.id, false]]);
      expect(response.body.items[1]?.nextFollowUp).toMatchObject({ dueLocal: '2026-03-10', status: 'open' });
    });

    it('puts the stalled opportunities first across pages too', async () => {
      const { api } = await workspaceWithContact();
      const healthy = await openOpportunity(api, 'Hal Healthy', true);
      const alsoHealthy = await openOpportunity(api, 'Hank Healthy', true);
      const stalled = await openOpportunity(api, 'Stella Stalled', false);
      const first = await api.get<Page<Opportunity>>('/api/v1/opportunities?status=open&limit=2');
      expect(first.body.items.map((o) => o.id)).toEqual([stalled.id, healthy.id]);
      const second = await api.get<Page<Opportunity>>(`/api/v1/opportunities?status=open&limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: alsoHealthy.id, stalled: false })], nextCursor: null });
    });

    it('filters the pipeline by status and contact', async () => {
      const { api, contact } = await workspaceWithContact();
      const won = await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'yes' } });
      const open = await openOpportunity(api, 'Still Open', false);
      const wonList = await api.get<Page<Opportunity>>('/api/v1/opportunities?status=won');
      expect(wonList.body.items.map((o) => o.id)).toEqual([won.interaction.opportunityId]);
      const byContact = await api.get<Page<Opportunity>>(`/api/v1/opportunities?contactId=${open.contactId}`);
      expect(byContact.body.items.map((o) => o.id)).toEqual([open.id]);
    });

    it('answers an unknown opportunity with 404', async () => {
      const { api } = await workspaceWithContact();
      expectProblem(await api.get('/api/v1/opportunities/no-such-opportunity'), 404, '/not-found');
    });
  });
});
