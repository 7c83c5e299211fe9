import { describe, expect, it } from 'vitest';
import { deviceLabel, nextPushTryMs, reminderIsDue, reminderPayload, topicOf, ttlSeconds, vapidSubject, verdictOf } from './pushReminders.js';

const MINUTE = 60_000;
const due = Date.parse('2026-03-29T09:00:00Z'); // the morning Europe/London moves to summer time

describe('push reminder rules', () => {
  it('is due from the lead before the due time until the due time, and never with a lead of 0', () => {
    expect(reminderIsDue(due, 10, due - 11 * MINUTE)).toBe(false);
    expect(reminderIsDue(due, 10, due - 10 * MINUTE)).toBe(true);
    expect(reminderIsDue(due, 10, due - 1)).toBe(true);
    expect(reminderIsDue(due, 10, due)).toBe(false);
    expect(reminderIsDue(due, 0, due - 1)).toBe(false);
  });

  it('lets the push service keep it until the due time', () => {
    expect(ttlSeconds(due, due - 10 * MINUTE)).toBe(600);
    expect(ttlSeconds(due, due + 5)).toBe(0);
  });

  it('gives one topic per follow-up, within RFC 8030 (32 base64url characters)', () => {
    expect(topicOf('01a248ab-d07a-7deb-8c39-cbf93a312fa7')).toBe('01a248abd07a7deb8c39cbf93a312fa7');
  });

  it('words who, when in both zones (across a clock change), how and what about', () => {
    const payload = reminderPayload({
      followUpId: 'f1', dueAtMs: due, channel: 'call', agenda: 'renewal',
      contact: { id: 'c1', name: 'Ana Souza', timeZone: 'America/New_York' }, userTimeZone: 'Europe/London',
    }, 'https://ft.example.com/');
    expect(payload).toMatchObject({
      title: 'A call with Ana Souza at 10:00', body: '10:00 your time, 05:00 for them (New York). Agenda: renewal',
      url: 'https://ft.example.com/#/contacts/c1?followUp=f1', yourTime: { local: '2026-03-29T10:00' }, theirTime: { local: '2026-03-29T05:00' },
    });
  });

  it('reads the push service\'s answer', () => {
    expect([201, 202, 404, 410, 429, 500, 503, 400, 401, 403, 413].map(verdictOf)).toEqual([
      'sent', 'sent', 'gone', 'gone', 'retry', 'retry', 'retry', 'failed', 'failed', 'failed', 'failed',
    ]);
  });

  it('tries again a minute later, then twice as long, never at or after the due time nor past the last attempt', () => {
    const now = due - 60 * MINUTE;
    expect(nextPushTryMs(1, now, due)).toBe(now + MINUTE);
    expect(nextPushTryMs(3, now, due)).toBe(now + 4 * MINUTE);
    expect(nextPushTryMs(2, due - 2 * MINUTE, due)).toBeNull();
    expect(nextPushTryMs(5, now, due)).toBeNull();
  });

  it('names whoever runs the server as push services require (https or mailto, never localhost)', () => {
    expect(vapidSubject({ configured: 'mailto:ops@x.example', baseUrl: 'https://ft.example.com' })).toBe('mailto:ops@x.example');
    expect(vapidSubject({ baseUrl: 'https://ft.example.com/app' })).toBe('https://ft.example.com');
    expect(vapidSubject({ baseUrl: 'http://10.0.0.5:3000', smtpFrom: 'Sales <sales@acme.example>' })).toBe('mailto:sales@acme.example');
    expect(vapidSubject({ baseUrl: 'https://localhost:3000', smtpFrom: 'sales@acme.example' })).toBe('mailto:sales@acme.example');
    expect(vapidSubject({ baseUrl: 'http://127.0.0.1:3000' })).toBe('mailto:followthrough@127.0.0.1');
  });

  it('names a device from its browser', () => {
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0')).toBe('Edge on Windows');
    expect(deviceLabel(undefined)).toBeNull();
  });
});
