import { AppError } from '../errors.js';
import { exceedsBudget } from '../timeBudget.js';
import { nextCycleDate, startOfDate } from './recurrence.js';
import { retiredStepSuccessor } from './retiredSteps.js';
import { applyWait, place } from './schedule.js';
import { scheduleNote } from './scheduleNote.js';
import { controlRefusal, hasEnded } from './transitions.js';
import {
  END,
  type AdvanceResult, type BranchKey, type EngineContext, type EnrollmentEvent, type EnrollmentState, type ExitReason,
  type HistoryEntry, type PlannedStep, type Playbook, type Step, type StepResult,
} from './types.js';

/**
 * Whether doing a step reaches the contact. Internal tasks (channel "other") don't, and neither does
 * a voicemail with no wait: it is left in the call that just reached the voicemail box.
 */
export function isTouch(step: Step): boolean {
  if (step.channel === 'other') return false;
  return !(step.type === 'voicemail' && step.wait.amount === 0);
}

export function initialState(playbook: Playbook): EnrollmentState {
  return {
    playbookKey: playbook.key,
    status: 'active',
    currentStepId: null,
    currentDueAtMs: null,
    currentAgreed: false,
    touches: 0,
    voicemails: 0,
    emails: 0,
    spentMinutes: 0,
    stepsDone: 0,
    startedAtMs: null,
    endedAtMs: null,
    floorMs: Number.MIN_SAFE_INTEGER,
    cycle: 0,
    cycleDate: null,
    lastContactAtMs: null,
    history: [],
  };
}

/** A call's script, and the message to leave if it reaches voicemail: both on the one item. */
export function stepScript(step: Step): string | null {
  const conversation = step.script ?? step.template?.body ?? null;
  if (!step.voicemailScript) return conversation;
  return [conversation, 'If you get voicemail, leave this message (then log the call as "Left a voicemail"):', step.voicemailScript]
    .filter((part) => part !== null && part !== '').join('\n\n');
}

function stepOf(playbook: Playbook, id: string): Step {
  const step = playbook.steps.find((s) => s.id === id);
  if (!step) throw AppError.invalid('currentStepId', `playbook "${playbook.key}" has no step "${id}"`);
  return step;
}

function entry(event: EnrollmentEvent, stepId: string | null, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  const base: HistoryEntry = { at: event.at, event: event.type, stepId };
  if (event.type === 'result') {
    base.result = event.result;
    if (event.outcome) base.outcome = event.outcome;
  }
  return { ...base, ...extra };
}

const unchanged = (state: EnrollmentState): AdvanceResult => ({ state, followUps: [], cancelOpen: false });

function ended(state: EnrollmentState, event: EnrollmentEvent, reason: ExitReason | null): AdvanceResult {
  const next: EnrollmentState = {
    ...state,
    status: reason ? 'exited' : 'completed',
    currentDueAtMs: null,
    endedAtMs: event.at,
    history: [...state.history, entry(event, state.currentStepId)],
  };
  if (reason) next.exitReason = reason;
  return { state: next, followUps: [], cancelOpen: true };
}

/** An exit the result itself demands, before any branch is followed. */
function resultExit(playbook: Playbook, result: StepResult, outcome: string | undefined): ExitReason | null {
  if (outcome === 'no') return 'said-no';
  if (result === 'replied' && playbook.exitOn.includes('replied')) return 'replied';
  if ((outcome === 'yes' || outcome === 'next-step') && playbook.exitOn.includes('outcome')) return 'outcome';
  return null;
}

function branchKey(result: StepResult): BranchKey {
  return result === 'held' ? 'connected' : result;
}

interface PlanInput {
  stepId: string;
  /** The step's wait counts from here; clamped to the state's floor. */
  baseMs: number;
  agreed: boolean;
  applyWait: boolean;
  /** A touch just logged that the context may not list yet. */
  justTouchedAtMs: number | null;
  /** A recurring playbook that runs out of touches or time ends the cycle, not the enrollment. */
  mayRecur?: boolean;
}

