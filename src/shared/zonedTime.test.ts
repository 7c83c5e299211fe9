import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../test/helpers/propertyRuns.js';
import { canonicalTimeZone, instantOfWallTime, isIanaTimeZone, WALL_TIME_DISAMBIGUATION, wallDateTimeOf } from './zonedTime.js';

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia'];
const exact = (ms: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });

describe('wallDateTimeOf: the one instant → wall time', () => {
  it('agrees with Temporal in every zone, across DST changes, in years 1000–9999 and outside them', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }), fc.constantFrom(...ZONES),
      (ms, zone) => { expect(wallDateTimeOf(ms, zone)).toBe(exact(ms, zone)); },
    ), { numRuns: propertyRuns(500) });
  });

  it('reads the clock change in London: 01:59 GMT, then 03:00 BST', () => {
    const change = Date.parse('2026-03-29T01:00:00Z');
    expect(wallDateTimeOf(change - 60_000, 'Europe/London')).toBe('2026-03-29T00:59');
    expect(wallDateTimeOf(change, 'Europe/London')).toBe('2026-03-29T02:00');
  });

  it('answers the same again for every second of a minute it already gave, in any zone (it remembers minutes)', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 59_999 }),
      (ms, zone, within) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        expect(wallDateTimeOf(minute, zone)).toBe(exact(minute, zone));
        expect(wallDateTimeOf(minute + within, zone)).toBe(exact(minute + within, zone));
      },
    ), { numRuns: propertyRuns(500) });
  });

  it('does not take one second of a minute for another where a zone\'s offset had seconds (Liberia until 1972: -0:44:30)', () => {
    const minute = Date.parse('1950-06-01T12:00:00Z');
    for (const within of [0, 29_000, 31_000, 59_000]) {
      expect(wallDateTimeOf(minute + within, 'Africa/Monrovia')).toBe(exact(minute + within, 'Africa/Monrovia'));
    }
    expect(wallDateTimeOf(minute, 'Africa/Monrovia')).not.toBe(wallDateTimeOf(minute + 31_000, 'Africa/Monrovia'));
  });

  it('throws for a zone that is not one', () => {
    expect(() => wallDateTimeOf(0, 'Mars/Olympus')).toThrow();
  });
});

describe('instantOfWallTime: the one wall time → instant', () => {
  it('uses the server\'s disambiguation: a skipped time moves forward, a repeated one is the earlier', () => {
    expect(WALL_TIME_DISAMBIGUATION).toBe('compatible');
    // New York springs forward at 02:00 on 8 March 2026: 02:30 does not exist and becomes 03:30 EDT.
    expect(instantOfWallTime('2026-03-08T02:30', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    // It falls back at 02:00 on 1 November 2026: 01:30 happens twice; the first (EDT) counts.
    expect(instantOfWallTime('2026-11-01T01:30', 'America/New_York')).toBe(Date.parse('2026-11-01T05:30:00Z'));
  });

  it('round-trips every wall time that exists', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => Math.floor(ms / 60_000) * 60_000), fc.constantFrom(...ZONES),
      (ms, zone) => {
        const wall = wallDateTimeOf(ms, zone);
        const back = instantOfWallTime(wall, zone);
        expect(back).not.toBeNull();
        expect(wallDateTimeOf(back as number, zone)).toBe(wall);
      },
    ), { numRuns: propertyRuns(300) });
  });

  it('is null for a time that is not real, or a zone that is not one', () => {
    for (const wall of ['2026-02-30T10:00', '2026-03-01T24:00', '2026-03-01 10:00', '2026-03-01T9:00', '']) expect(instantOfWallTime(wall, 'UTC'), wall).toBeNull();
    expect(instantOfWallTime('2026-03-01T10:00', 'Mars/Olympus')).toBeNull();
  });
});

describe('canonicalTimeZone: which zone names we accept, for the API, the core and the web app', () => {
  it('accepts IANA names (links and the old POSIX-style ones too) and spells them as the tables do', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    for (const zone of ['UTC', 'Etc/GMT+5', 'US/Eastern', 'Asia/Calcutta', 'EST5EDT', 'Australia/Lord_Howe']) expect(isIanaTimeZone(zone), zone).toBe(true);
  });

  it('refuses unknown names, offsets and ISO strings', () => {
    for (const zone of ['Mars/Olympus', '', '+05:00', '-08:00', ' UTC', 'Z', '2020-01-01T00:00Z', '2020-01-01T00:00[UTC]']) expect(isIanaTimeZone(zone), zone).toBe(false);
  });
});
