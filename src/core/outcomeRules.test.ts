import { describe, expect, it } from 'vitest';
import { channels, outcomeTypes, results } from '../shared/vocabulary.js';
import { CONVERSATION_CHANNELS, CONVERSATION_RESULTS, isConversation, validateOutcome } from './outcomeRules.js';
import { refusal } from '../../test/helpers/appErrors.js';

/** SPEC practice 1: a conversation ends in yes, no or an agreed next step (or, said so, no agreement). */
describe('isConversation', () => {
  it('goes by the result when there is one: the client took part', () => {
    for (const result of results) {
      const expected = (CONVERSATION_RESULTS as readonly string[]).includes(result);
      // Whatever the channel: a meeting that was not held is no conversation, a call that connected is one.
      for (const channel of channels) expect(isConversation(channel, result), `${channel} ${result}`).toBe(expected);
    }
    expect([...CONVERSATION_RESULTS].sort()).toEqual(['connected', 'held', 'replied']);
  });

  it('without a result, counts the channels that are conversations by nature', () => {
    for (const channel of channels) {
      const expected = (CONVERSATION_CHANNELS as readonly string[]).includes(channel);
      expect(isConversation(channel, null), channel).toBe(expected);
      expect(isConversation(channel, undefined), channel).toBe(expected);
    }
    expect([...CONVERSATION_CHANNELS].sort()).toEqual(['coffee', 'meeting', 'video']);
  });
});

describe('validateOutcome', () => {
  it('refuses a conversation without an outcome, naming the field and the four endings', () => {
    for (const [channel, result] of [['call', 'connected'], ['meeting', null], ['email', 'replied']] as const) {
      const error = refusal(() => validateOutcome(channel, result, undefined));
      expect(error?.code, `${channel} ${result}`).toBe('invalid');
      expect(error?.errors.map((e) => e.path)).toEqual(['outcome']);
      expect(error?.message).toMatch(/yes, no, next-step \(with the agreed follow-up\) or no-agreement/);
    }
  });

  it('accepts a touch that reached nobody with or without an outcome', () => {
    expect(refusal(() => validateOutcome('call', 'no-answer', undefined))).toBeNull();
    expect(refusal(() => validateOutcome('email', null, undefined))).toBeNull();
    expect(refusal(() => validateOutcome('call', 'voicemail', { type: 'no-agreement' }))).toBeNull();
  });

  it('accepts every outcome that carries a next step exactly when it is next-step', () => {
    for (const type of outcomeTypes) {
      const next = type === 'next-step' ? { due: { date: '2026-03-10' }, channel: 'call' } : undefined;
      expect(refusal(() => validateOutcome('meeting', 'held', { type, next })), type).toBeNull();
    }
  });

  it('refuses a next-step outcome without the agreed follow-up', () => {
    const error = refusal(() => validateOutcome('call', 'connected', { type: 'next-step' }));
    expect(error?.code).toBe('invalid');
    expect(error?.errors.map((e) => e.path)).toEqual(['outcome.next']);
  });

  it('refuses a next step on any other outcome, naming that outcome', () => {
    for (const type of outcomeTypes.filter((t) => t !== 'next-step')) {
      const error = refusal(() => validateOutcome('call', 'connected', { type, next: { due: { date: '2026-03-10' } } }));
      expect(error?.errors.map((e) => e.path), type).toEqual(['outcome.next']);
      expect(error?.message).toContain(`"${type}"`);
    }
  });
});
