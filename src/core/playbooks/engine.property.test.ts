/**
 * Properties of the playbook engine over random scenarios: any valid playbook (and every built-in),
 * any zone, reachable windows, quiet hours, frequency cap, start instant and run of answers.
 *
 * Runs: 250 scenarios per property by default (about 3 s for the file; it was 2,000 and most of the
 * unit run's time). PROPERTY_RUNS=N tries N instead, e.g. `PROPERTY_RUNS=5000 npx vitest run
 * src/core/playbooks/engine.property.test.ts` after changing the engine or the time math; the
 * timeout grows with N. See test/helpers/propertyRuns.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { isWithinWindows } from '../reachableWindows.js';
import type { OutcomeType, ReachableWindow } from '../types.js';
import { builtinPlaybooks } from './builtins.js';
import { advance, initialState, isTouch } from './engine.js';
import { allowedWindows, capWindowEnd } from './schedule.js';
import { playbookErrors } from './validate.js';
import {
  branchKeys, stepTypes, waitUnits,
  type EngineContext, type EnrollmentState, type FrequencyCap, type PlannedStep, type Playbook, type QuietHours,
  type Step, type StepResult,
} from './types.js';

const ms = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;
const zones = [
  'UTC', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'Australia/Lord_Howe',
  'Asia/Kolkata', 'America/Santiago', 'Pacific/Auckland', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu',
];
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const windowArb: fc.Arbitrary<ReachableWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 15, max: 1440 }),
  })
  .map(({ days, from, length }) => ({ days, from: hhmm(from), to: hhmm(Math.min(1440, from + length)) }));
const quietArb: fc.Arbitrary<QuietHours | null> = fc.option(
  fc.record({ from: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 0, max: 720 }) })
    .map(({ from, length }) => ({ from: hhmm(from), to: hhmm((from + length) % 1440) })),
);
const capArb: fc.Arbitrary<FrequencyCap | null> = fc.option(
  fc.record({ maxTouches: fc.integer({ min: 1, max: 5 }), perDays: fc.integer({ min: 1, max: 14 }) }),
  { freq: 5 },
);
const resultArb: fc.Arbitrary<StepResult> = fc.constantFrom('connected', 'voicemail', 'no-answer', 'replied', 'bounced', 'held', 'done');
const outcomeArb: fc.Arbitrary<OutcomeType | undefined> = fc.constantFrom(undefined, undefined, undefined, 'no-agreement', 'yes', 'no', 'next-step');
const answerArb = fc.record({ result: resultArb, outcome: outcomeArb, late: fc.integer({ min: 0, max: 3 * 1440 }) });

/** Random playbooks that pass validation: any shape of steps, waits and branches. */
const playbookArb: fc.Arbitrary<Playbook> = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => {
    const target = fc.integer({ min: 0, max: n }).map((i) => (i === n ? 'end' : `s${i}`));
    const step = fc.record({
      type: fc.constantFrom(...stepTypes),
      taskChannel: fc.constantFrom('other', 'letter', 'gift') as fc.Arbitrary<'other' | 'letter' | 'gift'>,
      amount: fc.integer({ min: 0, max: 3 }),
      unit: fc.constantFrom(...waitUnits),
      branches: fc.dictionary(fc.constantFrom(...branchKeys), target),
      next: target,
      minutes: fc.integer({ min: 0, max: 20 }),
    });
    return fc.record({
      steps: fc.array(step, { minLength: n, maxLength: n }),
      maxTouches: fc.integer({ min: 1, max: 8 }),
      budget: fc.integer({ min: 10, max: 200 }),
      exitOn: fc.subarray(['replied', 'outcome', 'said-no', 'opted-out'] as const),
    });
  })
  .map(({ steps, maxTouches, budget, exitOn }): Playbook => ({
    key: 'random', name: 'Random', description: '', kind: 'hard-to-reach', maxTouches, timeBudgetMinutes: budget, exitOn,
    steps: steps.map((s, i): Step => ({
      id: `s${i}`,
      type: s.type,
      channel: s.type === 'task' ? s.taskChannel : s.type,
      title: `step ${i}`,
      ...(s.type === 'email' ? { template: { subject: 'For {{contact.firstName}}', body: '{{suggestedTimes}}' } } : { script: 'Hi' }),
      wait: { amount: s.amount, unit: s.unit },
      branches: s.branches,
      next: s.next,
      estimatedMinutes: s.minutes,
    })),
  }))
  .filter((p) => playbookErrors(p).length === 0);

