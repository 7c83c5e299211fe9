import { AppError } from './errors.js';
import { spokenDue, spokenInstant } from './spokenTime.js';
import { localDateOf } from './time.js';
import type { Due, Warning } from './types.js';

/** Clocks and typing disagree by a few minutes; a next step "now" agreed at the end of a call is fine. */
export const NEXT_STEP_GRACE_MS = 5 * 60_000;

/** Due before the moment given (with the grace), in the zone it was agreed in; all-day dues by their date. */
export function isDueBefore(due: Due, momentMs: number): boolean {
  if (due.allDay) return due.dueLocal.slice(0, 10) < localDateOf(momentMs, due.timeZone);
  return Date.parse(due.dueAt) < momentMs - NEXT_STEP_GRACE_MS;
}

/**
 * A next step agreed in a conversation is due after that conversation (seed 000: the client chose a
 * time to come). Backfilled history keeps working: the conversation's own time is the bound, not now.
 */
export function assertNextStepAfterConversation(due: Due, conversationMs: number, path: string): void {
  if (!isDueBefore(due, conversationMs)) return;
  throw AppError.invalid(
    path,
    `The next step (${spokenDue(due)}) is before the conversation it was agreed in (${spokenInstant(conversationMs, due.timeZone)} their time). Choose the date and time the client agreed to, after the conversation.`,
  );
}

/** A follow-up put directly at a time already gone: kept, but only as an overdue promise, and said so. */
export function pastDueWarning(due: Due, nowMs: number): Warning | null {
  if (!isDueBefore(due, nowMs)) return null;
  return {
    code: 'past-due',
    message: `${spokenDue(due)} has already passed: it is kept as an overdue promise and shows at the top of Today until you log it.`,
  };
}