function plan(playbook: Playbook, state: EnrollmentState, event: EnrollmentEvent, context: EngineContext, input: PlanInput): AdvanceResult {
  const step = stepOf(playbook, input.stepId);
  const touch = isTouch(step);
  const outOf: ExitReason | null = touch && state.touches >= playbook.maxTouches
    ? 'max-touches'
    : state.spentMinutes + step.estimatedMinutes > playbook.timeBudgetMinutes || exceedsBudget(context.contact.timeBudget, step.estimatedMinutes)
      ? 'time-budget' : null;
  if (outOf) return playbook.recurrence && input.mayRecur ? finish(playbook, state, event, context) : ended(state, event, outOf);

  const zone = context.contact.timeZone;
  const base = Math.max(input.baseMs, state.floorMs);
  const earliest = Math.max(input.applyWait ? applyWait(base, step.wait, zone) : base, state.floorMs);
  const touches = input.justTouchedAtMs !== null && !context.unagreedTouches.includes(input.justTouchedAtMs)
    ? [...context.unagreedTouches, input.justTouchedAtMs]
    : context.unagreedTouches;
  const { atMs, delayedByCap, moves } = place({
    earliestMs: earliest,
    timeZone: zone,
    reachable: context.contact.reachable,
    rules: context.rules,
    weekdaysOnly: input.applyWait && step.wait.unit === 'business-days',
    capped: touch && !input.agreed,
    touches,
  });

  const planned: PlannedStep = {
    stepId: step.id,
    type: step.type,
    channel: step.channel,
    kind: input.agreed ? 'next-step' : playbook.kind,
    title: step.title,
    dueAtMs: atMs,
    timeZone: zone,
    script: stepScript(step),
    agreed: input.agreed,
    touch,
    touchNumber: state.touches + (touch ? 1 : 0),
    estimatedMinutes: step.estimatedMinutes,
    cycle: state.cycle,
    delayedByCap,
    moves,
    scheduleNote: scheduleNote(moves, zone, context.rules),
  };
  if (step.template) planned.template = { ...step.template };
  return {
    state: {
      ...state,
      status: 'active',
      currentStepId: step.id,
      currentDueAtMs: atMs,
      currentAgreed: input.agreed,
      history: [...state.history, entry(event, state.currentStepId, {
        plannedDueAtMs: atMs, plannedStepId: step.id, ...(planned.scheduleNote ? { note: planned.scheduleNote } : {}),
      })],
    },
    followUps: [planned],
    cancelOpen: false,
  };
}

/** Starts the next cycle of a recurring playbook, or completes a one-off. */
function finish(playbook: Playbook, state: EnrollmentState, event: EnrollmentEvent, context: EngineContext): AdvanceResult {
  const recurrence = playbook.recurrence;
  if (!recurrence) return ended(state, event, null);
  const date = nextCycleDate(recurrence, context.contact, {
    atMs: event.at,
    lastContactAtMs: state.lastContactAtMs,
    previousCycleDate: state.cycleDate,
  });
  if (date === null) return ended(state, event, null);
  const first = playbook.steps[0];
  if (!first) return ended(state, event, null);
  const fresh: EnrollmentState = {
    ...state,
    touches: 0,
    voicemails: 0,
    emails: 0,
    spentMinutes: 0,
    stepsDone: 0,
    cycle: state.cycle + 1,
    cycleDate: date,
    floorMs: Math.max(state.floorMs, event.at),
  };
  const baseMs = Math.max(startOfDate(date, context.contact.timeZone), event.at);
  return plan(playbook, fresh, event, context, { stepId: first.id, baseMs, agreed: false, applyWait: true, justTouchedAtMs: null });
}