const anyPlaybookArb = fc.oneof(fc.constantFrom(...builtinPlaybooks), playbookArb);

const scenarioArb = fc.record({
  playbook: anyPlaybookArb,
  zone: fc.constantFrom(...zones),
  reachable: fc.array(windowArb, { maxLength: 3 }),
  quiet: quietArb,
  cap: capArb,
  startAt: fc.integer({ min: ms('2001-01-01T00:00Z'), max: ms('2039-01-01T00:00Z') }),
  agreed: fc.boolean(),
  // Touches already logged before the enrollment starts (some agreed ones are left out, as they are exempt).
  priorDaysAgo: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { maxLength: 6 }),
  answers: fc.array(answerArb, { minLength: 1, maxLength: 60 }),
  dncAfter: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 4 }),
  anchor: fc.constantFrom('2000-02-29', '1999-12-31', '2010-06-15'),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  planned: { step: PlannedStep; wait: Step['wait'] }[];
  touches: number[];
  ours: Set<number>;
  state: EnrollmentState;
  unreachable: boolean;
  dncEvents: number;
  plannedAfterDnc: number;
}

function run(s: Scenario): Run {
  const touches = s.priorDaysAgo.map((d) => s.startAt - Math.round(d * 86_400_000));
  const ours = new Set<number>();
  const context = (dnc: boolean): EngineContext => ({
    contact: { timeZone: s.zone, reachable: s.reachable, doNotContact: dnc, customerSince: s.anchor, purchaseDate: s.anchor },
    rules: { frequencyCap: s.cap, quietHours: s.quiet },
    unagreedTouches: [...touches],
  });
  const out: Run = { planned: [], touches, ours, state: initialState(s.playbook), unreachable: false, dncEvents: 0, plannedAfterDnc: 0 };
  try {
    let { state, followUps } = advance(s.playbook, out.state, { type: 'start', at: s.startAt, agreed: s.agreed }, context(false));
    out.state = state;
    for (let i = 0; state.status === 'active' && i < s.answers.length; i++) {
      const step = followUps[0];
      const answer = s.answers[i];
      if (!step || !answer) throw new Error('an active enrollment must have a next step');
      const def = s.playbook.steps.find((x) => x.id === step.stepId);
      if (!def) throw new Error('planned an unknown step');
      out.planned.push({ step, wait: def.wait });
      const at = step.dueAtMs + answer.late * 60_000;
      if (step.touch && !step.agreed) {
        touches.push(at);
        ours.add(at);
      }
      const dnc = s.dncAfter !== null && i >= s.dncAfter;
      ({ state, followUps } = advance(s.playbook, state, { type: 'result', at, result: answer.result, outcome: answer.outcome, stepId: step.stepId }, context(dnc)));
      out.state = state;
      if (dnc) {
        out.dncEvents++;
        out.plannedAfterDnc += followUps.length;
      }
    }
  } catch (e) {
    if (e instanceof AppError && e.errors[0]?.path === 'reachable') out.unreachable = true;
    else throw e;
  }
  return out;
}

const minuteOf = (t: number, zone: string): number => {
  const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
  return z.hour * 60 + z.minute;
};
function inQuiet(t: number, zone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const [f, to] = [quiet.from, quiet.to].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3)));
  const m = minuteOf(t, zone);
  if (f === undefined || to === undefined || f === to) return false;
  return f < to ? m >= f && m < to : m >= f || m < to;
}

