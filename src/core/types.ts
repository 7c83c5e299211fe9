/** Domain vocabulary shared by every layer. Plain data only. */

import type {
  CanBuy, Channel, Direction, FollowUpKind, FollowUpSource, FollowUpStatus, InteractionResult,
  InterestLevel, OpportunityStatus, OutcomeType, Relationship, WarningCode,
} from '../shared/vocabulary.js';

export * from '../shared/vocabulary.js';

/** A weekly window in the contact's own zone. days are ISO weekdays, 1 = Monday. */
export interface ReachableWindow {
  days: number[];
  from: string; // HH:mm
  to: string; // HH:mm, exclusive
}

export interface Contact {
  id: string;
  workspaceId: string;
  ownerId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  timeZone: string;
  preferredChannel: Channel | null;
  reachable: ReachableWindow[];
  interests: string[];
  buyingProcess: string | null;
  /** Who introduced them, in words (the referral playbook names and thanks them). */
  referredBy: string | null;
  relationship: Relationship;
  interest: InterestLevel;
  canBuy: CanBuy;
  authority: string | null;
  doNotContact: boolean;
  doNotContactReason: string | null;
  doNotContactAt: string | null;
  notes: string | null;
  customerSince: string | null;
  /** Purchase or version date, for upgrade reminders. */
  purchaseDate: string | null;
  createdAt: string;
  updatedAt: string;
  /** The time committed to following them up, if set for them (else the workspace's or playbook's). */
  timeBudgetMinutes?: number | null;
  /** Minutes of every touch logged with them so far (kept by the store, never written from here). */
  timeSpentMinutes?: number;
}

/** When a follow-up is due: the instant plus the wall time and zone it was agreed in. */
export interface Due {
  dueAt: string; // ISO instant, UTC, millisecond precision
  dueLocal: string; // YYYY-MM-DDTHH:mm, or YYYY-MM-DD when allDay
  timeZone: string;
  allDay: boolean;
}

export interface FollowUp extends Due {
  id: string;
  workspaceId: string;
  contactId: string;
  opportunityId: string | null;
  userId: string | null;
  kind: FollowUpKind;
  channel: Channel;
  agenda: string | null;
  progress: string | null;
  promised: boolean;
  source: FollowUpSource;
  status: FollowUpStatus;
  statusReason: string | null;
  enrollmentId: string | null;
  stepId: string | null;
  touchNumber: number;
  createdAt: string;
  doneAt: string | null;
  /** A playbook step's call script or email body, merge fields filled in. */
  script?: string | null;
  subject?: string | null;
  /** Why a playbook step is due when it is (frequency cap, reachable or quiet hours, business days). */
  scheduleNote?: string | null;
  /** How long a call or meeting takes; null: half an hour when something else must not overlap it. */
  durationMinutes?: number | null;
  /** The client chose this time themselves, through a booking link. */
  bookedByClient?: boolean;
}

export interface Interaction {
  id: string;
  workspaceId: string;
  contactId: string;
  userId: string | null;
  opportunityId: string | null;
  followUpId: string | null;
  channel: Channel;
  direction: Direction;
  result: InteractionResult | null;
  occurredAt: string;
  notes: string | null;
  changed: string | null;
  outcome: OutcomeType | null;
  touchNumber: number;
  createdAt: string;
  /** Time the touch took (core timeBudget: its channel's usual minutes when not said). */
  minutes?: number | null;
}

export interface Opportunity {
  id: string;
  workspaceId: string;
  contactId: string;
  ownerId: string | null;
  title: string;
  status: OpportunityStatus;
  touches: number;
  closedOnTouch: number | null;
  createdAt: string;
  closedAt: string | null;
}

export interface Warning {
  code: WarningCode;
  message: string;
}