function start(playbook: Playbook, state: EnrollmentState, event: Extract<EnrollmentEvent, { type: 'start' }>, context: EngineContext): AdvanceResult {
  if (state.startedAtMs !== null) return unchanged(state);
  const started: EnrollmentState = {
    ...state,
    startedAtMs: event.at,
    floorMs: event.at,
    lastContactAtMs: context.contact.lastContactAtMs ?? null,
  };
  if (context.contact.doNotContact) return ended(started, event, 'do-not-contact');
  const first = playbook.steps[0];
  if (!first) throw AppError.invalid('steps', 'a playbook needs at least one step');
  if (!playbook.recurrence) {
    return plan(playbook, started, event, context, {
      stepId: first.id, baseMs: event.at, agreed: event.agreed ?? false, applyWait: true, justTouchedAtMs: null,
    });
  }
  const date = nextCycleDate(playbook.recurrence, context.contact, {
    atMs: event.at, lastContactAtMs: started.lastContactAtMs, previousCycleDate: null,
  });
  if (date === null) {
    const anchor = playbook.recurrence.basis === 'anchor' ? playbook.recurrence.anchor : 'lastContactAt';
    throw AppError.invalid(`contact.${anchor}`, `"${playbook.name}" counts from the contact's ${anchor}, which is not set`);
  }
  const cycled: EnrollmentState = { ...started, cycle: 1, cycleDate: date };
  const baseMs = Math.max(startOfDate(date, context.contact.timeZone), event.at);
  return plan(playbook, cycled, event, context, { stepId: first.id, baseMs, agreed: false, applyWait: true, justTouchedAtMs: null });
}

function result(playbook: Playbook, state: EnrollmentState, event: Extract<EnrollmentEvent, { type: 'result' }>, context: EngineContext): AdvanceResult {
  const exit = resultExit(playbook, event.result, event.outcome);
  const current = state.currentStepId;
  const stale = state.status !== 'active' || current === null || (event.stepId !== undefined && event.stepId !== current);
  if (stale) return exit ? ended(state, event, exit) : unchanged(state);
  const retiredTo = retiredStepSuccessor(playbook, current);
  if (retiredTo !== null) return afterRetiredVoicemail(playbook, state, event, context, exit, retiredTo);

  const step = stepOf(playbook, current);
  const touch = isTouch(step);
  const leftVoicemail = step.type === 'voicemail' || (step.type === 'call' && event.result === 'voicemail');
  const done: EnrollmentState = {
    ...state,
    touches: state.touches + (touch ? 1 : 0),
    voicemails: state.voicemails + (leftVoicemail ? 1 : 0),
    emails: state.emails + (step.type === 'email' ? 1 : 0),
    spentMinutes: state.spentMinutes + (event.minutes ?? step.estimatedMinutes),
    stepsDone: state.stepsDone + 1,
    lastContactAtMs: touch ? Math.max(event.at, state.lastContactAtMs ?? event.at) : state.lastContactAtMs,
    floorMs: Math.max(state.floorMs, state.currentDueAtMs ?? state.floorMs, event.at),
  };
  if (exit) return ended(done, event, exit);
  const target = step.branches[branchKey(event.result)] ?? step.next;
  if (target === END) return finish(playbook, done, event, context);
  return plan(playbook, done, event, context, {
    stepId: target,
    baseMs: event.at,
    agreed: false,
    applyWait: true,
    justTouchedAtMs: touch && !state.currentAgreed ? event.at : null,
    mayRecur: true,
  });
}

/**
 * An enrollment stored at a voicemail step the playbook no longer has (the voicemail is now left in
 * the call): whatever the item was logged with, the message was left, so the series moves on to the
 * step that followed it.
 */
function afterRetiredVoicemail(
  playbook: Playbook, state: EnrollmentState, event: Extract<EnrollmentEvent, { type: 'result' }>, context: EngineContext,
  exit: ExitReason | null, target: string,
): AdvanceResult {
  const done: EnrollmentState = {
    ...state,
    voicemails: state.voicemails + 1,
    spentMinutes: state.spentMinutes + (event.minutes ?? 2),
    stepsDone: state.stepsDone + 1,
    floorMs: Math.max(state.floorMs, state.currentDueAtMs ?? state.floorMs, event.at),
  };
  if (exit) return ended(done, event, exit);
  if (target === END) return finish(playbook, done, event, context);
  return plan(playbook, done, event, context, { stepId: target, baseMs: event.at, agreed: false, applyWait: true, justTouchedAtMs: null, mayRecur: true });
}

