/** The data a playbook and an enrollment are made of. Plain data only: stores keep it as JSON. */

import type { Channel, FollowUpKind, OutcomeType, InteractionResult, ReachableWindow } from '../types.js';

export const stepTypes = ['call', 'voicemail', 'email', 'task'] as const;
export type StepType = (typeof stepTypes)[number];

export const waitUnits = ['minutes', 'hours', 'business-days', 'days', 'months'] as const;
export type WaitUnit = (typeof waitUnits)[number];

/** Waited BEFORE a step, counted from the previous step's result (or the start, for the first). */
export interface Wait {
  amount: number;
  unit: WaitUnit;
}

export const branchKeys = ['voicemail', 'no-answer', 'connected', 'replied', 'bounced', 'done'] as const;
export type BranchKey = (typeof branchKeys)[number];

/** A step id, or END: the series is over (completed, or the next cycle of a recurrence). */
export const END = 'end';
export type StepTarget = string;

export interface EmailTemplate {
  subject: string;
  body: string;
}

export interface Step {
  id: string;
  type: StepType;
  channel: Channel;
  title: string;
  /** Call or voicemail script; merge fields allowed. */
  script?: string | undefined;
  /**
   * Call steps only: the message to leave when the call reaches voicemail. Logging the call with
   * result voicemail means it was left: one call, one touch, no separate voicemail step.
   */
  voicemailScript?: string | undefined;
  /** Email steps only. */
  template?: EmailTemplate | undefined;
  wait: Wait;
  branches: Partial<Record<BranchKey, StepTarget>>;
  /** Where to go when no branch names the result. */
  next: StepTarget;
  estimatedMinutes: number;
}

/** said-no and opted-out always end an enrollment, listed or not (SPEC practice 8). */
export const exitConditions = ['replied', 'outcome', 'said-no', 'opted-out'] as const;
export type ExitCondition = (typeof exitConditions)[number];

export const anchorFields = ['customerSince', 'purchaseDate'] as const;
export type AnchorField = (typeof anchorFields)[number];

export const recurrenceUnits = ['days', 'months', 'years'] as const;
export type RecurrenceUnit = (typeof recurrenceUnits)[number];

export interface RecurrenceEvery {
  amount: number;
  unit: RecurrenceUnit;
}

/**
 * A playbook that repeats: when its steps reach END, the next cycle starts on the next date.
 * last-contact: `every` after the contact's last touch (any touch restarts the clock).
 * anchor: on anchor + k·every (k ≥ 1), e.g. anniversaries of customerSince.
 */
export type Recurrence =
  | { basis: 'last-contact'; every: RecurrenceEvery }
  | { basis: 'anchor'; anchor: AnchorField; every: RecurrenceEvery };

export interface Playbook {
  id?: string | undefined;
  key: string;
  name: string;
  description: string;
  kind: FollowUpKind;
  /** steps[0] is where an enrollment starts. */
  steps: Step[];
  /** Outbound touches per enrollment (per cycle when recurring). */
  maxTouches: number;
  /** The salesperson's time committed per prospect (per cycle when recurring). */
  timeBudgetMinutes: number;
  exitOn: ExitCondition[];
  recurrence?: Recurrence | undefined;
}

