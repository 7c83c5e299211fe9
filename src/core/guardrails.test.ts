import { describe, expect, it } from 'vitest';
import { assertOutboundTouchAllowed, isCappedTouch, pesteringWarning, planningWarnings } from './guardrails.js';
import { planInteraction, type InteractionContext } from './interactionPlan.js';
import type { Contact } from './types.js';
import { refusal } from '../../test/helpers/appErrors.js';

const contact = {
  id: 'c1', name: 'Dana Lee', timeZone: 'America/New_York', interest: 'real', canBuy: 'yes',
  doNotContact: false, doNotContactReason: null, doNotContactAt: null,
} as Contact;
const optedOut = { ...contact, doNotContact: true, doNotContactReason: 'asked to stop', doNotContactAt: '2026-03-02T15:00:00.000Z' } as Contact;
const at = (iso: string): number => Date.parse(iso);
const cap = { maxTouches: 3, perDays: 7 };

/** Issue 10 item 1: qualification is one rule, said on every path that plans work. */
describe('planningWarnings', () => {
  it('warns unqualified for a passing interest or a contact who cannot buy, and not otherwise', () => {
    expect(planningWarnings({ interest: 'passing', canBuy: 'unknown' })).toEqual([
      { code: 'unqualified', message: 'This contact has only a passing interest: following up may be wasted activity.' },
    ]);
    expect(planningWarnings({ interest: 'real', canBuy: 'no' })[0]?.message).toBe('This contact cannot buy: following up may be wasted activity.');
    expect(planningWarnings({ interest: 'unknown', canBuy: 'unknown' })).toEqual([]);
  });
});

/** Issue 10 item 2: stop after no. */
describe('assertOutboundTouchAllowed', () => {
  it('refuses an outbound touch to a do-not-contact contact with do-not-contact, naming them and the way back', () => {
    const error = refusal(() => assertOutboundTouchAllowed(optedOut, 'out', at('2026-03-03T15:00:00Z')));
    expect(error?.code).toBe('do-not-contact');
    expect(error?.message).toBe('Dana Lee is marked do-not-contact (asked to stop), so a touch from you is not logged. '
      + 'If they got in touch, log it as from them; to contact them again, record their opt-in first.');
  });

  it('always lets what they send us through, and a touch that happened before they said no', () => {
    expect(refusal(() => assertOutboundTouchAllowed(optedOut, 'in', at('2026-03-03T15:00:00Z')))).toBeNull();
    expect(refusal(() => assertOutboundTouchAllowed(optedOut, 'out', at('2026-03-02T14:59:00Z')))).toBeNull();
    expect(refusal(() => assertOutboundTouchAllowed(contact, 'out', at('2026-03-03T15:00:00Z')))).toBeNull();
  });

  it('is what planInteraction enforces', () => {
    const context: InteractionContext = { contact: optedOut, fulfilled: null, opportunity: null, contactTouches: 0 };
    const request = { channel: 'call' as const, result: 'no-answer' as const, occurredAtMs: at('2026-03-03T15:00:00Z'), outcome: undefined };
    expect(refusal(() => planInteraction({ ...request, direction: 'out' }, context))?.code).toBe('do-not-contact');
    expect(planInteraction({ ...request, direction: 'in' }, context).touchNumber).toBe(0);
  });
});

/** Issue 10 item 3: not every day. */
describe('pesteringWarning', () => {
  const three = ['2026-03-02T15:00:00Z', '2026-03-03T15:00:00Z', '2026-03-04T15:00:00Z'].map(at);

  it('warns when one more touch breaks the cap in some rolling window holding it', () => {
    expect(pesteringWarning(at('2026-03-05T15:00:00Z'), three, cap, 'America/New_York')).toEqual({
      code: 'pestering',
      message: 'You have already been in touch 3 times in 7 days without their agreement: this feels like pestering. Agree the next step with them instead.',
    });
    // A touch logged afterwards for an earlier day counts the later ones too.
    expect(pesteringWarning(at('2026-03-01T15:00:00Z'), three, cap, 'America/New_York')?.code).toBe('pestering');
  });

  it('is quiet under the cap, once the window has passed, and without a cap', () => {
    expect(pesteringWarning(at('2026-03-05T15:00:00Z'), three.slice(1), cap, 'America/New_York')).toBeNull();
    expect(pesteringWarning(at('2026-03-09T15:00:00Z'), three, cap, 'America/New_York')).toBeNull();
    expect(pesteringWarning(at('2026-03-05T15:00:00Z'), three, null, 'America/New_York')).toBeNull();
  });

  it('says once and a day in words', () => {
    expect(pesteringWarning(at('2026-03-02T16:00:00Z'), [at('2026-03-02T15:00:00Z')], { maxTouches: 1, perDays: 1 }, 'UTC')?.message)
      .toMatch(/^You have already been in touch once in a day without/);
  });

  it('counts our own touches on counted channels, never a promise kept or what they sent', () => {
    expect(isCappedTouch('out', 'call', false)).toBe(true);
    expect(isCappedTouch('out', 'call', true)).toBe(false);
    expect(isCappedTouch('in', 'email', false)).toBe(false);
    expect(isCappedTouch('out', 'voicemail', false)).toBe(false);
    expect(isCappedTouch('out', 'other', false)).toBe(false);
  });
});
