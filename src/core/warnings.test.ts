import { describe, expect, it } from 'vitest';
import { fulfilmentWarnings } from './warnings.js';
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
