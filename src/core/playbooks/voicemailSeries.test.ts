import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { isWithinWindows } from '../reachableWindows.js';
import { builtinPlaybook, youMeNextStep } from './builtins.js';
import { advance, initialState } from './engine.js';
import { defaultRules } from './schedule.js';
import { simulate, unreachable } from './simulate.js';
import type { EngineContext, EnrollmentState } from './types.js';

const zone = 'America/Los_Angeles';
const la = (local: string): number => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).epochMilliseconds;
const local = (ms: number): string =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
const context: EngineContext = {
  contact: { timeZone: zone, reachable: [], doNotContact: false },
  rules: defaultRules,
  unagreedTouches: [],
};

/** Mon–Fri days from one local date to another (the later date counted, the earlier not). */
function businessDaysBetween(fromMs: number, toMs: number): number {
  let d = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(zone).toPlainDate();
  const end = Temporal.Instant.fromEpochMilliseconds(toMs).toZonedDateTimeISO(zone).toPlainDate();
  let n = 0;
  while (Temporal.PlainDate.compare(d, end) < 0) {
    d = d.add({ days: 1 });
    if (d.dayOfWeek <= 5) n++;
  }
  return n;
}

describe('voicemail-series for a contact in Los Angeles who never picks up', () => {
  // The agreed call: Tuesday 4 March 2025, 10:00 their time. Every call reaches voicemail; one log per call.
  const sim = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), unreachable, { agreed: true });
  const steps = sim.steps.map((s) => s.planned);
  const byId = (id: string) => {
    const found = sim.steps.find((s) => s.planned.stepId === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it('is one item per call: no separate voicemail steps, the seed\'s calls and emails in order', () => {
    expect(steps.map((s) => `${s.stepId}:${s.type}`)).toEqual([
      'call-1:call', 'call-1-retry:call', 'email-suggested-times:email', 'call-2:call', 'email-next-best-time:email',
      'call-3:call', 'call-4:call', 'email-in-writing:email', 'call-5:call', 'call-last:call',
    ]);
    expect(builtinPlaybook('voicemail-series').steps.some((s) => s.type === 'voicemail')).toBe(false);
  });

  it('calls first at the agreed time, as a promise', () => {
    expect(local(byId('call-1').planned.dueAtMs)).toBe('2025-03-04T10:00');
    expect(byId('call-1').planned).toMatchObject({ agreed: true, kind: 'next-step', touchNumber: 1 });
    expect(steps.slice(1).every((s) => !s.agreed && s.kind === 'hard-to-reach')).toBe(true);
  });

  it('a call logged as voicemail means the message was left: the retry comes 15 minutes later', () => {
    expect(byId('call-1-retry').planned.dueAtMs - byId('call-1').doneAtMs).toBe(15 * 60_000);
    expect(local(byId('call-1-retry').planned.dueAtMs)).toBe('2025-03-04T10:15');
    expect(byId('call-1-retry').planned.touchNumber).toBe(2);
  });

  it('after the second voicemail the email with suggested times goes the same day, and the next call 1–2 business days later', () => {
    expect(byId('email-suggested-times').planned.template?.body).toContain('{{suggestedTimes}}');
    expect(local(byId('email-suggested-times').planned.dueAtMs)).toBe('2025-03-04T10:15');
    const gap = businessDaysBetween(byId('call-1-retry').doneAtMs, byId('call-2').planned.dueAtMs);
    expect(gap).toBeGreaterThanOrEqual(1);
    expect(gap).toBeLessThanOrEqual(2);
    expect(local(byId('call-2').planned.dueAtMs)).toBe('2025-03-05T10:15');
  });

  it('every call carries the You, Me, Next Step script and, below it, its own voicemail message', () => {
    for (const s of steps.filter((x) => x.type === 'call')) {
      expect(s.script?.startsWith(youMeNextStep)).toBe(true);
      expect(s.script).toContain('If you get voicemail, leave this message');
    }
    expect(youMeNextStep).toMatch(/YOU[\s\S]*ME[\s\S]*THE NEXT STEP/);
    expect(byId('call-1').planned.script).toContain('another call in 15 minutes');
    expect(byId('call-1-retry').planned.script).toContain('email with a\nfew suggested times');
    expect(byId('call-2').planned.script).toContain('next best time');
    expect(byId('call-last').planned.script).toContain('end of my voicemail series');
    expect(steps.filter((s) => s.script?.includes('end of my voicemail series'))).toHaveLength(1);
  });

  it('leaves at most 7 voicemails and 3 emails, and logging the last call as voicemail completes the series', () => {
    expect(steps.filter((s) => s.type === 'call')).toHaveLength(7);
    expect(steps.filter((s) => s.type === 'email')).toHaveLength(3);
    expect(sim.state).toMatchObject({ status: 'completed', voicemails: 7, emails: 3, touches: 10, currentStepId: 'call-last' });
    expect(sim.state.exitReason).toBeUndefined();
    expect(steps.at(-1)?.stepId).toBe('call-last');
  });

  it('keeps every step inside their working hours, never backwards, and under the frequency cap, saying why it moved', () => {
    let previous = 0;
    for (const s of steps) {
      expect(isWithinWindows(s.dueAtMs, zone, [])).toBe(true);
      expect(s.dueAtMs).toBeGreaterThanOrEqual(previous);
      previous = s.dueAtMs;
    }
    // Four unagreed touches in 7 days would break the default cap: the second email waits, and says so.
    const capped = byId('email-next-best-time').planned;
    expect(capped.delayedByCap).toBe(true);
    expect(local(capped.dueAtMs)).toBe('2025-03-11T10:15');
    expect(capped.scheduleNote).toBe('Moved to Tue 11 Mar, 10:15 their time: at most 3 touches a week (frequency cap)');
    expect(byId('call-2').planned.scheduleNote).toBeNull();
    expect(sim.state.history.find((h) => h.plannedStepId === 'email-next-best-time')?.note).toBe(capped.scheduleNote);
  });

  it('never goes over the time budget', () => {
    expect(sim.state.spentMinutes).toBeLessThanOrEqual(builtinPlaybook('voicemail-series').timeBudgetMinutes);
  });
});

