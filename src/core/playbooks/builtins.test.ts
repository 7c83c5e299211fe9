import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { addBusinessDays } from '../reachableWindows.js';
import { builtinKeys, builtinPlaybook, builtinPlaybooks } from './builtins.js';
import { coach } from './coach.js';
import { advance, isTouch, startEnrollment } from './engine.js';
import { defaultRules } from './schedule.js';
import { simulate, unreachable } from './simulate.js';
import { validatePlaybook } from './validate.js';
import { END, type ContactProtocol, type EngineContext, type Playbook, type Step } from './types.js';

const ny = 'America/New_York';
const la = 'America/Los_Angeles';
const at = (local: string, zone: string): number => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).epochMilliseconds;
const local = (ms: number, zone: string): string =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
const ctx = (contact: Partial<ContactProtocol> & { timeZone: string }): EngineContext => ({
  contact: { reachable: [], doNotContact: false, ...contact },
  rules: defaultRules,
  unagreedTouches: [],
});

/** Every path from the first step to the end: the built-ins have no loops. */
function paths(playbook: Playbook): Step[][] {
  const byId = new Map(playbook.steps.map((s) => [s.id, s]));
  const walk = (step: Step, seen: Step[]): Step[][] => {
    const targets = new Set([...Object.values(step.branches), step.next]);
    return [...targets].flatMap((t) => {
      const next = t === END ? undefined : byId.get(t);
      return next ? walk(next, [...seen, step]) : [[...seen, step]];
    });
  };
  const first = playbook.steps[0];
  return first ? walk(first, []) : [];
}

describe('built-in playbooks', () => {
  it('has the six stable keys, each valid', () => {
    expect(builtinKeys).toEqual(['voicemail-series', 'hard-to-reach', 'referral', 'service-check-in', 'upgrade-reminder', 'thank-you']);
    for (const playbook of builtinPlaybooks) expect(validatePlaybook(playbook)).toEqual(playbook);
    expect(() => builtinPlaybook('nope')).toThrow(AppError);
    const copy = builtinPlaybook('referral');
    copy.steps.length = 0;
    expect(builtinPlaybook('referral').steps.length).toBeGreaterThan(0);
  });

  it('fits every path in its touches and time budget; the voicemail series in 7 voicemails and 3 emails', () => {
    for (const playbook of builtinPlaybooks) {
      for (const path of paths(playbook)) {
        expect(path.filter(isTouch).length, playbook.key).toBeLessThanOrEqual(playbook.maxTouches);
        expect(path.reduce((sum, s) => sum + s.estimatedMinutes, 0), playbook.key).toBeLessThanOrEqual(playbook.timeBudgetMinutes);
      }
    }
    for (const path of paths(builtinPlaybook('voicemail-series'))) {
      // One call, one touch: each call carries its voicemail, so a path leaves at most one per call.
      expect(path.filter((s) => s.type === 'voicemail')).toEqual([]);
      expect(path.filter((s) => s.voicemailScript !== undefined).length).toBeLessThanOrEqual(7);
      expect(path.filter((s) => s.type === 'email').length).toBeLessThanOrEqual(3);
    }
  });

  it('writes emails the coach has nothing to say about', () => {
    for (const playbook of builtinPlaybooks) {
      for (const step of playbook.steps) {
        if (!step.template) continue;
        const text = `${step.template.subject}\n${step.template.body}`;
        const { findings } = coach(text, { interests: ['{{contact.interest}}'], agenda: null });
        expect(findings, `${playbook.key}/${step.id}`).toEqual([]);
      }
    }
    for (const playbook of builtinPlaybooks) {
      for (const step of playbook.steps) {
        const codes = coach(step.script ?? '', { interests: [] }).findings.map((f) => f.code);
        expect(codes.filter((c) => c === 'generic-opener' || c === 'pushy'), `${playbook.key}/${step.id}`).toEqual([]);
      }
    }
  });
});

