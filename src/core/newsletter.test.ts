import { describe, expect, it } from 'vitest';
import { isNewsletterRecipient, newsletterConsentOf, newsletterEvidence, newsletterInWords } from './newsletter.js';

const record = (kind: string, createdAt: string, detail = 'words') => ({ kind, createdAt, detail });
const reachable = { email: 'ana@example.com', doNotContact: false };

describe('keep me posted (seed 001: the newsletter question)', () => {
  it('the latest newsletter answer counts; other consent records do not', () => {
    expect(newsletterConsentOf([record('opt-in', '2026-12-01T00:00:00.000Z')])).toEqual({ consent: null, at: null, evidence: null });
    const records = [
      record('newsletter-yes', '2026-12-01T00:00:00.000Z', 'yes'),
      record('newsletter-no', '2026-12-03T00:00:00.000Z', 'no'),
      record('opt-in', '2026-12-04T00:00:00.000Z'),
    ];
    expect(newsletterConsentOf(records)).toEqual({ consent: false, at: '2026-12-03T00:00:00.000Z', evidence: 'no' });
  });

  it('is on the list only with a yes, an email address and no opt-out', () => {
    const yes = { consent: true, at: '2026-12-03T00:00:00.000Z', evidence: 'yes' };
    expect(isNewsletterRecipient(reachable, yes)).toBe(true);
    expect(isNewsletterRecipient({ ...reachable, email: null }, yes)).toBe(false);
    expect(isNewsletterRecipient({ ...reachable, doNotContact: true }, yes)).toBe(false);
    expect(isNewsletterRecipient(reachable, { ...yes, consent: false })).toBe(false);
  });

  it('says how they said it, and the state in words with the date', () => {
    expect(newsletterEvidence('video', 'sure')).toBe('A video call: sure');
    expect(newsletterEvidence(undefined, 'sure')).toBe('sure');
    const yes = { consent: true, at: '2026-12-04T15:30:00.000Z', evidence: 'yes' };
    expect(newsletterInWords(yes, reachable, 'Europe/London')).toBe('Wants the newsletter (said yes on Fri 4 Dec, 15:30).');
    expect(newsletterInWords(yes, { ...reachable, doNotContact: true }, 'Europe/London')).toMatch(/opted out since/);
  });
});
