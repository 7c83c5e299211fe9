import { describe, expect, it } from 'vitest';
import { enrollmentEventFor, OUTSIDE_THE_SERIES } from './interactionEvents.js';

const at = '2025-06-03T08:00:00.000Z';
const atMs = Date.parse(at);
const touch = (over: Partial<Parameters<typeof enrollmentEventFor>[0]> = {}) => ({ occurredAt: at, channel: 'call' as const, result: null, outcome: null, minutes: null, ...over });
const ownStep = { enrollmentId: 'e1', stepId: 'call-1' };

describe('how a logged touch becomes an engine event', () => {
  it('a "no" ends every series, even the one whose step it fulfils', () => {
    expect(enrollmentEventFor(touch({ result: 'connected', outcome: 'no' }), ownStep, 'e1')).toEqual({ type: 'said-no', at: atMs });
    expect(enrollmentEventFor(touch({ result: 'connected', outcome: 'no' }), null, 'e2')).toEqual({ type: 'said-no', at: atMs });
  });

  it('the step it fulfils advances by the result, with its minutes', () => {
    expect(enrollmentEventFor(touch({ result: 'voicemail', minutes: 4 }), ownStep, 'e1'))
      .toEqual({ type: 'result', at: atMs, result: 'voicemail', outcome: undefined, stepId: 'call-1', minutes: 4 });
  });

  it('a touch without a result is a connected call, or done on any other channel', () => {
    expect(enrollmentEventFor(touch(), ownStep, 'e1')).toMatchObject({ type: 'result', result: 'connected' });
    expect(enrollmentEventFor(touch({ channel: 'email' }), ownStep, 'e1')).toMatchObject({ type: 'result', result: 'done' });
  });

  it('an outcome or a reply elsewhere is a result outside the series (it may end it)', () => {
    expect(enrollmentEventFor(touch({ result: 'connected', outcome: 'next-step' }), ownStep, 'e2'))
      .toEqual({ type: 'result', at: atMs, result: 'connected', outcome: 'next-step', stepId: OUTSIDE_THE_SERIES });
    expect(enrollmentEventFor(touch({ channel: 'email', result: 'replied' }), null, 'e2'))
      .toEqual({ type: 'result', at: atMs, result: 'replied', outcome: undefined, stepId: OUTSIDE_THE_SERIES });
  });

  it('any other touch only restarts a last-contact clock', () => {
    expect(enrollmentEventFor(touch({ result: 'no-answer' }), null, 'e1')).toEqual({ type: 'touched', at: atMs });
    expect(enrollmentEventFor(touch({ channel: 'email' }), { enrollmentId: null, stepId: null }, 'e1')).toEqual({ type: 'touched', at: atMs });
  });
});
