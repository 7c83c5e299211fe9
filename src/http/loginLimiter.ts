import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Clock } from '../services/deps.js';

const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const MAX_KEYS = 100_000;

interface Window { count: number; startedAt: number }
type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Failed logins per (address, email); a success clears them. */
export interface LoginLimiter {
  /** Seconds to wait, or 0 when an attempt is allowed. Counts nothing. */
  retryAfter(request: FastifyRequest): Promise<number>;
  fail(request: FastifyRequest): Promise<void>;
  succeed(request: FastifyRequest): void;
}

/** Login names the email in its body; a signed-in password change counts against the caller's own email. */
const keyOf = (request: FastifyRequest): string => {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email : request.actor?.user.email ?? '';
  return `login|${request.ip}|${email.toLowerCase()}`;
};

/**
 * @fastify/rate-limit's own store reads Date.now(); this one reads the injected clock, so the
 * lockout follows the same time as everything else (and tests can move it).
 */
function clockedStore(clock: Clock, windows: Map<string, Window>): FastifyRateLimitStoreCtor {
  const live = (key: string, timeWindow: number): Window | undefined => {
    const window = windows.get(key);
    return window && window.startedAt + timeWindow > clock() ? window : undefined;
  };
  class ClockedStore implements FastifyRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      const window = live(key, timeWindow) ?? { count: 0, startedAt: clock() };
      window.count += 1;
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value ?? '');
      callback(null, { current: window.count, ttl: window.startedAt + timeWindow - clock() });
    }
    read(key: string, callback: Callback, timeWindow: number): void {
      const window = live(key, timeWindow);
      callback(null, window ? { current: window.count, ttl: window.startedAt + timeWindow - clock() } : { current: 0, ttl: 0 });
    }
    child(): FastifyRateLimitStore { return this; }
  }
  return ClockedStore;
}

/** Guessing a password costs hours, not seconds: five failures lock (address, email) for 15 minutes. */
export async function registerLoginLimiter(app: FastifyInstance, clock: Clock): Promise<LoginLimiter> {
  const windows = new Map<string, Window>();
  // The plugin builds its store once, at registration (createRateLimit ignores a `store` option).
  await app.register(rateLimit, { global: false, store: clockedStore(clock, windows) });
  const check = app.createRateLimit({ max: MAX_FAILURES, timeWindow: WINDOW_MS, keyGenerator: keyOf });
  return {
    async retryAfter(request) {
      const status = await check(request, { increment: false });
      if (status.isAllowed || status.remaining > 0) return 0;
      return Math.max(1, Math.ceil(status.ttl / 1000));
    },
    async fail(request) { await check(request); },
    succeed(request) { windows.delete(keyOf(request)); },
  };
}