describe('hard-to-reach', () => {
  it('spaces its touches by business days and closes politely', () => {
    const sim = simulate(builtinPlaybook('hard-to-reach'), ctx({ timeZone: ny }), at('2025-06-02T09:30', ny));
    const due = (id: string): number => sim.steps.find((s) => s.planned.stepId === id)?.planned.dueAtMs ?? NaN;
    expect(sim.steps.map((s) => s.planned.stepId)).toEqual([
      'email-idea', 'call-1', 'voicemail-1', 'email-details', 'call-2', 'voicemail-2', 'email-close-file',
    ]);
    expect(local(due('email-idea'), ny)).toBe('2025-06-02T09:30');
    expect(due('call-1')).toBe(addBusinessDays(due('email-idea'), ny, 2));
    expect(due('call-2')).toBe(addBusinessDays(due('email-details'), ny, 4));
    expect(due('email-close-file')).toBe(addBusinessDays(due('voicemail-2'), ny, 5));
    expect(sim.state).toMatchObject({ status: 'completed', touches: 5 });
  });
});

describe('referral', () => {
  it('thanks the referrer first and contacts the referral within 2 business days', () => {
    const start = at('2025-06-06T18:30', ny); // Friday evening
    const sim = simulate(builtinPlaybook('referral'), ctx({ timeZone: ny }), start, unreachable);
    const [thank, firstCall] = sim.steps.map((s) => s.planned);
    expect(thank).toMatchObject({ stepId: 'thank-referrer', type: 'task', touch: false, kind: 'referral' });
    expect(thank?.script).toContain('{{referrer.firstName}}');
    expect(firstCall?.stepId).toBe('call-referral');
    expect(local(firstCall?.dueAtMs ?? 0, ny)).toBe('2025-06-09T09:00');
    expect(firstCall?.dueAtMs ?? Infinity).toBeLessThanOrEqual(addBusinessDays(start, ny, 2));
    const second = sim.steps.find((s) => s.planned.stepId === 'call-referral-2');
    const email = sim.steps.find((s) => s.planned.stepId === 'email-introduction');
    expect(second?.planned.dueAtMs).toBe(addBusinessDays(email?.doneAtMs ?? 0, ny, 2));
    expect(sim.state.status).toBe('completed');
  });
});

describe('service-check-in', () => {
  const playbook = builtinPlaybook('service-check-in');
  const contact = { timeZone: la, lastContactAtMs: at('2025-01-10T15:00', la) };

  it('is due 3 months after the last contact, and a touch restarts the clock', () => {
    const started = startEnrollment(playbook, ctx(contact), at('2025-01-15T12:00', la));
    expect(local(started.followUps[0]?.dueAtMs ?? 0, la)).toBe('2025-04-10T09:00');
    expect(started.state.cycleDate).toBe('2025-04-10');

    const touched = advance(playbook, started.state, { type: 'touched', at: at('2025-02-20T11:00', la) }, ctx(contact));
    expect(touched.cancelOpen).toBe(true);
    expect(local(touched.followUps[0]?.dueAtMs ?? 0, la)).toBe('2025-05-20T09:00');

    const earlier = advance(playbook, touched.state, { type: 'touched', at: at('2025-02-01T11:00', la) }, ctx(contact));
    expect(earlier.followUps).toEqual([]);
    expect(earlier.state.currentDueAtMs).toBe(touched.state.currentDueAtMs);

    const call = advance(playbook, touched.state, { type: 'result', at: at('2025-05-20T09:05', la), result: 'connected', outcome: 'no-agreement' }, ctx(contact));
    expect(call.state).toMatchObject({ status: 'active', cycle: 2, cycleDate: '2025-08-20', touches: 0 });
    expect(local(call.followUps[0]?.dueAtMs ?? 0, la)).toBe('2025-08-20T09:00');
  });

  it('does not move a check-in already under way', () => {
    const started = startEnrollment(playbook, ctx(contact), at('2025-01-15T12:00', la));
    const voicemail = advance(playbook, started.state, { type: 'result', at: at('2025-04-10T09:00', la), result: 'voicemail' }, ctx(contact));
    const touched = advance(playbook, voicemail.state, { type: 'touched', at: at('2025-04-10T09:30', la) }, ctx(contact));
    expect(touched.followUps).toEqual([]);
    expect(touched.state.currentStepId).toBe('check-in-voicemail');
  });

  it('starts counting from enrolment when there was no contact yet', () => {
    const started = startEnrollment(playbook, ctx({ timeZone: la }), at('2025-11-30T12:00', la));
    expect(local(started.followUps[0]?.dueAtMs ?? 0, la)).toBe('2026-03-02T09:00'); // Feb 28 2026 is a Saturday
  });
});

