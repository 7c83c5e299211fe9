import { describe, expect, it } from 'vitest';
import { defaultMaxSilenceDays, isSilent, maxSilenceDaysOf, silenceCutoffs, silentSince } from './silence.js';
import { hasNoNextStep, isStalled } from './leadAttention.js';

const now = Date.parse('2026-12-07T09:00:00Z');
const prospect = { relationship: 'prospect' as const, doNotContact: false, createdAt: '2026-01-01T00:00:00.000Z' };

describe('silence', () => {
  it('defaults: prospects 30 days, customers and referral sources 90, partners 60', () => {
    expect(defaultMaxSilenceDays).toEqual({ prospect: 30, customer: 90, 'referral-source': 90, partner: 60 });
  });

  it('a workspace overrides one relationship and keeps the others', () => {
    expect(maxSilenceDaysOf({ customer: 45 })).toEqual({ prospect: 30, customer: 45, 'referral-source': 90, partner: 60 });
    expect(maxSilenceDaysOf(null)).toEqual(defaultMaxSilenceDays);
  });

  it('flags a prospect untouched for more than 30 days, not one touched within them', () => {
    expect(isSilent(prospect, '2026-11-06T08:59:59.000Z', now, defaultMaxSilenceDays)).toBe(true);
    expect(isSilent(prospect, '2026-11-07T09:00:00.000Z', now, defaultMaxSilenceDays)).toBe(false);
    expect(isSilent({ ...prospect, relationship: 'customer' }, '2026-11-06T08:59:59.000Z', now, defaultMaxSilenceDays)).toBe(false);
  });

  it('counts a contact never touched from when they were added', () => {
    expect(silentSince(null, prospect.createdAt)).toBe(prospect.createdAt);
    expect(isSilent(prospect, null, now, defaultMaxSilenceDays)).toBe(true);
    expect(isSilent({ ...prospect, createdAt: '2026-12-01T00:00:00.000Z' }, null, now, defaultMaxSilenceDays)).toBe(false);
  });

  it('never flags a do-not-contact contact: their silence is what they asked for', () => {
    expect(isSilent({ ...prospect, doNotContact: true }, null, now, defaultMaxSilenceDays)).toBe(false);
  });

  it('cutoffs are instants in the stored format', () => {
    expect(silenceCutoffs(now, defaultMaxSilenceDays).prospect).toBe('2026-11-07T09:00:00.000Z');
  });
});

describe('every lead has a next step', () => {
  it('no next step: nothing scheduled and not do-not-contact', () => {
    expect(hasNoNextStep({ doNotContact: false, hasOpenFollowUp: false, hasOpenOpportunity: false })).toBe(true);
    expect(hasNoNextStep({ doNotContact: true, hasOpenFollowUp: false, hasOpenOpportunity: false })).toBe(false);
    expect(hasNoNextStep({ doNotContact: false, hasOpenFollowUp: true, hasOpenOpportunity: false })).toBe(false);
  });

  it('stalled: an open opportunity with nothing scheduled', () => {
    expect(isStalled({ doNotContact: false, hasOpenFollowUp: false, hasOpenOpportunity: true })).toBe(true);
    expect(isStalled({ doNotContact: false, hasOpenFollowUp: true, hasOpenOpportunity: true })).toBe(false);
    expect(isStalled({ doNotContact: false, hasOpenFollowUp: false, hasOpenOpportunity: false })).toBe(false);
  });
});
