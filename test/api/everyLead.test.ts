import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema } from '../../src/shared/index.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
interface Page<T> { items: T[]; nextCursor: string | null }
interface Attention { noNextStep: number; stalled: number; silent: number }

/**
 * Issue 10 items 5 and 7: every lead has a next step, and no relationship goes silent too long.
 * Both filters are computed by the database, so they hold across pages.
 */
describe.each(testDialects())('every lead, no long silence on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  const ids: Record<string, string> = {};

  const add = async (name: string, at: string, extra: Record<string, unknown> = {}) => {
    t.clock.set(at);
    const created = await api.post<Contact>('/api/v1/contacts', { name, timeZone: 'Europe/London', ...extra });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[name] = created.body.id;
    return created.body.id;
  };
  const names = (page: Page<Contact>) => page.items.map((c) => c.name).sort();
  const all = async (path: string) => {
    const seen: Contact[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: Page<Contact> } = await api.get<Page<Contact>>(`${path}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    return seen.map((c) => c.name).sort();
  };

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    // Ada: a prospect added in October and never touched — no next step, silent.
    await add('Ada Quiet', '2026-10-01T09:00:00Z');
    // Ben: a prospect with a follow-up planned — followed up, and touched recently.
    const ben = await add('Ben Planned', '2026-10-01T09:00:00Z');
    // Cara: an open opportunity and nothing planned — stalled (and so no next step).
    const cara = await add('Cara Stalled', '2026-10-01T09:00:00Z');
    // Dan: said no long ago — never listed as needing a step or as silent.
    const dan = await add('Dan Declined', '2026-10-01T09:00:00Z');
    // Eve: a customer last spoken to 60 days before today — within the customer's 90 days.
    const eve = await add('Eve Customer', '2026-09-01T09:00:00Z', { relationship: 'customer' });
    // Fay: a prospect added this week — no next step yet, but not silent.
    await add('Fay New', '2026-12-03T09:00:00Z');

    t.clock.set('2026-12-07T09:00:00Z');
    const opportunity = await api.post('/api/v1/opportunities', { contactId: cara, title: 'Pilot for 20 seats' });
    expect(opportunity.status, JSON.stringify(opportunity.body)).toBe(201);
    const followUp = await api.post('/api/v1/follow-ups', { contactId: ben, channel: 'call', due: { date: '2026-12-10' } });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    const touch = await api.post('/api/v1/interactions', { contactId: ben, channel: 'call', result: 'no-answer', occurredAt: '2026-12-01T10:00:00Z' });
    expect(touch.status, JSON.stringify(touch.body)).toBe(201);
    const old = await api.post('/api/v1/interactions', { contactId: eve, channel: 'call', result: 'no-answer', occurredAt: '2026-10-08T10:00:00Z' });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    expect((await api.post(`/api/v1/contacts/${dan}/opt-out`, { reason: 'said no' })).status).toBe(200);
  });
  afterAll(() => closeAll(t));

  it('?nextStep=none lists the contacts with nothing planned, not do-not-contact, across pages', async () => {
    const none = await api.get<Page<Contact>>('/api/v1/contacts?nextStep=none');
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect(names(none.body)).toEqual(['Ada Quiet', 'Cara Stalled', 'Eve Customer', 'Fay New']);
    expect(await all('/api/v1/contacts?nextStep=none')).toEqual(['Ada Quiet', 'Cara Stalled', 'Eve Customer', 'Fay New']);
    expect(none.body.items.every((c) => c.noNextStep === true)).toBe(true);
  });

  it('?nextStep=stalled lists contacts with an open opportunity and nothing planned', async () => {
    const stalled = await api.get<Page<Contact>>('/api/v1/contacts?nextStep=stalled');
    expect(names(stalled.body)).toEqual(['Cara Stalled']);
    expect(stalled.body.items[0]?.stalled).toBe(true);
    expect(await all('/api/v1/contacts?nextStep=stalled&relationship=prospect')).toEqual(['Cara Stalled']);
  });

  it('?silent=true lists contacts untouched longer than their relationship allows, with the day the silence began', async () => {
    const silent = await api.get<Page<Contact>>('/api/v1/contacts?silent=true');
    expect(silent.status, JSON.stringify(silent.body)).toBe(200);
    expect(names(silent.body)).toEqual(['Ada Quiet', 'Cara Stalled']);
    const ada = silent.body.items.find((c) => c.name === 'Ada Quiet');
    expect(ada?.silent).toBe(true);
    expect(ada?.silentSince).toBe('2026-10-01T09:00:00.000Z');
    expect(ada?.lastTouchAt).toBeNull();
    expect(await all('/api/v1/contacts?silent=true')).toEqual(['Ada Quiet', 'Cara Stalled']);

    const everyone = await api.get<Page<Contact>>('/api/v1/contacts?limit=50');
    const ben = everyone.body.items.find((c) => c.name === 'Ben Planned');
    expect(ben).toMatchObject({ silent: false, noNextStep: false, stalled: false, lastTouchAt: '2026-12-01T10:00:00.000Z' });
    expect(everyone.body.items.find((c) => c.name === 'Dan Declined')).toMatchObject({ silent: false, noNextStep: false });
  });

  it('combines with the other filters and rejects a filter it does not know', async () => {
    expect(names((await api.get<Page<Contact>>('/api/v1/contacts?nextStep=none&silent=true&q=ada')).body)).toEqual(['Ada Quiet']);
    expect(names((await api.get<Page<Contact>>('/api/v1/contacts?silent=false&nextStep=none')).body)).toEqual(['Eve Customer', 'Fay New']);
    const bad = await api.get<{ detail?: string }>('/api/v1/contacts?nextStep=someday');
    expect(bad.status).toBe(400);
  });

  it('GET /contacts/attention counts what Today shows', async () => {
    const counts = await api.get<Attention>('/api/v1/contacts/attention');
    expect(counts.status, JSON.stringify(counts.body)).toBe(200);
    expect(counts.body).toEqual({ noNextStep: 4, stalled: 1, silent: 2 });
  });

  it('a workspace sets its own maximum silence per relationship; bad values change nothing', async () => {
    const before = await api.get<{ maxSilenceDays: Record<string, number> }>('/api/v1/workspace/settings');
    expect(before.body.maxSilenceDays).toEqual({ prospect: 30, customer: 90, 'referral-source': 90, partner: 60 });

    const bad = await api.patch<{ detail?: string }>('/api/v1/workspace/settings', { maxSilenceDays: { customer: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('Longest silence for customers, in days, must be at least 1.');
    const badToo = await api.patch('/api/v1/workspace/settings', { maxSilenceDays: { customers: 45 } });
    expect(badToo.status).toBe(400);
    expect((await api.get<{ maxSilenceDays: Record<string, number> }>('/api/v1/workspace/settings')).body.maxSilenceDays.customer).toBe(90);

    const changed = await api.patch<{ maxSilenceDays: Record<string, number> }>('/api/v1/workspace/settings', { maxSilenceDays: { customer: 45 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.maxSilenceDays).toEqual({ prospect: 30, customer: 45, 'referral-source': 90, partner: 60 });
    expect(names((await api.get<Page<Contact>>('/api/v1/contacts?silent=true')).body)).toEqual(['Ada Quiet', 'Cara Stalled', 'Eve Customer']);
    expect((await api.get<Attention>('/api/v1/contacts/attention')).body.silent).toBe(3);
    await api.patch('/api/v1/workspace/settings', { maxSilenceDays: { customer: 90 } });
  });

  it('counts only the caller\'s workspace', async () => {
    const other = await api.post<{ token: string }>('/api/v1/workspaces', { name: 'Elsewhere', timeZone: 'Europe/London' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const elsewhere = client(t.app, other.body.token);
    await elsewhere.post('/api/v1/contacts', { name: 'Zed Elsewhere', timeZone: 'Europe/London' });
    expect((await elsewhere.get<Attention>('/api/v1/contacts/attention')).body).toEqual({ noNextStep: 1, stalled: 0, silent: 0 });
    expect((await api.get<Attention>('/api/v1/contacts/attention')).body).toEqual({ noNextStep: 4, stalled: 1, silent: 2 });
  });
});
