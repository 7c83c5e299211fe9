import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { builtinPlaybook } from './builtins.js';
import { advance, initialState, startEnrollment } from './engine.js';
import { defaultRules } from './schedule.js';
import type { AdvanceResult, EngineContext, EnrollmentEvent, Playbook, Step } from './types.js';

const ny = 'America/New_York';
const at = (local: string): number => Temporal.PlainDateTime.from(local).toZonedDateTime(ny).epochMilliseconds;
const local = (ms: number | null | undefined): string =>
  ms == null ? '' : Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(ny).toPlainDateTime().toString({ smallestUnit: 'minute' });
const context = (over: Partial<EngineContext['contact']> = {}, touches: number[] = []): EngineContext => ({
  contact: { timeZone: ny, reachable: [], doNotContact: false, ...over },
  rules: defaultRules,
  unagreedTouches: touches,
});
const call = (id: string, over: Partial<Step> = {}): Step => ({
  id, type: 'call', channel: 'call', title: id, script: 'Hi', wait: { amount: 1, unit: 'days' },
  branches: {}, next: 'end', estimatedMinutes: 10, ...over,
});
const loop: Playbook = {
  key: 'loop', name: 'Loop', description: '', kind: 'hard-to-reach', maxTouches: 3, timeBudgetMinutes: 100,
  exitOn: ['replied', 'outcome'], steps: [call('a', { next: 'a' })],
};
const series = builtinPlaybook('voicemail-series');
const start = (playbook: Playbook = series, ctx = context()): AdvanceResult => startEnrollment(playbook, ctx, at('2025-06-03T10:00'), true);
const step = (r: AdvanceResult, event: EnrollmentEvent, playbook: Playbook = series, ctx = context()): AdvanceResult =>
  advance(playbook, r.state, event, ctx);

