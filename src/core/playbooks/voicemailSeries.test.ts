import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { isWithinWindows } from '../reachableWindows.js';
import { builtinPlaybook, youMeNextStep } from './builtins.js';
import { defaultRules } from './schedule.js';
import { simulate, unreachable } from './simulate.js';
import type { EngineContext } from './types.js';

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
  // The agreed call: Tuesday 4 March 2025, 10:00 their time.
  const sim = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), unreachable, { agreed: true });
  const steps = sim.steps.map((s) => s.planned);
  const byId = (id: string) => {
    const found = sim.steps.find((s) => s.planned.stepId === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it('runs the steps of seed 002 in order, each of the right kind', () => {
    expect(steps.map((s) => `${s.stepId}:${s.type}`)).toEqual([
      'call-1:call', 'voicemail-1:voicemail', 'call-1-retry:call', 'voicemail-2:voicemail',
      'email-suggested-times:email', 'call-2:call', 'voicemail-3:voicemail', 'email-next-best-time:email',
      'call-3:call', 'voicemail-4:voicemail', 'call-4:call', 'voicemail-5:voicemail', 'email-in-writing:email',
      'call-5:call', 'voicemail-6:voicemail', 'call-last:call', 'voicemail-closing:voicemail',
    ]);
  });

  it('calls first at the agreed time, as a promise', () => {
    expect(local(byId('call-1').planned.dueAtMs)).toBe('2025-03-04T10:00');
    expect(byId('call-1').planned).toMatchObject({ agreed: true, kind: 'next-step', touchNumber: 1 });
    expect(steps.slice(1).every((s) => !s.agreed && s.kind === 'hard-to-reach')).toBe(true);
  });

  it('retries 15 minutes after the first voicemail', () => {
    expect(byId('call-1-retry').planned.dueAtMs - byId('voicemail-1').doneAtMs).toBe(15 * 60_000);
    expect(local(byId('call-1-retry').planned.dueAtMs)).toBe('2025-03-04T10:15');
  });

  it('after voicemail 2 emails suggested times and calls again 1–2 business days later', () => {
    expect(byId('email-suggested-times').planned.template?.body).toContain('{{suggestedTimes}}');
    const gap = businessDaysBetween(byId('email-suggested-times').doneAtMs, byId('call-2').planned.dueAtMs);
    expect(gap).toBeGreaterThanOrEqual(1);
    expect(gap).toBeLessThanOrEqual(2);
    expect(local(byId('call-2').planned.dueAtMs)).toBe('2025-03-05T10:15');
  });

  it('uses the You, Me, Next Step script on every call and ends with the closing voicemail', () => {
    for (const s of steps.filter((x) => x.type === 'call')) expect(s.script).toBe(youMeNextStep);
    expect(youMeNextStep).toMatch(/YOU[\s\S]*ME[\s\S]*THE NEXT STEP/);
    expect(byId('voicemail-1').planned.script).toContain('another call in 15 minutes');
    expect(byId('voicemail-3').planned.script).toContain('next best time');
    expect(byId('voicemail-closing').planned.script).toContain('end of my voicemail series');
  });

  it('leaves at most 7 voicemails and 3 emails, and completes after the closing voicemail', () => {
    expect(steps.filter((s) => s.type === 'voicemail')).toHaveLength(7);
    expect(steps.filter((s) => s.type === 'email')).toHaveLength(3);
    expect(sim.state).toMatchObject({ status: 'completed', voicemails: 7, emails: 3, touches: 10 });
    expect(sim.state.exitReason).toBeUndefined();
    expect(steps.at(-1)?.stepId).toBe('voicemail-closing');
  });

  it('keeps every step inside their working hours, never backwards, and under the frequency cap', () => {
    let previous = 0;
    for (const s of steps) {
      expect(isWithinWindows(s.dueAtMs, zone, [])).toBe(true);
      expect(s.dueAtMs).toBeGreaterThanOrEqual(previous);
      previous = s.dueAtMs;
    }
    // Four unagreed touches in 7 days would break the default cap: the second email waits.
    expect(byId('email-next-best-time').planned.delayedByCap).toBe(true);
    expect(local(byId('email-next-best-time').planned.dueAtMs)).toBe('2025-03-11T10:15');
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
    expect(sim.state).toMatchObject({ status: 'exited', exitReason: 'outcome', currentDueAtMs: null });
  });

  it('exits said-no on a no, and completes without the closing message when they talk but agree nothing', () => {
    const no = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), () => ({ result: 'connected', outcome: 'no' }));
    expect(no.state).toMatchObject({ status: 'exited', exitReason: 'said-no' });
    const talked = simulate(builtinPlaybook('voicemail-series'), context, la('2025-03-04T10:00'), () => ({ result: 'connected', outcome: 'no-agreement' }));
    expect(talked.state.status).toBe('completed');
    expect(talked.steps).toHaveLength(1);
  });
});