describe('upgrade-reminder', () => {
  const playbook = builtinPlaybook('upgrade-reminder');

  it('is due 12 months after the purchase date, then every 12 months', () => {
    const c = ctx({ timeZone: ny, purchaseDate: '2024-01-31' });
    const sim = simulate(playbook, c, at('2024-06-01T10:00', ny), unreachable, { maxSteps: 5 });
    const due = sim.steps.map((s) => `${s.planned.stepId}@${local(s.planned.dueAtMs, ny)}`);
    expect(due.slice(0, 4)).toEqual([
      'upgrade-email@2025-01-31T09:00',
      'upgrade-call@2025-02-05T09:00',
      'upgrade-voicemail@2025-02-05T09:00',
      'upgrade-email@2026-02-02T09:00', // 31 January 2026 is a Saturday
    ]);
    expect(sim.state.cycle).toBe(2);
  });

  it('needs a purchase date to start', () => {
    try {
      startEnrollment(playbook, ctx({ timeZone: ny }), at('2024-06-01T10:00', ny));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).errors[0]?.path).toBe('contact.purchaseDate');
    }
  });
});

describe('thank-you', () => {
  it('calls on each anniversary; a Feb 29 customer is thanked on Feb 28 in other years', () => {
    const everyDay = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '17:00' }];
    const c = ctx({ timeZone: la, reachable: everyDay, customerSince: '2020-02-29' });
    const sim = simulate(builtinPlaybook('thank-you'), c, at('2021-01-10T12:00', la), () => ({ result: 'connected', outcome: 'no-agreement' }), { maxSteps: 5 });
    expect(sim.steps.map((s) => local(s.planned.dueAtMs, la))).toEqual([
      '2021-02-28T09:00', '2022-02-28T09:00', '2023-02-28T09:00', '2024-02-29T09:00', '2025-02-28T09:00',
    ]);
    expect(sim.steps.every((s) => s.planned.kind === 'thank-you' && s.planned.stepId === 'thank-you-call')).toBe(true);
  });

  it('on the anniversary itself, thanks them that day', () => {
    const started = startEnrollment(builtinPlaybook('thank-you'), ctx({ timeZone: ny, customerSince: '2019-06-03' }), at('2025-06-03T11:00', ny));
    expect(local(started.followUps[0]?.dueAtMs ?? 0, ny)).toBe('2025-06-03T11:00');
  });

  it('a missed call becomes a note, and the next year still comes', () => {
    const c = ctx({ timeZone: ny, customerSince: '2019-06-03' });
    const sim = simulate(builtinPlaybook('thank-you'), c, at('2025-06-01T11:00', ny), (s) => ({ result: s.type === 'call' ? 'no-answer' : 'done' }), { maxSteps: 3 });
    expect(sim.steps.map((s) => `${s.planned.stepId}@${local(s.planned.dueAtMs, ny)}`)).toEqual([
      'thank-you-call@2025-06-03T09:00', 'thank-you-note@2025-06-03T09:00', 'thank-you-call@2026-06-03T09:00',
    ]);
  });
});
