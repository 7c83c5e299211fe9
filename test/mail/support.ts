import { expect } from 'vitest';
import { OutboxWorker, type WorkerOptions } from '../../src/jobs/worker.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import { listOutbox, type OutboxMessage } from '../../src/store/outbox.js';
import type { ApiClient, TestApp } from '../helpers/app.js';
import type { TestSmtpServer } from '../helpers/smtpServer.js';

/** Two emails two days apart, then the end: an automated series with nothing but mail. */
export const emailPlaybook = {
  key: 'two-emails', name: 'Two emails', description: 'An email, then another two days later.', kind: 'hard-to-reach',
  maxTouches: 5, timeBudgetMinutes: 60, exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [
    {
      id: 'first', type: 'email', channel: 'email', title: 'First email', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'second', estimatedMinutes: 5,
      template: { subject: 'Your month-end close, {{contact.firstName}}', body: 'Hi {{contact.firstName}},\n\nA short note on closing faster.\n\nNot for you? Unsubscribe: {{unsubscribeUrl}}\nAcme Sales, 1 Main St, Springfield' },
    },
    {
      id: 'second', type: 'email', channel: 'email', title: 'Second email', wait: { amount: 2, unit: 'days' }, branches: {}, next: 'end', estimatedMinutes: 5,
      template: { subject: 'Re: your month-end close', body: 'Hi {{contact.firstName}},\n\nOne more idea.\n\nReply STOP to opt out.\nAcme Sales, 1 Main St, Springfield' },
    },
  ],
};

/** Automated mail must carry the sender's postal address: the workspace's, as these templates write it out. */
export async function setPostalAddress(api: ApiClient): Promise<void> {
  const set = await api.patch('/api/v1/workspace/settings', { postalAddress: 'Acme Sales, 1 Main St, Springfield' });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
}

export async function createEmailPlaybook(api: ApiClient): Promise<string> {
  await setPostalAddress(api);
  const created = await api.post<{ id: string }>('/api/v1/playbooks', emailPlaybook);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

let counter = 0;
export async function enrolledContact(api: ApiClient, playbookId: string, overrides: Record<string, unknown> = {}): Promise<{ contactId: string; enrollmentId: string; email: string }> {
  counter += 1;
  const email = `prospect${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: `Pat Prospect${counter}`, timeZone: 'America/Los_Angeles', email, ...overrides });
  expect(contact.status, JSON.stringify(contact.body)).toBe(201);
  const enrolled = await api.post<{ id: string }>('/api/v1/enrollments', { contactId: contact.body.id, playbookId });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  return { contactId: contact.body.id, enrollmentId: enrolled.body.id, email };
}

/** The outbox worker as `serve` runs it, sending through the test's SMTP server. */
export function smtpWorker(t: TestApp, smtp: TestSmtpServer, options: Partial<WorkerOptions> = {}): OutboxWorker {
  return new OutboxWorker({ deps: t.deps, mailer: smtpMailer(smtp.url, { timeoutMs: 5000 }), ...options });
}

export async function outboxOf(t: TestApp, workspaceId: string, contactId?: string): Promise<OutboxMessage[]> {
  const rows = await listOutbox(t.store.db, workspaceId);
  return contactId ? rows.filter((r) => r.contactId === contactId) : rows;
}