/** A touch outside the enrollment restarts a last-contact recurrence that is still waiting. */
function touched(playbook: Playbook, state: EnrollmentState, event: EnrollmentEvent, context: EngineContext): AdvanceResult {
  const lastContactAtMs = Math.max(event.at, state.lastContactAtMs ?? event.at);
  const next: EnrollmentState = { ...state, lastContactAtMs };
  const recurrence = playbook.recurrence;
  const first = playbook.steps[0];
  const waiting = state.status === 'active' && state.stepsDone === 0 && state.currentStepId === first?.id;
  if (recurrence?.basis !== 'last-contact' || !waiting || !first) return unchanged(next);
  const date = nextCycleDate(recurrence, context.contact, { atMs: event.at, lastContactAtMs, previousCycleDate: null });
  if (date === null || (state.cycleDate !== null && date <= state.cycleDate)) return unchanged(next);
  const baseMs = Math.max(startOfDate(date, context.contact.timeZone), event.at);
  const replanned = plan(playbook, { ...next, cycleDate: date }, event, context, {
    stepId: first.id, baseMs, agreed: false, applyWait: true, justTouchedAtMs: null,
  });
  return { ...replanned, cancelOpen: true };
}

function resume(playbook: Playbook, state: EnrollmentState, event: EnrollmentEvent, context: EngineContext): AdvanceResult {
  if (controlRefusal(state.status, 'resume') !== null || state.currentStepId === null) return unchanged(state);
  const baseMs = Math.max(event.at, state.currentDueAtMs ?? event.at);
  const retiredTo = retiredStepSuccessor(playbook, state.currentStepId);
  if (retiredTo === END) return ended({ ...state, status: 'active' }, event, null);
  const resumed = plan(playbook, { ...state, status: 'active' }, event, context, retiredTo === null
    ? { stepId: state.currentStepId, baseMs, agreed: state.currentAgreed, applyWait: false, justTouchedAtMs: null }
    : { stepId: retiredTo, baseMs, agreed: false, applyWait: true, justTouchedAtMs: null });
  return { ...resumed, cancelOpen: true };
}

/**
 * The enrollment's next state and the follow-up(s) to create for an event. Pure: `now` is the event's
 * `at`. Ended enrollments ignore every event. Throws AppError('invalid', path "reachable") when the
 * contact can never be reached outside quiet hours.
 */
export function advance(playbook: Playbook, state: EnrollmentState, event: EnrollmentEvent, context: EngineContext): AdvanceResult {
  if (hasEnded(state.status)) return unchanged(state);
  if (event.type === 'start') return start(playbook, state, event, context);
  if (state.startedAtMs === null) return unchanged(state);
  if (event.type === 'said-no') return ended(state, event, 'said-no');
  if (event.type === 'opted-out') return ended(state, event, 'opted-out');
  if (event.type === 'manual-exit') return ended(state, event, 'manual');
  if (event.type === 'booked') return ended(state, event, 'booked');
  // The "no" that marked the contact do-not-contact ends the enrollment as said-no.
  const saysNo = event.type === 'result' && event.outcome === 'no';
  if (context.contact.doNotContact && !saysNo) return ended(state, event, 'do-not-contact');
  switch (event.type) {
    case 'result':
      return result(playbook, state, event, context);
    case 'pause':
      if (controlRefusal(state.status, 'pause') !== null) return unchanged(state);
      return {
        state: { ...state, status: 'paused', history: [...state.history, entry(event, state.currentStepId)] },
        followUps: [],
        cancelOpen: true,
      };
    case 'resume':
      return resume(playbook, state, event, context);
    case 'touched':
      return touched(playbook, state, event, context);
    case 'tick':
      return unchanged(state);
  }
}

/** Enrolls: a fresh state advanced by a start event. */
export function startEnrollment(playbook: Playbook, context: EngineContext, atMs: number, agreed = false): AdvanceResult {
  return advance(playbook, initialState(playbook), { type: 'start', at: atMs, agreed }, context);
}
