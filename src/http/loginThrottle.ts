import type { Clock } from '../services/deps.js';

/**
 * Counts failed logins per (address, email) in a sliding window; after `max` failures further
 * attempts are refused until the window passes, so guessing a password costs hours, not seconds.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly max = 5, private readonly windowMs = 15 * 60_000) {}

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return 0;
    const oldest = recent[0] ?? this.clock();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.clock()) / 1000));
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock());
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value ?? '');
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
