import { describe, expect, it } from 'vitest';
import { newFollowUp, type NewFollowUpContext } from './followUps.js';
import type { Contact } from './types.js';

const contact: Contact = {
  id: 'c', workspaceId: 'w', ownerId: null, name: 'Kim Lee', email: null, phone: null, company: null, title: null,
  timeZone: 'Europe/London', preferredChannel: null, reachable: [], interests: [], buyingProcess: null, referredBy: null,
  relationship: 'prospect', interest: 'unknown', canBuy: 'unknown', authority: null, doNotContact: false, doNotContactReason: null,
  doNotContactAt: null, notes: null, customerSince: null, purchaseDate: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};
const manual: NewFollowUpContext = { id: 'f', contact, userId: 'u', opportunityId: null, source: 'manual', touchNumber: 1, nowIso: '2026-03-02T09:00:00.000Z' };
const due = { date: '2026-03-04' };

describe('a promise you owe (kind owed)', () => {
  it('is a promise even when scheduled by hand, with what you owe as its agenda', () => {
    expect(newFollowUp({ due, channel: 'email', kind: 'owed', agenda: 'the price list' }, manual)).toMatchObject({ kind: 'owed', promised: true, agenda: 'the price list' });
    expect(newFollowUp({ due, channel: 'email', agenda: 'the price list' }, manual).promised).toBe(false);
  });

  it('must say what you owe, and cannot be marked as no promise', () => {
    for (const agenda of [undefined, null, '  ']) {
      expect(() => newFollowUp({ due, channel: 'email', kind: 'owed', agenda }, { ...manual, path: 'outcome.next.' }))
        .toThrow(expect.objectContaining({ code: 'invalid', errors: [expect.objectContaining({ path: 'outcome.next.agenda' })] }));
    }
    expect(() => newFollowUp({ due, channel: 'email', kind: 'owed', agenda: 'the price list', promised: false }, manual)).toThrow(/always a promise/);
  });
});
