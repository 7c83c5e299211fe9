import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { assertHasHappened, canHaveHappened, FUTURE_TOLERANCE_MS } from './happenedAt.js';

const now = Date.UTC(2025, 5, 3, 12);

describe('the future-timestamp tolerance', () => {
  it('allows five minutes of clock skew, not a second more', () => {
    expect(FUTURE_TOLERANCE_MS).toBe(5 * 60_000);
    expect(canHaveHappened(now - 86_400_000, now)).toBe(true);
    expect(canHaveHappened(now + FUTURE_TOLERANCE_MS, now)).toBe(true);
    expect(canHaveHappened(now + FUTURE_TOLERANCE_MS + 1, now)).toBe(false);
  });

  it('refuses a later time as an invalid field, named', () => {
    expect(() => assertHasHappened(now + 3_600_000, now, 'occurredAt')).toThrow(AppError);
    expect(() => assertHasHappened(now + 3_600_000, now, 'at')).toThrow(expect.objectContaining({
      code: 'invalid', errors: [{ path: 'at', message: expect.stringContaining('cannot be in the future') }],
    }));
    expect(() => assertHasHappened(now, now, 'occurredAt')).not.toThrow();
  });
});
