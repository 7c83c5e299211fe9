import { describe, expect, it } from 'vitest';
import { channels } from '../shared/vocabulary.js';
import { channelWords, fulfilmentWarnings, qualificationWarnings } from './warnings.js';
import { pastDueWarning } from './nextStepTiming.js';
import type { FollowUp } from './types.js';

const agreed = {
  channel: 'coffee', dueAt: '2026-11-30T08:00:00.000Z', dueLocal: '2026-11-30T09:00', timeZone: 'Europe/Amsterdam', allDay: false,
} as FollowUp;

/** Issue 9 item 11: warnings are sentences with dates in words, never "2026-11-30T09:00 (Europe/Amsterdam)". */
describe('warnings in words', () => {
  it('says when the promise was for, in their time, and what form it took', () => {
    const warnings = fulfilmentWarnings(agreed, 'call', Date.parse('2026-12-01T10:00:00Z'));
    expect(warnings).toEqual([
      { code: 'channel-mismatch', message: 'They chose a coffee, and this was a call: a broken promise of form.' },
      { code: 'late', message: 'Agreed for Mon 30 Nov, 09:00 their time and done on a later day: a broken promise of time.' },
    ]);
    for (const w of warnings) expect(w.message).not.toMatch(/T\d{2}:\d{2}|Europe\//);
  });

  it('says an all-day promise in a past day is kept as an overdue promise', () => {
    const allDay = { ...agreed, allDay: true, dueLocal: '2026-11-30', dueAt: '2026-11-29T23:00:00.000Z' } as FollowUp;
    expect(pastDueWarning(allDay, Date.parse('2026-12-01T10:00:00Z'))?.message).toBe(
      'Mon 30 Nov (all day) has already passed: it is kept as an overdue promise and shows at the top of Today until you log it.',
    );
    expect(pastDueWarning(allDay, Date.parse('2026-11-30T20:00:00Z'))).toBeNull();
  });
});

/** SPEC practice 3: a promise is kept in the form and on the day agreed; anything else is said. */
describe('fulfilmentWarnings', () => {
  const monday = (iso: string) => Date.parse(iso);

  it('says nothing when no promise is fulfilled', () => {
    expect(fulfilmentWarnings(null, 'call', monday('2026-12-01T10:00:00Z'))).toEqual([]);
  });

  it('says nothing for the form agreed on the day agreed, at any hour of it in their zone', () => {
    const kept = { ...agreed, channel: 'call' } as FollowUp;
    // 23:30 in Amsterdam on the 30th is still the day agreed, though it is the 30th 22:30 UTC.
    expect(fulfilmentWarnings(kept, 'call', monday('2026-11-30T22:30:00Z'))).toEqual([]);
    expect(fulfilmentWarnings(kept, 'call', monday('2026-11-30T05:00:00Z'))).toEqual([]);
  });

  it('says a broken promise of form alone, on the day', () => {
    expect(fulfilmentWarnings(agreed, 'email', monday('2026-11-30T12:00:00Z')).map((w) => w.code)).toEqual(['channel-mismatch']);
  });

  it('says a broken promise of time alone, from the next day in their zone', () => {
    const kept = { ...agreed, channel: 'call' } as FollowUp;
    // Midnight has passed in Amsterdam (00:30 on 1 December) though not in UTC.
    expect(fulfilmentWarnings(kept, 'call', monday('2026-11-30T23:30:00Z')).map((w) => w.code)).toEqual(['late']);
  });
});

describe('channelWords', () => {
  it('has words for every channel, each with its article', () => {
    for (const channel of channels) expect(channelWords(channel), channel).toMatch(/^(a|an|another) [a-z ]+$/);
    expect(channelWords('email')).toBe('an email');
    expect(channelWords('video')).toBe('a video call');
  });
});

/** SPEC practice 8 and seed 004: following up where nobody can buy is wasted activity. */
describe('qualificationWarnings', () => {
  it('warns for a passing interest, or for a contact who cannot buy (said first when both hold)', () => {
    expect(qualificationWarnings({ interest: 'passing', canBuy: 'yes' })).toEqual([
      { code: 'unqualified', message: 'This contact has only a passing interest: following up may be wasted activity.' },
    ]);
    expect(qualificationWarnings({ interest: 'real', canBuy: 'no' })).toEqual([
      { code: 'unqualified', message: 'This contact cannot buy: following up may be wasted activity.' },
    ]);
    expect(qualificationWarnings({ interest: 'passing', canBuy: 'no' })[0]?.message).toBe('This contact cannot buy: following up may be wasted activity.');
  });

  it('is quiet while qualification is unknown or holds', () => {
    for (const interest of ['unknown', 'real'] as const) {
      for (const canBuy of ['unknown', 'yes'] as const) expect(qualificationWarnings({ interest, canBuy }), `${interest} ${canBuy}`).toEqual([]);
    }
  });
});