describe('advance', () => {
  it('starts at the first reachable moment at or after the start', () => {
    const r = startEnrollment(series, context(), at('2025-06-07T08:00')); // a Saturday
    expect(local(r.followUps[0]?.dueAtMs)).toBe('2025-06-09T09:00');
    expect(r.state).toMatchObject({ status: 'active', currentStepId: 'call-1', startedAtMs: at('2025-06-07T08:00') });
    expect(r.followUps[0]).toMatchObject({ agreed: false, kind: 'hard-to-reach', timeZone: ny, touch: true, touchNumber: 1 });
  });

  it('follows the branch for the result, or the default next', () => {
    const r = start();
    expect(step(r, { type: 'result', at: at('2025-06-03T10:00'), result: 'voicemail' }).state.currentStepId).toBe('call-1-retry');
    expect(step(r, { type: 'result', at: at('2025-06-03T10:00'), result: 'no-answer' }).state.currentStepId).toBe('call-1-retry');
    expect(step(r, { type: 'result', at: at('2025-06-03T10:00'), result: 'bounced' }).state.currentStepId).toBe('call-1-retry');
  });

  it.each([
    [{ result: 'replied' as const }, 'replied'],
    [{ result: 'connected' as const, outcome: 'next-step' as const }, 'outcome'],
    [{ result: 'held' as const, outcome: 'yes' as const }, 'outcome'],
    [{ result: 'connected' as const, outcome: 'no' as const }, 'said-no'],
  ])('exits on %o with reason %s', (answer, reason) => {
    const r = step(start(), { type: 'result', at: at('2025-06-03T10:00'), ...answer });
    expect(r.state).toMatchObject({ status: 'exited', exitReason: reason, currentDueAtMs: null, endedAtMs: at('2025-06-03T10:00') });
    expect(r.followUps).toEqual([]);
    expect(r.cancelOpen).toBe(true);
  });

  it.each([
    ['said-no', 'said-no'], ['opted-out', 'opted-out'], ['manual-exit', 'manual'],
  ] as const)('exits on a %s event and asks for open follow-ups to be cancelled', (type, reason) => {
    const r = step(start(), { type, at: at('2025-06-03T09:00') });
    expect(r.state).toMatchObject({ status: 'exited', exitReason: reason });
    expect(r.cancelOpen).toBe(true);
  });

  it('exits on a no even when the playbook does not list it', () => {
    const r = step(start(loop), { type: 'result', at: at('2025-06-04T10:00'), result: 'connected', outcome: 'no' }, { ...loop, exitOn: [] });
    expect(r.state.exitReason).toBe('said-no');
  });

  it('follows the replied branch when replies do not end the playbook', () => {
    const pb: Playbook = { ...loop, exitOn: [], steps: [call('a', { next: 'b', branches: { replied: 'end' } }), call('b')] };
    const r = step(start(pb), { type: 'result', at: at('2025-06-03T10:00'), result: 'replied' }, pb);
    expect(r.state.status).toBe('completed');
  });

  it('exits at the maximum touches', () => {
    let r = start(loop);
    const seen: string[] = [];
    while (r.state.status === 'active') {
      seen.push(local(r.followUps[0]?.dueAtMs));
      r = step(r, { type: 'result', at: r.followUps[0]?.dueAtMs ?? 0, result: 'no-answer' }, loop);
    }
    expect(seen).toHaveLength(3);
    expect(r.state).toMatchObject({ status: 'exited', exitReason: 'max-touches', touches: 3 });
  });

  it('exits when the time budget is spent, counting the minutes actually taken', () => {
    const pb: Playbook = { ...loop, maxTouches: 10, timeBudgetMinutes: 45 };
    const r1 = step(start(pb), { type: 'result', at: at('2025-06-03T10:30'), result: 'no-answer', minutes: 30 }, pb);
    expect(r1.state.spentMinutes).toBe(30);
    const r2 = step(r1, { type: 'result', at: at('2025-06-04T10:30'), result: 'no-answer', minutes: 10 }, pb);
    expect(r2.state).toMatchObject({ status: 'exited', exitReason: 'time-budget', spentMinutes: 40 });
  });

  it('never lets a later step come due before an earlier one, even when done early', () => {
    const r = start();
    const early = step(r, { type: 'result', at: at('2025-06-03T09:00'), result: 'voicemail' });
    // The retry waits 15 minutes from the call's due, not from the early log.
    expect(local(early.followUps[0]?.dueAtMs)).toBe('2025-06-03T10:15');
  });

  it('ignores a stale result except for an exit', () => {
    const r = start();
    const stale = step(r, { type: 'result', at: at('2025-06-03T10:00'), result: 'voicemail', stepId: 'call-5' });
    expect(stale).toEqual({ state: r.state, followUps: [], cancelOpen: false });
    const reply = step(r, { type: 'result', at: at('2025-06-03T11:00'), result: 'replied', stepId: 'email-suggested-times' });
    expect(reply.state.exitReason).toBe('replied');
  });

  it('pauses without a step and resumes no earlier than the step was due', () => {
    const r = start();
    const paused = step(r, { type: 'pause', at: at('2025-06-02T12:00') });
    expect(paused).toMatchObject({ followUps: [], cancelOpen: true, state: { status: 'paused' } });
    expect(step(paused, { type: 'result', at: at('2025-06-03T10:00'), result: 'voicemail' }).state).toBe(paused.state);
    const soon = step(paused, { type: 'resume', at: at('2025-06-02T13:00') });
    expect(local(soon.followUps[0]?.dueAtMs)).toBe('2025-06-03T10:00');
    expect(soon.followUps[0]?.agreed).toBe(true);
    const late = step(paused, { type: 'resume', at: at('2025-06-06T18:00') });
    expect(late).toMatchObject({ cancelOpen: true, state: { status: 'active', currentStepId: 'call-1' } });
    expect(local(late.followUps[0]?.dueAtMs)).toBe('2025-06-09T09:00');
  });

  it('exits do-not-contact on any event once the contact is marked, and never starts one', () => {
    const r = start();
    const ticked = step(r, { type: 'tick', at: at('2025-06-03T09:00') }, series, context({ doNotContact: true }));
    expect(ticked.state).toMatchObject({ status: 'exited', exitReason: 'do-not-contact' });
    expect(step(r, { type: 'tick', at: at('2025-06-03T09:00') })).toEqual({ state: r.state, followUps: [], cancelOpen: false });
    expect(start(series, context({ doNotContact: true }))).toMatchObject({ followUps: [], state: { status: 'exited', exitReason: 'do-not-contact' } });
  });

  it('ignores every event once ended, and a second start', () => {
    const ended = step(start(), { type: 'opted-out', at: at('2025-06-03T09:00') });
    for (const event of [{ type: 'resume' }, { type: 'start' }, { type: 'said-no' }] as const) {
      expect(step(ended, { ...event, at: at('2025-06-04T09:00') }).state).toBe(ended.state);
    }
    const r = start();
    expect(step(r, { type: 'start', at: at('2025-06-05T09:00') }).state).toBe(r.state);
    expect(advance(series, initialState(series), { type: 'tick', at: 0 }, context()).state.status).toBe('active');
  });

  it('moves an unagreed touch later for the frequency cap instead of dropping it', () => {
    const touches = [at('2025-06-02T09:00'), at('2025-06-02T11:00'), at('2025-06-03T09:30')];
    const r = startEnrollment(loop, context({}, touches), at('2025-06-03T10:00'));
    expect(r.followUps[0]).toMatchObject({ delayedByCap: true });
    expect(local(r.followUps[0]?.dueAtMs)).toBe('2025-06-09T09:00');
    const agreed = startEnrollment(loop, context({}, touches), at('2025-06-03T10:00'), true);
    expect(agreed.followUps[0]).toMatchObject({ delayedByCap: false, agreed: true, kind: 'next-step' });
  });

  it('counts the touch just logged even if the context does not list it yet', () => {
    const pb: Playbook = { ...loop, maxTouches: 10, steps: [call('a', { next: 'a', wait: { amount: 0, unit: 'minutes' } })] };
    const ctx: EngineContext = { ...context(), rules: { ...defaultRules, frequencyCap: { maxTouches: 2, perDays: 7 } } };
    let r = startEnrollment(pb, ctx, at('2025-06-03T10:00'));
    r = advance(pb, r.state, { type: 'result', at: at('2025-06-03T10:00'), result: 'no-answer' }, ctx);
    expect(local(r.followUps[0]?.dueAtMs)).toBe('2025-06-03T10:00');
    expect(advance(pb, r.state, { type: 'result', at: at('2025-06-03T10:05'), result: 'no-answer' }, { ...ctx, unagreedTouches: [at('2025-06-03T10:00'), at('2025-06-03T10:05')] })
      .followUps[0]?.dueAtMs).toBe(at('2025-06-10T10:00'));
    // The context knows the first touch but not yet the one being logged.
    r = advance(pb, r.state, { type: 'result', at: at('2025-06-03T10:05'), result: 'no-answer' }, { ...ctx, unagreedTouches: [at('2025-06-03T10:00')] });
    expect(local(r.followUps[0]?.dueAtMs)).toBe('2025-06-10T10:00');
  });

  it('ends a recurring cycle, not the enrollment, when the cycle runs out of touches', () => {
    const pb: Playbook = {
      ...loop, maxTouches: 1, recurrence: { basis: 'last-contact', every: { amount: 1, unit: 'months' } },
      steps: [call('a', { next: 'b', wait: { amount: 0, unit: 'minutes' } }), call('b')],
    };
    const r = startEnrollment(pb, context({ lastContactAtMs: at('2025-05-20T10:00') }), at('2025-06-03T10:00'));
    expect(local(r.followUps[0]?.dueAtMs)).toBe('2025-06-20T09:00');
    const next = advance(pb, r.state, { type: 'result', at: at('2025-06-20T09:00'), result: 'no-answer' }, context());
    expect(next.state).toMatchObject({ status: 'active', cycle: 2, currentStepId: 'a' });
    expect(local(next.followUps[0]?.dueAtMs)).toBe('2025-07-21T09:00'); // 20 July 2025 is a Sunday
  });

  it('throws a clear error when the contact can never be reached outside quiet hours', () => {
    const night = [{ days: [1, 2, 3, 4, 5], from: '22:00', to: '23:00' }];
    try {
      start(series, context({ reachable: night }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).errors[0]?.path).toBe('reachable');
    }
  });
});
