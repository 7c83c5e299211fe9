import { describe, expect, it } from 'vitest';
import {
  disableReason, failureWords, isAccepted, nextRetryAt, WEBHOOK_DISABLE_AFTER_MS, WEBHOOK_DISABLE_MIN_FAILURES, WEBHOOK_JITTER, WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_MS,
} from './webhookRules.js';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const HOUR = 3_600_000;

describe('webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h and 10 h after attempts 1 to 6, and gives up after the 7th', () => {
    expect(WEBHOOK_RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR]);
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(7);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => (nextRetryAt(attempt, T0, 0) ?? 0) - T0)).toEqual(WEBHOOK_RETRY_DELAYS_MS);
    expect(nextRetryAt(7, T0, 0)).toBeNull();
    expect(nextRetryAt(8, T0, 0.5)).toBeNull();
  });

  it('spreads retries over about a day in all', () => {
    const total = WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / HOUR).toBeGreaterThan(17);
    expect(total * (1 + WEBHOOK_JITTER) / HOUR).toBeLessThan(24);
  });

  it('adds up to a fifth of the delay as jitter, never less than the delay, and clamps a bad draw', () => {
    for (const random of [0, 0.25, 0.5, 0.999]) {
      const wait = (nextRetryAt(4, T0, random) ?? 0) - T0;
      expect(wait).toBeGreaterThanOrEqual(2 * HOUR);
      expect(wait).toBeLessThanOrEqual(2 * HOUR * 1.2);
    }
    expect((nextRetryAt(1, T0, 0.5) ?? 0) - T0).toBe(5_500);
    expect((nextRetryAt(1, T0, -3) ?? 0) - T0).toBe(5_000);
    expect((nextRetryAt(1, T0, 7) ?? 0) - T0).toBe(6_000);
  });
});

describe('disabling an endpoint that keeps failing', () => {
  it('keeps an endpoint whose failures are recent or few', () => {
    expect(disableReason({ consecutiveFailures: 50, failingSinceMs: T0 }, T0 + HOUR, false)).toBeNull();
    expect(disableReason({ consecutiveFailures: WEBHOOK_DISABLE_MIN_FAILURES - 1, failingSinceMs: T0 }, T0 + 3 * WEBHOOK_DISABLE_AFTER_MS, false)).toBeNull();
  });

  it('disables one failing for a day at least a few times in a row', () => {
    const reason = disableReason({ consecutiveFailures: WEBHOOK_DISABLE_MIN_FAILURES, failingSinceMs: T0 }, T0 + WEBHOOK_DISABLE_AFTER_MS, false);
    expect(reason).toBe(`it failed ${WEBHOOK_DISABLE_MIN_FAILURES} times in a row over 24 hours without accepting a delivery`);
  });

  it('disables one when a delivery used every attempt', () => {
    expect(disableReason({ consecutiveFailures: 7, failingSinceMs: T0 }, T0 + 18 * HOUR, true))
      .toBe('a delivery failed all 7 attempts over 18 hours without the endpoint accepting one');
  });
});

describe('what an attempt came to', () => {
  it('accepts any 2xx and nothing else (a redirect is not followed)', () => {
    expect([200, 201, 204, 299].every(isAccepted)).toBe(true);
    expect([199, 301, 302, 400, 410, 500].some(isAccepted)).toBe(false);
  });

  it('words a failure by its status or cause, never by what the remote sent', () => {
    expect(failureWords(500, null)).toBe('the endpoint answered 500');
    expect(failureWords(302, null)).toBe('the endpoint answered 302 (a redirect, which is not followed)');
    expect(failureWords(null, 'timeout')).toBe('no answer within 10 seconds');
    expect(failureWords(null, 'refused')).toBe('the address is not allowed (a private network address)');
    expect(failureWords(null, 'network')).toBe('could not connect to the endpoint');
    expect(failureWords(null, 'secret')).toMatch(/^the signing secret could not be opened/);
  });
});
