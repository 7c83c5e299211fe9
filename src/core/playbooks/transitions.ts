import { AppError } from '../errors.js';
import type { EnrollmentEvent, EnrollmentStatus } from './types.js';

/** What a person may do to an enrollment by hand. */
export type EnrollmentControl = 'pause' | 'resume' | 'exit';

/** A completed or exited enrollment is over: every later event leaves it as it is. */
export function hasEnded(status: EnrollmentStatus): boolean {
  return status === 'completed' || status === 'exited';
}

/**
 * Why a control does not apply to an enrollment in this state, in words; null when it does. The
 * service refuses exactly these (409), and the engine leaves the state unchanged for exactly these,
 * so the two cannot drift apart.
 */
export function controlRefusal(status: EnrollmentStatus, action: EnrollmentControl): string | null {
  if (hasEnded(status)) return `this enrollment has already ${status === 'completed' ? 'completed' : 'exited'}`;
  if (action === 'pause' && status !== 'active') return 'only an active enrollment can be paused';
  if (action === 'resume' && status !== 'paused') return 'only a paused enrollment can be resumed';
  return null;
}

/** The service's check: a refused control is a conflict. */
export function assertControlAllowed(status: EnrollmentStatus, action: EnrollmentControl): void {
  const refusal = controlRefusal(status, action);
  if (refusal) throw new AppError('conflict', refusal);
}

/** The engine event a control becomes. */
export function controlEvent(action: EnrollmentControl, atMs: number): EnrollmentEvent {
  return { type: action === 'exit' ? 'manual-exit' : action, at: atMs };
}
