import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.js';
import { setUpOwner, startTestApp, type TestApp } from '../helpers/app.js';

describe.each(testDialects())('smoke on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(dialect); });
  afterAll(async () => { await t.close(); });

  it('sets up, creates a contact, logs a meeting with a next step and shows it on the agenda', async () => {
    const { api } = await setUpOwner(t.app);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ ok: true, db: dialect });
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'America/New_York', email: 'dana@example.com' });
    expect(contact.status).toBe(201);
    const logged = await api.post<{ next: { dueLocal: string; dueAt: string } }>('/api/v1/interactions', {
      contactId: contact.body.id, channel: 'meeting',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'coffee', agenda: 'pilot pricing' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.next.dueLocal).toBe('2026-03-10T16:00');
    expect(logged.body.next.dueAt).toBe('2026-03-10T20:00:00.000Z');
    const agenda = await api.get<{ today: Array<{ opener: string }> }>('/api/v1/agenda?date=2026-03-10');
    expect(agenda.status).toBe(200);
    expect(agenda.body.today).toHaveLength(1);
    expect(agenda.body.today[0]?.opener).toContain('You asked me');
  });
});
