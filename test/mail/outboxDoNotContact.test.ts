import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue, recordSent } from '../../src/services/outbox.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from './support.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Issue 10 item 2 on the mail worker's path: stop after no holds, and the worker is not stuck by it. */
describe.each(testDialects())('the outbox and a contact who stops on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let playbookId: string;

  beforeAll(async () => {
    ({ t, api, workspaceId } = await startTestAppWithOwner(dialect));
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(() => closeAll(t));

  it('an email already handed to the server when they opt out is recorded as sent, and no touch from us is logged after their no', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const enrolled = await enrolledContact(api, playbookId);
    const [row] = await outboxOf(t, workspaceId, enrolled.contactId);
    expect(row).toBeDefined();
    t.clock.set(row!.dueAt);
    const [claimed] = (await claimDue(t.deps, { limit: 50, leaseMs: MINUTE, maxLatenessMs: 24 * HOUR })).filter((m) => m.id === row!.id);
    expect(claimed).toBeDefined();
    // They opt out while the SMTP server is taking the message.
    expect((await api.post(`/api/v1/contacts/${enrolled.contactId}/opt-out`, { reason: 'asked by phone' })).status).toBe(200);
    expect(await recordSent(t.deps, claimed!)).toBe('recorded');

    const stored = await findOutboxMessage(t.store.db, row!.id);
    expect(stored?.status).toBe('sent');
    expect(stored?.lastError).toMatch(/^sent; logging the touch failed: Pat Prospect\d+ is marked do-not-contact \(asked by phone\)/);
    const timeline = await api.get<{ items: { direction: string }[] }>(`/api/v1/contacts/${enrolled.contactId}/timeline`);
    expect(timeline.body.items.filter((i) => i.direction === 'out')).toEqual([]);
  });
});