export const enrollmentStatuses = ['active', 'paused', 'completed', 'exited'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

export const exitReasons = [
  'replied', 'outcome', 'said-no', 'opted-out', 'max-touches', 'time-budget', 'manual', 'do-not-contact', 'booked',
] as const;
export type ExitReason = (typeof exitReasons)[number];

/** What a step's follow-up was logged with; 'done' is a voicemail left, an email sent, a task done. */
export type StepResult = InteractionResult | 'done';

export type EnrollmentEvent =
  | { type: 'start'; at: number; agreed?: boolean | undefined }
  | {
      type: 'result';
      at: number;
      result: StepResult;
      outcome?: OutcomeType | undefined;
      /** The step the result belongs to; a stale one only applies exits. Defaults to the current step. */
      stepId?: string | undefined;
      /** Minutes actually spent; defaults to the step's estimate. */
      minutes?: number | undefined;
    }
  | { type: 'said-no' | 'opted-out' | 'manual-exit' | 'pause' | 'resume' | 'tick'; at: number }
  /** The client chose a time through a booking link: that time is the agreement, the series has done its job. */
  | { type: 'booked'; at: number }
  /** The contact was touched outside this enrollment; restarts a last-contact recurrence. */
  | { type: 'touched'; at: number };

export type EnrollmentEventType = EnrollmentEvent['type'];

export interface HistoryEntry {
  at: number;
  event: EnrollmentEventType;
  stepId: string | null;
  result?: StepResult | undefined;
  outcome?: OutcomeType | undefined;
  /** The due the event gave the next step, if it planned one. */
  plannedDueAtMs?: number | undefined;
  /** The step it planned (stepId is the step the event happened at). */
  plannedStepId?: string | undefined;
  /** Why the planned step was moved from the time its wait alone gave (cap, hours, business days). */
  note?: string | undefined;
}

export interface EnrollmentState {
  playbookKey: string;
  status: EnrollmentStatus;
  exitReason?: ExitReason | undefined;
  /** The step waiting to be done; null once the enrollment has ended. */
  currentStepId: string | null;
  currentDueAtMs: number | null;
  /** The current step is the agreed time itself: exempt from the frequency cap. */
  currentAgreed: boolean;
  /** Counters of this enrollment (of the current cycle when recurring). */
  touches: number;
  voicemails: number;
  emails: number;
  spentMinutes: number;
  /** Results logged in the current cycle. */
  stepsDone: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  /** No later step may be due before this: due times never go backwards. */
  floorMs: number;
  cycle: number;
  /** Local date (contact's zone) the current cycle is for; recurring playbooks only. */
  cycleDate: string | null;
  lastContactAtMs: number | null;
  history: HistoryEntry[];
}

export interface FrequencyCap {
  maxTouches: number;
  perDays: number;
}

/** Daily, in the contact's zone; may wrap midnight (21:00–08:00). */
export interface QuietHours {
  from: string;
  to: string;
}

export interface WorkspaceRules {
  frequencyCap: FrequencyCap | null;
  quietHours: QuietHours | null;
}

export interface ContactProtocol {
  timeZone: string;
  /** Empty means the default Mon–Fri 09:00–17:00. */
  reachable: ReachableWindow[];
  doNotContact: boolean;
  customerSince?: string | null | undefined;
  purchaseDate?: string | null | undefined;
  /** The contact's latest logged touch, any source; starts a last-contact recurrence. */
  lastContactAtMs?: number | null | undefined;
  /** The time committed to the contact (theirs or the workspace's) and spent so far: no step goes past it. */
  timeBudget?: { budgetMinutes: number; spentMinutes: number } | null | undefined;
}

export interface EngineContext {
  contact: ContactProtocol;
  rules: WorkspaceRules;
  /**
   * Instants of the contact's unagreed outbound touches, logged or scheduled, from any source
   * (this enrollment's own logged touches included). Agreed follow-ups are invited: leave them out.
   */
  unagreedTouches: readonly number[];
}

export interface PlannedStep {
  stepId: string;
  type: StepType;
  channel: Channel;
  kind: FollowUpKind;
  title: string;
  dueAtMs: number;
  timeZone: string;
  /** A call/voicemail script or an email body, merge fields not yet filled. */
  script: string | null;
  template?: EmailTemplate | undefined;
  /** The time the client agreed to: a promise, exempt from the cap. */
  agreed: boolean;
  /** Reaches the contact, so it counts toward maxTouches and the frequency cap. */
  touch: boolean;
  /** This enrollment's touch number if done (touches so far + 1 for a touch). */
  touchNumber: number;
  estimatedMinutes: number;
  cycle: number;
  /** The frequency cap moved it later than its wait and windows alone would have. */
  delayedByCap: boolean;
  /** Every automatic move from the time its wait gave, in order. */
  moves: ScheduleMove[];
  /** The moves in words, for the item and the history; null when it was not moved. */
  scheduleNote: string | null;
}

export const moveReasons = ['reachable-hours', 'quiet-hours', 'business-days', 'frequency-cap'] as const;
export type MoveReason = (typeof moveReasons)[number];

/** One automatic move of a step's due: from where the rule would have put it, to where it went. */
export interface ScheduleMove {
  reason: MoveReason;
  fromMs: number;
  toMs: number;
}

export interface AdvanceResult {
  state: EnrollmentState;
  /** At most one: the enrollment's next step. */
  followUps: PlannedStep[];
  /**
   * Cancel the enrollment's open follow-ups other than the one this event fulfilled: set when the
   * enrollment ends or pauses, or its pending step was re-planned (returned in followUps).
   */
  cancelOpen: boolean;
}
