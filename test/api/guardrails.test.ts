import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Warned = { warnings: { code: string; message: string }[] };

const START = '2026-03-02T15:00:00Z'; // Monday 2 March, 10:00 in New York
const codes = (body: Warned): string[] => body.warnings.map((w) => w.code).sort();

/** Issue 10, items 1–3: the practice's guardrails hold on every path that plans or records work. */
describe.each(testDialects())('guardrails on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(START); });

  async function workspaceWithContact(fields: Record<string, unknown> = {}): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner);
    const contact = await api.post<Contact>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'America/New_York', email: 'dana@example.com', ...fields });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    return { api, contact: contact.body };
  }

  async function log(api: ApiClient, body: Record<string, unknown>): Promise<Logged> {
    const response = await api.post<Logged>('/api/v1/interactions', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function countRows(): Promise<number[]> {
    const db = t.store.db;
    const count = async (table: 'interactions' | 'follow_ups' | 'opportunities' | 'consent_records') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return [await count('interactions'), await count('follow_ups'), await count('opportunities'), await count('consent_records')];
  }

  describe('qualification: every path that plans work for an unqualified contact warns unqualified', () => {
    it.each([
      { fields: { interest: 'passing' }, words: 'passing interest' },
      { fields: { canBuy: 'no' }, words: 'cannot buy' },
    ])('scheduling a follow-up for a contact with $fields (201, warnings)', async ({ fields, words }) => {
      const { api, contact } = await workspaceWithContact(fields);
      const response = await api.post<FollowUp & Warned>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-04T10:00' }, channel: 'call' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(codes(response.body)).toEqual(['unqualified']);
      expect(response.body.warnings[0]?.message).toContain(words);
    });

    it('moving a follow-up\'s due for an unqualified contact warns unqualified; other edits do not', async () => {
      const { api, contact } = await workspaceWithContact({ canBuy: 'no' });
      const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-04T10:00' }, channel: 'call' });
      const moved = await api.patch<FollowUp & Warned>(`/api/v1/follow-ups/${created.body.id}`, { due: { local: '2026-03-05T10:00' }, reason: 'they asked' });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(codes(moved.body)).toEqual(['unqualified']);
      const noted = await api.patch<FollowUp & Warned>(`/api/v1/follow-ups/${created.body.id}`, { agenda: 'the pricing' });
      expect(codes(noted.body)).toEqual([]);
    });

    it('enrolling an unqualified contact in a playbook warns unqualified (201, warnings)', async () => {
      const { api, contact } = await workspaceWithContact({ interest: 'passing' });
      const enrolled = await api.post<Warned & { id: string; state: string }>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'hard-to-reach' });
      expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
      expect(enrolled.body.state).toBe('active');
      expect(codes(enrolled.body)).toEqual(['unqualified']);
    });

    it('a qualified contact gets no warning on any of these paths', async () => {
      const { api, contact } = await workspaceWithContact({ interest: 'real', canBuy: 'yes' });
      const scheduled = await api.post<FollowUp & Warned>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-04T10:00' }, channel: 'call' });
      expect(codes(scheduled.body)).toEqual([]);
      const enrolled = await api.post<Warned>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'hard-to-reach' });
      expect(codes(enrolled.body)).toEqual([]);
    });
  });

  describe('stop after no: outbound touches to a do-not-contact contact are refused', () => {
    it('an outbound touch to a contact who opted out is 409 do-not-contact and writes nothing', async () => {
      const { api, contact } = await workspaceWithContact();
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      const before = await countRows();
      const problem = expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'no-answer' }), 409, '/do-not-contact');
      expect(problem.detail).toContain('Dana Lee');
      expect(await countRows()).toEqual(before);
    });

    it('after a no, the next outbound touch is refused but what they send is still logged', async () => {
      const { api, contact } = await workspaceWithContact();
      await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'no' } });
      expectProblem(await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email' }), 409, '/do-not-contact');
      const inbound = await log(api, { contactId: contact.id, channel: 'email', direction: 'in', result: 'replied', notes: 'changed their mind', outcome: { type: 'no-agreement' } });
      expect(inbound.interaction).toMatchObject({ direction: 'in', channel: 'email' });
    });

    it('the opt-in action lifts it: the outbound touch is logged again', async () => {
      const { api, contact } = await workspaceWithContact();
      await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked to stop' });
      await log(api, { contactId: contact.id, channel: 'email', direction: 'in', result: 'replied', notes: 'they wrote to say they want to talk again', outcome: { type: 'no-agreement' } });
      const optedIn = await api.post<Contact>(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: 'rang us on 2 March and asked to hear more' });
      expect(optedIn.status, JSON.stringify(optedIn.body)).toBe(200);
      const outbound = await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' });
      expect(outbound.interaction.direction).toBe('out');
    });
  });

  describe('not every day: an unagreed outbound touch over the frequency cap warns pestering', () => {
    // The default cap: at most 3 unagreed touches in any 7 days.
    it('the fourth unagreed touch in a week warns pestering; the first three do not', async () => {
      const { api, contact } = await workspaceWithContact();
      for (const day of ['02', '03', '04']) {
        t.clock.set(`2026-03-${day}T15:00:00Z`);
        expect(codes(await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' }))).toEqual([]);
      }
      t.clock.set('2026-03-05T15:00:00Z');
      const fourth = await log(api, { contactId: contact.id, channel: 'email' });
      expect(codes(fourth)).toEqual(['pestering']);
      expect(fourth.warnings[0]?.message).toMatch(/3 times in 7 days/);
      // The fourth was logged too, and counts: on Monday 9 March the last 7 days still hold three.
      t.clock.set('2026-03-09T16:00:00Z');
      expect(codes(await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' }))).toEqual(['pestering']);
      // A week after the fourth, there is room again.
      t.clock.set('2026-03-12T16:00:00Z');
      expect(codes(await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' }))).toEqual([]);
    });

    it('counts touches from every path: sends the mail worker logged count too', async () => {
      const { api, contact } = await workspaceWithContact();
      t.clock.set('2026-03-02T15:00:00Z');
      await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' });
      // What the worker logs when a playbook email goes out: an outbound email touch.
      await log(api, { contactId: contact.id, channel: 'email', notes: 'Sent "Checking in" (<1@example.com>)' });
      await log(api, { contactId: contact.id, channel: 'sms' });
      t.clock.set('2026-03-02T17:00:00Z');
      expect(codes(await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' }))).toEqual(['pestering']);
    });

    it('keeping a promise is never pestering, nor is what they send us', async () => {
      const { api, contact } = await workspaceWithContact();
      for (const hour of ['14', '15', '16']) {
        t.clock.set(`2026-03-02T${hour}:00:00Z`);
        await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' });
      }
      t.clock.set('2026-03-02T17:00:00Z');
      expect(codes(await log(api, { contactId: contact.id, channel: 'email', direction: 'in', result: 'replied', outcome: { type: 'no-agreement' } }))).toEqual([]);
      const promised = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-02T13:00' }, channel: 'call', promised: true });
      expect(promised.status, JSON.stringify(promised.body)).toBe(201);
      t.clock.set('2026-03-02T18:05:00Z');
      const kept = await log(api, { contactId: contact.id, channel: 'call', result: 'connected', followUpId: promised.body.id, outcome: { type: 'no-agreement' } });
      expect(codes(kept)).toEqual([]);
    });
  });
});