const runs = propertyRuns(250);
// About 5 ms a scenario on a loaded machine; the fourth property answers 200 more steps each.
const timeout = Math.max(60_000, runs * 60);

describe('engine properties', () => {
  it('never plans a step outside the reachable windows or inside quiet hours; business days skip weekends; dues never go backwards', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        if (r.unreachable) {
          expect(allowedWindows(s.reachable, s.quiet, false)).toEqual([]);
          return;
        }
        const weekdaysPossible = allowedWindows(s.reachable, s.quiet, true).length > 0;
        let previous = Number.MIN_SAFE_INTEGER;
        for (const { step, wait } of r.planned) {
          expect(isWithinWindows(step.dueAtMs, s.zone, s.reachable)).toBe(true);
          expect(inQuiet(step.dueAtMs, s.zone, s.quiet)).toBe(false);
          if (wait.unit === 'business-days' && weekdaysPossible) {
            expect(Temporal.Instant.fromEpochMilliseconds(step.dueAtMs).toZonedDateTimeISO(s.zone).dayOfWeek).toBeLessThan(6);
          }
          expect(step.dueAtMs).toBeGreaterThanOrEqual(Math.max(previous, s.startAt));
          previous = step.dueAtMs;
        }
      }),
      { numRuns: runs },
    );
  }, timeout);

  it('never exceeds the frequency cap with an unagreed touch', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        if (!s.cap) return;
        const cap = s.cap;
        const sorted = [...r.touches].sort((a, b) => a - b);
        for (let i = 0; i + cap.maxTouches < sorted.length; i++) {
          const group = sorted.slice(i, i + cap.maxTouches + 1);
          const first = group[0] as number;
          const last = group[group.length - 1] as number;
          // Touches logged before the start may break the cap on their own; ours never add to it.
          if (group.some((t) => r.ours.has(t))) expect(last).toBeGreaterThanOrEqual(capWindowEnd(first, cap, s.zone));
        }
      }),
      { numRuns: runs },
    );
  }, timeout);

  it('gives a do-not-contact contact no step, ever, and exits', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const context: EngineContext = {
          contact: { timeZone: s.zone, reachable: s.reachable, doNotContact: true, customerSince: s.anchor, purchaseDate: s.anchor },
          rules: { frequencyCap: s.cap, quietHours: s.quiet },
          unagreedTouches: [],
        };
        const started = advance(s.playbook, initialState(s.playbook), { type: 'start', at: s.startAt }, context);
        expect(started.followUps).toEqual([]);
        expect(started.state).toMatchObject({ status: 'exited', exitReason: 'do-not-contact' });
        const r = run(s);
        expect(r.plannedAfterDnc).toBe(0);
        if (r.dncEvents > 0) expect(r.state.status).toBe('exited');
      }),
      { numRuns: runs },
    );
  }, timeout);

  it('ends every series (completed or exited) within its maximum touches', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(answerArb, { minLength: 200, maxLength: 200 }), (s, more) => {
        const r = run({ ...s, answers: [...s.answers, ...more], dncAfter: null });
        if (r.unreachable) return;
        for (const { step } of r.planned) expect(step.touchNumber).toBeLessThanOrEqual(s.playbook.maxTouches);
        if (!s.playbook.recurrence) {
          expect(['completed', 'exited']).toContain(r.state.status);
          expect(r.state.touches).toBeLessThanOrEqual(s.playbook.maxTouches);
          const touchSteps = r.planned.filter(({ step }) => step.touch).length;
          expect(touchSteps).toBeLessThanOrEqual(s.playbook.maxTouches);
        }
      }),
      { numRuns: runs },
    );
  }, timeout);

  it('counts only steps that reach the contact as touches', () => {
    for (const playbook of builtinPlaybooks) {
      for (const step of playbook.steps) {
        expect(isTouch(step)).toBe(step.channel !== 'other' && !(step.type === 'voicemail' && step.wait.amount === 0));
      }
    }
  });
});