describe('voicemail-series answered on the third call', () => {
  it('exits with reason outcome when the contact agrees a next step', () => {
    let calls = 0;
    const sim = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), (step) => {
      if (step.type !== 'call') return { result: 'done' };
      calls++;
      return calls === 3 ? { result: 'connected', outcome: 'next-step' } : { result: 'voicemail' };
    }, { agreed: true });
    expect(sim.steps.at(-1)?.planned.stepId).toBe('call-2');
    expect(sim.state).toMatchObject({ status: 'exited', exitReason: 'outcome', currentDueAtMs: null, voicemails: 2 });
  });

  it('exits said-no on a no, and completes without the closing message when they talk but agree nothing', () => {
    const no = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), () => ({ result: 'connected', outcome: 'no' }));
    expect(no.state).toMatchObject({ status: 'exited', exitReason: 'said-no' });
    const talked = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), () => ({ result: 'connected', outcome: 'no-agreement' }));
    expect(talked.state.status).toBe('completed');
    expect(talked.steps).toHaveLength(1);
  });

  it('retries in 15 minutes when the first call is not answered and no message was left', () => {
    const sim = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), (step, i) => (i === 0 ? { result: 'no-answer' } : { result: 'connected', outcome: 'no-agreement' }), { agreed: true });
    expect(sim.steps.map((s) => s.planned.stepId)).toEqual(['call-1', 'call-1-retry']);
    expect(sim.state.voicemails).toBe(0);
  });
});

describe('an enrollment stored at a voicemail step the series no longer has', () => {
  const series = builtinPlaybook('voicemail-series');
  const stored = (stepId: string, dueLocal: string): EnrollmentState => ({
    ...initialState(series), startedAtMs: la('2025-03-04T10:00'), floorMs: la('2025-03-04T10:00'), touches: 1,
    currentStepId: stepId, currentDueAtMs: la(dueLocal), history: [],
  });

  it('moves on to the step that followed it when its item is logged: voicemail 1 → the retry 15 minutes later', () => {
    const r = advance(series, stored('voicemail-1', '2025-03-04T10:00'), { type: 'result', at: la('2025-03-04T10:02'), result: 'done', stepId: 'voicemail-1' }, context);
    expect(r.state).toMatchObject({ status: 'active', currentStepId: 'call-1-retry', voicemails: 1 });
    expect(local(r.followUps[0]!.dueAtMs)).toBe('2025-03-04T10:17');
    expect(r.followUps[0]!.script).toContain('If you get voicemail');
  });

  it('voicemail 2 → the email with suggested times; the closing voicemail completes the series', () => {
    const email = advance(series, stored('voicemail-2', '2025-03-04T10:15'), { type: 'result', at: la('2025-03-04T10:16'), result: 'voicemail' }, context);
    expect(email.state.currentStepId).toBe('email-suggested-times');
    const closing = advance(series, stored('voicemail-closing', '2025-03-20T10:15'), { type: 'result', at: la('2025-03-20T10:16'), result: 'done' }, context);
    expect(closing.state).toMatchObject({ status: 'completed', currentDueAtMs: null });
  });

  it('a paused one resumes at the step that followed it', () => {
    const paused = { ...stored('voicemail-3', '2025-03-06T10:15'), status: 'paused' as const };
    const r = advance(series, paused, { type: 'resume', at: la('2025-03-10T09:00') }, context);
    expect(r.state.currentStepId).toBe('email-next-best-time');
  });
});
