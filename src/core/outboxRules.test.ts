import { describe, expect, it } from 'vitest';
import {
  afterTemporaryFailure, capWait, capWindows, DEFAULT_MAX_ATTEMPTS, HELD_RETRY_MS, lateReason, NO_MAILBOX_RETRY_MS, noMailboxWait, retryDelayMs, stopReason,
} from './outboxRules.js';

const now = Date.UTC(2025, 5, 3, 12);
const HOUR = 3_600_000;
const reachable = { doNotContact: false, doNotContactReason: null };

describe('why a queued email is skipped', () => {
  it('goes out when nothing stops it', () => {
    expect(stopReason({ kind: 'step', contact: reachable, enrollment: { status: 'active' }, followUp: { status: 'open' } })).toBeNull();
    expect(stopReason({ kind: 'test' })).toBeNull();
    expect(stopReason({ kind: 'digest', digestWanted: true })).toBeNull();
  });

  it('the contact first: deleted, or do-not-contact with the reason', () => {
    expect(stopReason({ kind: 'step', contact: null, enrollment: null })).toBe('contact deleted');
    expect(stopReason({ kind: 'step', contact: { doNotContact: true, doNotContactReason: 'bounced' }, enrollment: null })).toBe('contact is do-not-contact (bounced)');
    expect(stopReason({ kind: 'direct', contact: { doNotContact: true, doNotContactReason: null } })).toBe('contact is do-not-contact (no reason)');
  });

  it('then the series: deleted, or no longer active (its exit reason, else its status)', () => {
    expect(stopReason({ kind: 'step', contact: reachable, enrollment: null })).toBe('enrollment deleted');
    expect(stopReason({ kind: 'step', contact: reachable, enrollment: { status: 'exited', exitReason: 'replied' } })).toBe('enrollment replied');
    expect(stopReason({ kind: 'step', contact: reachable, enrollment: { status: 'paused' } })).toBe('enrollment paused');
  });

  it('then a step\'s follow-up; an invitation\'s follow-up may be cancelled (its CANCEL goes out)', () => {
    expect(stopReason({ kind: 'step', contact: reachable, followUp: null })).toBe('follow-up deleted');
    expect(stopReason({ kind: 'step', contact: reachable, followUp: { status: 'done' } })).toBe('follow-up done');
    expect(stopReason({ kind: 'invitation', contact: reachable, followUp: { status: 'cancelled' } })).toBeNull();
  });

  it('a digest its user no longer wants', () => {
    expect(stopReason({ kind: 'digest', digestWanted: false })).toBe('the user turned the morning digest off (or was deleted)');
  });

  it('a weekly team summary its manager no longer wants', () => {
    expect(stopReason({ kind: 'team-summary', summaryWanted: false })).toBe('the manager turned the weekly team summary off (or was deleted)');
    expect(stopReason({ kind: 'team-summary', summaryWanted: true })).toBeNull();
  });
});

describe('too late to send', () => {
  it('on time up to the limit, then skipped saying by how much; held mail says it waited for you', () => {
    const due = now - 24 * HOUR;
    expect(lateReason(due, now, 24 * HOUR)).toBeNull();
    expect(lateReason(due - 1, now, 24 * HOUR)).toBe('more than 24 h after it was due');
    expect(lateReason(due - 1, now, 24 * HOUR, 'add your phone number')).toBe('more than 24 h after it was due; it was waiting for you (add your phone number)');
  });
});

describe('waits', () => {
  it('no mailbox: look again in 15 minutes, saying how to add one', () => {
    expect(NO_MAILBOX_RETRY_MS).toBe(15 * 60_000);
    expect(HELD_RETRY_MS).toBe(15 * 60_000);
    expect(noMailboxWait(now)).toEqual({ untilMs: now + NO_MAILBOX_RETRY_MS, reason: expect.stringContaining('Settings → Mail') });
  });

  it('a full mailbox waits until its oldest send leaves the window, the hour before the day', () => {
    const [hourly, daily] = capWindows({ hourlyCap: 2, dailyCap: 10 });
    expect(hourly).toEqual({ windowMs: HOUR, cap: 2, label: 'hourly' });
    expect(daily).toEqual({ windowMs: 24 * HOUR, cap: 10, label: 'daily' });
    if (!hourly || !daily) throw new Error('two windows');
    expect(capWait(hourly, { count: 1, earliestMs: now - 10 * 60_000 }, now)).toBeNull();
    const earliest = now - 40 * 60_000;
    expect(capWait(hourly, { count: 2, earliestMs: earliest }, now)).toEqual({
      untilMs: earliest + HOUR + 1000,
      reason: `this mailbox's hourly cap of 2 was reached; moved to ${new Date(earliest + HOUR + 1000).toISOString()}`,
    });
    // Never in the past: at least a second from now.
    expect(capWait(daily, { count: 10, earliestMs: now - 25 * HOUR }, now)?.untilMs).toBe(now + 1000);
    expect(capWait(daily, { count: 10, earliestMs: null }, now)).toBeNull();
  });
});

describe('retries after a temporary failure', () => {
  it('back off from a minute, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60].map((m) => m * 60_000));
  });

  it('queue again with the error, or fail for good after the last attempt', () => {
    expect(afterTemporaryFailure(3, '421 busy', now)).toEqual({ status: 'queued', lastError: '421 busy', availableAtMs: now + 4 * 60_000 });
    expect(afterTemporaryFailure(DEFAULT_MAX_ATTEMPTS, '421 busy', now)).toEqual({ status: 'failed', lastError: 'gave up after 8 attempts: 421 busy' });
    expect(afterTemporaryFailure(2, 'x', now, 2)).toMatchObject({ status: 'failed' });
  });
});
