import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;

/** Issue 9 item 7: the referral playbook names who introduced them, and never says "[who referred them]" to anyone. */
describe.each(testDialects())('who referred them on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    t.clock.set('2026-12-07T09:00:00Z');
  });
  afterAll(() => closeAll(t));

  it('is kept on the contact and fills the referral playbook\'s scripts', async () => {
    const created = await api.post<Contact>('/api/v1/contacts', { name: 'Omar Haddad', timeZone: 'Europe/London', referredBy: 'Maria Lopez', interests: ['faster onboarding'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.referredBy).toBe('Maria Lopez');
    const enrolled = await api.post<{ nextFollowUp: FollowUp }>('/api/v1/enrollments', { contactId: created.body.id, playbookKey: 'referral' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    expect(enrolled.body.nextFollowUp.script).toMatch(/^Thank Maria today/);
    expect(enrolled.body.nextFollowUp.script).not.toMatch(/\[/);

    const patched = await api.patch<Contact>(`/api/v1/contacts/${created.body.id}`, { referredBy: null });
    expect(patched.body.referredBy).toBeNull();
  });

  it('without one, the script says where to add it instead of leaving a hole', async () => {
    const created = await api.post<Contact>('/api/v1/contacts', { name: 'Lena Berg', timeZone: 'Europe/London' });
    const enrolled = await api.post<{ nextFollowUp: FollowUp }>('/api/v1/enrollments', { contactId: created.body.id, playbookKey: 'referral' });
    expect(enrolled.body.nextFollowUp.script).toMatch(/Referred by/);
  });
});
