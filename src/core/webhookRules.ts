/**
 * How webhook deliveries are retried and when an endpoint that keeps failing is switched off
 * (issue 15). Pure: the time and the random draw for jitter are parameters; services/webhooks.ts
 * and jobs/webhookWorker.ts carry the decisions out.
 */
const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The wait before each retry, after the first attempt fails: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h —
 * seven attempts over about 17.5 hours, long enough to ride out a receiver's bad night.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5 * SECOND_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 5 * HOUR_MS, 10 * HOUR_MS];

/** Every attempt a delivery gets: the first and one per retry delay. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** Up to this share of a delay is added at random, so receivers that come back are not hit by every sender at once. */
export const WEBHOOK_JITTER = 0.2;

/** A remote that has not answered within this long has failed the attempt. */
export const WEBHOOK_TIMEOUT_MS = 10 * SECOND_MS;

/** An endpoint failing without a single success for this long (and at least WEBHOOK_DISABLE_MIN_FAILURES times) is disabled. */
export const WEBHOOK_DISABLE_AFTER_MS = 24 * HOUR_MS;
export const WEBHOOK_DISABLE_MIN_FAILURES = 5;

/** Old and new secret both sign for this long after a rotation, so receivers can switch without losing a delivery. */
export const WEBHOOK_ROTATION_GRACE_MS = 24 * HOUR_MS;

/**
 * When attempt number `attempt` (1-based) failed at `nowMs`: when the next one is due, or null when
 * that was the last. `random` is a draw in [0, 1).
 */
export function nextRetryAt(attempt: number, nowMs: number, random: number): number | null {
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempt - 1];
  if (delay === undefined) return null;
  return nowMs + Math.round(delay * (1 + WEBHOOK_JITTER * Math.min(Math.max(random, 0), 1)));
}

export interface EndpointHealth {
  /** Failed attempts in a row, this one included. */
  consecutiveFailures: number;
  /** When the run of failures began (the first failure after the last success). */
  failingSinceMs: number;
}

/**
 * Why an endpoint is disabled after a failed attempt, in words for its owners, or null to keep it.
 * Disabled when it has failed without a single success for a day (at least a few times: one event
 * retried over the day is not enough to judge), or when one delivery used every attempt.
 */
export function disableReason(health: EndpointHealth, nowMs: number, deliveryGaveUp: boolean): string | null {
  const failingMs = nowMs - health.failingSinceMs;
  if (deliveryGaveUp) {
    return `a delivery failed all ${WEBHOOK_MAX_ATTEMPTS} attempts over ${formatSpan(failingMs)} without the endpoint accepting one`;
  }
  if (failingMs >= WEBHOOK_DISABLE_AFTER_MS && health.consecutiveFailures >= WEBHOOK_DISABLE_MIN_FAILURES) {
    return `it failed ${health.consecutiveFailures} times in a row over ${formatSpan(failingMs)} without accepting a delivery`;
  }
  return null;
}

function formatSpan(ms: number): string {
  if (ms >= 2 * HOUR_MS) return `${Math.round(ms / HOUR_MS)} hours`;
  if (ms >= 2 * MINUTE_MS) return `${Math.round(ms / MINUTE_MS)} minutes`;
  return `${Math.max(0, Math.round(ms / SECOND_MS))} seconds`;
}

/** Whether a remote's HTTP status means it took the delivery (any 2xx; a redirect is not followed, so it is a failure). */
export const isAccepted = (status: number): boolean => status >= 200 && status < 300;

/** What a failed attempt is recorded as: the status alone, never what the remote sent back. */
export function failureWords(status: number | null, cause: 'timeout' | 'refused' | 'network' | 'secret' | null): string {
  if (status !== null) {
    if (status >= 300 && status < 400) return `the endpoint answered ${status} (a redirect, which is not followed)`;
    return `the endpoint answered ${status}`;
  }
  if (cause === 'timeout') return `no answer within ${WEBHOOK_TIMEOUT_MS / SECOND_MS} seconds`;
  if (cause === 'refused') return 'the address is not allowed (a private network address)';
  if (cause === 'secret') return 'the signing secret could not be opened (was SECRETS_KEY changed?); rotate the secret to make a new one';
  return 'could not connect to the endpoint';
}
