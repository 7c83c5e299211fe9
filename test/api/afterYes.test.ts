import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;

const TOKYO = 'Asia/Tokyo';

describe.each(testDialects())('after a yes on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: '2026-03-02T09:00:00Z' })); });
  afterAll(() => closeAll(t));

  const freshWorkspace = (): Promise<ApiClient> => newWorkspace(t, owner);

  async function contact(api: ApiClient, fields: Record<string, unknown>): Promise<Contact> {
    const response = await api.post<Contact>('/api/v1/contacts', { timeZone: TOKYO, email: 'kim@example.com', interest: 'real', canBuy: 'yes', ...fields });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function sayYes(api: ApiClient, contactId: string, outcome: Record<string, unknown> = {}): Promise<Logged> {
    const response = await api.post<Logged>('/api/v1/interactions', { contactId, channel: 'call', result: 'connected', outcome: { type: 'yes', ...outcome } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('makes the contact a customer since the day of the yes in their zone, with the purchase date given, and suggests service and thanks', async () => {
    const api = await freshWorkspace();
    const kim = await contact(api, { name: 'Kim Prospect' });
    t.clock.set('2026-03-02T20:00:00Z'); // Tuesday 3 March, 05:00 in Tokyo
    const logged = await sayYes(api, kim.id, { purchaseDate: '2026-03-05' });
    expect(logged.suggestions?.map((s) => [s.playbookKey, s.name])).toEqual([['service-check-in', 'Service check-in'], ['thank-you', 'Thank-you anniversary']]);
    expect(logged.suggestions?.every((s) => s.reason.length > 0)).toBe(true);
    const after = (await api.get<Contact>(`/api/v1/contacts/${kim.id}`)).body;
    expect(after).toMatchObject({ relationship: 'customer', customerSince: '2026-03-03', purchaseDate: '2026-03-05' });
  });

  it('keeps an earlier customer-since date, and does not suggest a playbook the customer is already in', async () => {
    const api = await freshWorkspace();
    t.clock.set('2026-03-02T09:00:00Z');
    const lee = await contact(api, { name: 'Lee Loyal', relationship: 'customer', customerSince: '2019-06-03', purchaseDate: '2024-01-10' });
    const enrolled = await api.post('/api/v1/enrollments', { contactId: lee.id, playbookKey: 'thank-you' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const logged = await sayYes(api, lee.id);
    expect(logged.suggestions?.map((s) => s.playbookKey)).toEqual(['service-check-in']);
    const after = (await api.get<Contact>(`/api/v1/contacts/${lee.id}`)).body;
    expect(after).toMatchObject({ relationship: 'customer', customerSince: '2019-06-03', purchaseDate: '2024-01-10' });
  });

  it('the suggested playbooks can be enrolled in as they are', async () => {
    const api = await freshWorkspace();
    t.clock.set('2026-03-02T09:00:00Z');
    const ola = await contact(api, { name: 'Ola Onboard' });
    const [first] = (await sayYes(api, ola.id)).suggestions ?? [];
    const enrolled = await api.post('/api/v1/enrollments', { contactId: ola.id, playbookKey: first?.playbookKey });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  });

  it('other outcomes suggest nothing and leave the relationship alone', async () => {
    const api = await freshWorkspace();
    t.clock.set('2026-03-02T09:00:00Z');
    const pat = await contact(api, { name: 'Pat Pending' });
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId: pat.id, channel: 'call', result: 'connected', outcome: { type: 'next-step', next: { due: { date: '2026-03-10' }, channel: 'call' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.suggestions ?? []).toEqual([]);
    expect((await api.get<Contact>(`/api/v1/contacts/${pat.id}`)).body.relationship).toBe('prospect');
  });

  it('refuses a purchase date with an outcome other than yes, and logs nothing', async () => {
    const api = await freshWorkspace();
    t.clock.set('2026-03-02T09:00:00Z');
    const ned = await contact(api, { name: 'Ned Notyet' });
    const refused = await api.post('/api/v1/interactions', { contactId: ned.id, channel: 'call', result: 'connected', outcome: { type: 'no-agreement', purchaseDate: '2026-03-05' } });
    const problem = expectProblem(refused, 400, 'invalid');
    expect(problem.detail).toMatch(/purchase date goes with a yes/i);
    const timeline = await api.get<{ items: unknown[] }>(`/api/v1/contacts/${ned.id}/timeline`);
    expect(timeline.body.items).toHaveLength(0);
  });

  it('refuses a purchase date that is not a date, naming the field', async () => {
    const api = await freshWorkspace();
    const ned = await contact(api, { name: 'Ned Baddate' });
    const refused = await api.post('/api/v1/interactions', { contactId: ned.id, channel: 'call', result: 'connected', outcome: { type: 'yes', purchaseDate: '5 March' } });
    expectProblem(refused, 400);
    expect((await api.get<Contact>(`/api/v1/contacts/${ned.id}`)).body.relationship).toBe('prospect');
  });
});
