import { AppError } from './errors.js';

/**
 * How far ahead of the server's clock a time something happened may be: a phone or laptop clock
 * a few minutes fast is ordinary; more than this is a mistake (a wrong day or zone), not skew.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Whether a moment said to have happened can have happened by `nowMs`, allowing for clock skew. */
export function canHaveHappened(atMs: number, nowMs: number): boolean {
  return atMs <= nowMs + FUTURE_TOLERANCE_MS;
}

/** Refuses a touch or an answer dated in the future (beyond the tolerance), naming the field. */
export function assertHasHappened(atMs: number, nowMs: number, path: string): void {
  if (!canHaveHappened(atMs, nowMs)) throw AppError.invalid(path, 'cannot be in the future');
}
