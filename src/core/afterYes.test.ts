import { describe, expect, it } from 'vitest';
import { afterYes, assertPurchaseDateWithYes } from './afterYes.js';
import type { Contact } from './types.js';

const prospect: Contact = {
  id: 'c', workspaceId: 'w', ownerId: null, name: 'Kim Lee', email: null, phone: null, company: null, title: null,
  timeZone: 'Asia/Tokyo', preferredChannel: null, reachable: [], interests: [], buyingProcess: null, referredBy: null,
  relationship: 'prospect', interest: 'real', canBuy: 'yes', authority: null, doNotContact: false, doNotContactReason: null,
  doNotContactAt: null, notes: null, customerSince: null, purchaseDate: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};
const nowIso = '2026-03-02T09:00:00.000Z';

describe('afterYes', () => {
  it('makes a prospect a customer since the day of the yes, with the purchase date when given, and offers service and thanks', () => {
    const { contact, suggestions } = afterYes(prospect, '2026-03-02', { purchaseDate: '2026-03-05', enrolledKeys: [], nowIso });
    expect(contact).toMatchObject({ relationship: 'customer', customerSince: '2026-03-02', purchaseDate: '2026-03-05', updatedAt: nowIso });
    expect(suggestions.map((s) => [s.playbookKey, s.name])).toEqual([['service-check-in', 'Service check-in'], ['thank-you', 'Thank-you anniversary']]);
    expect(suggestions.every((s) => s.reason.length > 10)).toBe(true);
  });

  it('keeps an earlier customer-since date and purchase date, and leaves out the playbooks they are already in', () => {
    const customer: Contact = { ...prospect, relationship: 'customer', customerSince: '2019-06-03', purchaseDate: '2024-01-10' };
    const result = afterYes(customer, '2026-03-02', { enrolledKeys: ['thank-you'], nowIso });
    expect(result.contact).toBe(customer);
    expect(result.suggestions.map((s) => s.playbookKey)).toEqual(['service-check-in']);
    expect(afterYes(customer, '2026-03-02', { enrolledKeys: ['thank-you', 'service-check-in'], nowIso }).suggestions).toEqual([]);
  });

  it('a partner who says yes becomes a customer too', () => {
    expect(afterYes({ ...prospect, relationship: 'partner' }, '2026-03-02', { enrolledKeys: [], nowIso }).contact.relationship).toBe('customer');
  });

  it('refuses a purchase date with anything but a yes', () => {
    expect(() => assertPurchaseDateWithYes({ type: 'next-step', purchaseDate: '2026-03-05' })).toThrow(/purchase date goes with a yes/i);
    expect(() => assertPurchaseDateWithYes({ type: 'yes', purchaseDate: '2026-03-05' })).not.toThrow();
    expect(() => assertPurchaseDateWithYes(undefined)).not.toThrow();
  });
});
