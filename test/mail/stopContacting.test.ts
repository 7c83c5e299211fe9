import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue, recordBounce } from '../../src/services/outbox.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from './support.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Stop {
  way: string;
  /** Stops the contact; the email queued for them is passed for the ways that come by mail. */
  stop: (contactId: string, queued: { id: string; unsubscribeToken: string | null; dueAt: string }) => Promise<void>;
  reason: string;
  followUpReason: string;
  exitReason: 'opted-out' | 'said-no';
  consent: 'opt-out' | 'said-no';
  /** What becomes of the email queued for them. */
  mail: { status: string; lastError: RegExp };
}

/**
 * Issue 11 item 2: "stop contacting this person" is one function (services/stopContacting), so the
 * four ways to it leave the same things behind: do-not-contact with the reason, every open follow-up
 * cancelled, every running series ended, a consent record, and no more mail.
 */
describe.each(testDialects())('the four ways to stop contacting someone on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let playbookId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    ({ api, workspaceId } = await setUpOwner(t.app));
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(async () => { await t.close(); });

  const claimAt = async (dueAt: string, id: string) => {
    t.clock.set(dueAt);
    return (await claimDue(t.deps, { limit: 50, leaseMs: MINUTE, maxLatenessMs: 24 * HOUR })).filter((m) => m.id === id);
  };

  const stops: Stop[] = [
    {
      way: 'an opt-out recorded by the salesperson',
      stop: async (contactId) => {
        expect((await api.post(`/api/v1/contacts/${contactId}/opt-out`, { reason: 'asked by phone' })).status).toBe(200);
      },
      reason: 'asked by phone', followUpReason: 'opted out: asked by phone', exitReason: 'opted-out', consent: 'opt-out',
      mail: { status: 'skipped', lastError: /^contact is do-not-contact \(asked by phone\)$/ },
    },
    {
      way: 'the one-click unsubscribe link',
      stop: async (_contactId, queued) => {
        const response = await t.app.inject({
          method: 'POST', url: `/u/${queued.unsubscribeToken ?? ''}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click',
        });
        expect(response.statusCode).toBe(200);
      },
      reason: 'unsubscribed', followUpReason: 'opted out: unsubscribed', exitReason: 'opted-out', consent: 'opt-out',
      mail: { status: 'skipped', lastError: /^contact is do-not-contact \(unsubscribed\)$/ },
    },
    {
      way: 'a "no" logged on a call',
      stop: async (contactId) => {
        const logged = await api.post<{ enrollments: Array<{ state: string; exitReason: string | null }> }>('/api/v1/interactions', {
          contactId, channel: 'call', result: 'connected', outcome: { type: 'no' }, notes: 'not interested, please stop',
        });
        expect(logged.status, JSON.stringify(logged.body)).toBe(201);
        // The logged touch still says what it did to the series.
        expect(logged.body.enrollments).toEqual([expect.objectContaining({ state: 'exited', exitReason: 'said-no' })]);
      },
      reason: 'said no', followUpReason: 'said no', exitReason: 'said-no', consent: 'said-no',
      mail: { status: 'skipped', lastError: /^contact is do-not-contact \(said no\)$/ },
    },
    {
      way: 'a bounce (5xx while sending)',
      stop: async (_contactId, queued) => {
        const [claimed] = await claimAt(queued.dueAt, queued.id);
        expect(claimed).toBeDefined();
        expect(await recordBounce(t.deps, claimed!, '550 5.1.1 no such user')).toBe('recorded');
      },
      reason: 'bounced', followUpReason: 'email bounced', exitReason: 'opted-out', consent: 'opt-out',
      mail: { status: 'bounced', lastError: /^550 5\.1\.1 no such user$/ },
    },
  ];

  it.each(stops)('$way: do-not-contact, follow-ups cancelled, series ended, consent kept, no more mail', async (way) => {
    t.clock.set('2026-03-02T15:00:00Z');
    const { contactId, enrollmentId } = await enrolledContact(api, playbookId);
    const manual = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId, due: { date: '2026-03-20' }, channel: 'call' });
    expect(manual.status, JSON.stringify(manual.body)).toBe(201);
    const step = (await api.get<{ nextFollowUp: { id: string } | null }>(`/api/v1/enrollments/${enrollmentId}`)).body.nextFollowUp;
    expect(step).not.toBeNull();
    const [queued] = await outboxOf(t, workspaceId, contactId);
    expect(queued).toMatchObject({ status: 'queued', kind: 'step' });

    await way.stop(contactId, queued!);

    expect((await api.get(`/api/v1/contacts/${contactId}`)).body).toMatchObject({ doNotContact: true, doNotContactReason: way.reason });
    for (const id of [manual.body.id, step!.id]) {
      expect((await api.get(`/api/v1/follow-ups/${id}`)).body).toMatchObject({ status: 'cancelled', statusReason: way.followUpReason });
    }
    expect((await api.get(`/api/v1/enrollments/${enrollmentId}`)).body).toMatchObject({ state: 'exited', exitReason: way.exitReason });
    const consent = await api.get<{ items: Array<{ kind: string }> }>(`/api/v1/contacts/${contactId}/consent`);
    expect(consent.body.items.map((c) => c.kind)).toEqual([way.consent]);

    // The queued email never goes out: a claim at its due time settles it (a bounce already did).
    expect(await claimAt(queued!.dueAt, queued!.id)).toEqual([]);
    const after = await findOutboxMessage(t.store.db, queued!.id);
    expect(after?.status).toBe(way.mail.status);
    expect(after?.lastError).toMatch(way.mail.lastError);
    // And new outbound work is refused until they opt in again.
    expect((await api.post('/api/v1/follow-ups', { contactId, due: { date: '2026-03-25' }, channel: 'call' })).status).toBe(409);
  });
});
