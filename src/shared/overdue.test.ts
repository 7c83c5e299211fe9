import { describe, expect, it } from 'vitest';
import { isOverdue } from './overdue.js';

const at = (iso: string) => Date.parse(iso);
const open = (dueAt: string, over: Partial<{ status: string; dueLocal: string; allDay: boolean }> = {}) => ({
  status: 'open', dueAt, dueLocal: dueAt.slice(0, 16), allDay: false, ...over,
});

describe('isOverdue', () => {
  it('a step due a minute ago is due, not overdue; yesterday\'s is overdue', () => {
    expect(isOverdue(open('2026-03-02T14:00:00.000Z'), at('2026-03-02T14:01:00Z'), 'Europe/London')).toBe(false);
    expect(isOverdue(open('2026-03-01T14:00:00.000Z'), at('2026-03-02T09:00:00Z'), 'Europe/London')).toBe(true);
  });

  it('counts days in the viewer\'s zone, and an all-day follow-up by its own date', () => {
    // Due 04:30 UTC on 2 March: the evening before in New York, the same afternoon in Tokyo.
    expect(isOverdue(open('2026-03-02T04:30:00.000Z'), at('2026-03-02T12:00:00Z'), 'America/New_York')).toBe(true);
    expect(isOverdue(open('2026-03-02T04:30:00.000Z'), at('2026-03-02T12:00:00Z'), 'Asia/Tokyo')).toBe(false);
    expect(isOverdue(open('2026-03-01T05:00:00.000Z', { allDay: true, dueLocal: '2026-03-01' }), at('2026-03-02T01:00:00Z'), 'Europe/London')).toBe(true);
    expect(isOverdue(open('2026-03-01T05:00:00.000Z', { allDay: true, dueLocal: '2026-03-02' }), at('2026-03-02T01:00:00Z'), 'Europe/London')).toBe(false);
  });

  it('only an open follow-up can be overdue', () => {
    expect(isOverdue(open('2026-03-01T14:00:00.000Z', { status: 'done' }), at('2026-03-05T09:00:00Z'), 'Europe/London')).toBe(false);
  });
});
