import { describe, expect, it } from 'vitest';
import { describeOffsetChoice, formatUtcOffset, parseUtcOffset, zoneForUtcOffset, type PostalAddress } from './offsetZone.js';

const WINTER = Date.UTC(2026, 0, 20, 12);
const SUMMER = Date.UTC(2026, 6, 20, 12);

const choose = (offset: string, addresses: PostalAddress[], userTimeZone = 'Europe/London', nowMs = WINTER) =>
  zoneForUtcOffset({ offsetMinutes: parseUtcOffset(offset) ?? NaN, addresses, userTimeZone, nowMs });

describe('UTC offsets as vCards write them', () => {
  it('reads the forms of 2.1, 3.0 and 4.0 cards', () => {
    expect(parseUtcOffset('-08:00')).toBe(-480);
    expect(parseUtcOffset('-0800')).toBe(-480);
    expect(parseUtcOffset('+05:30')).toBe(330);
    expect(parseUtcOffset('+0545')).toBe(345);
    expect(parseUtcOffset('-5')).toBe(-300);
    expect(parseUtcOffset('UTC+01:00')).toBe(60);
    expect(parseUtcOffset('GMT-3')).toBe(-180);
    expect(parseUtcOffset('Z')).toBe(0);
    expect(parseUtcOffset('America/New_York')).toBeNull();
    expect(parseUtcOffset('+25:00')).toBeNull();
    expect(formatUtcOffset(-480)).toBe('-08:00');
    expect(formatUtcOffset(345)).toBe('+05:45');
  });
});

describe('the zone for a UTC offset', () => {
  it('takes the zone the address pins: a US address with -08:00 is Los Angeles, winter and summer', () => {
    for (const now of [WINTER, SUMMER]) {
      expect(choose('-08:00', [{ country: 'USA' }], 'Europe/London', now)).toMatchObject({ zone: 'America/Los_Angeles', basis: 'address', place: 'USA' });
      expect(choose('-05:00', [{ country: 'United States' }], 'Europe/London', now).zone).toBe('America/New_York');
    }
  });

  it('narrows by region and city before the country', () => {
    expect(choose('-07:00', [{ region: 'AZ', country: 'US' }], 'Europe/London', SUMMER)).toMatchObject({ zone: 'America/Phoenix', place: 'AZ, US' });
    expect(choose('-07:00', [{ region: 'California', country: 'USA' }], 'Europe/London', SUMMER).zone).toBe('America/Los_Angeles');
    expect(choose('-06:00', [{ locality: 'Chicago', country: 'USA' }]).zone).toBe('America/Chicago');
    expect(choose('-08:00', [{ locality: 'Vancouver', region: 'BC', country: 'Canada' }]).zone).toBe('America/Vancouver');
    expect(choose('+10:00', [{ region: 'Queensland', country: 'Australia' }], 'Europe/London', WINTER).zone).toBe('Australia/Brisbane');
  });

  it('ignores what does not fit the offset: a Texas card at -08:00 is not Chicago; Paris, Texas is not in France', () => {
    expect(choose('-08:00', [{ region: 'TX', country: 'USA' }]).zone).toBe('America/Los_Angeles');
    expect(choose('-06:00', [{ locality: 'Paris', region: 'TX', country: 'USA' }]).zone).toBe('America/Chicago');
    // An address whose country has no zone with the offset: the offset alone decides.
    expect(choose('-08:00', [{ country: 'Germany' }])).toMatchObject({ zone: 'America/Los_Angeles', basis: 'offset' });
  });

  it('prefers the importing user\'s zone when it fits (also in the country), else a common zone with the offset', () => {
    expect(choose('-07:00', [{ country: 'USA' }], 'America/Denver')).toMatchObject({ zone: 'America/Denver', basis: 'address' });
    expect(choose('+01:00', [], 'Europe/Amsterdam')).toMatchObject({ zone: 'Europe/Amsterdam', basis: 'user' });
    expect(choose('+01:00', [], 'Europe/Amsterdam', SUMMER)).toMatchObject({ zone: 'Europe/Amsterdam', basis: 'user' });
    expect(choose('-05:00', [], 'Europe/London')).toMatchObject({ zone: 'America/New_York', basis: 'offset' });
    expect(choose('+05:30', [], 'Europe/London')).toMatchObject({ zone: 'Asia/Kolkata', basis: 'offset' });
    expect(choose('+00:00', [], 'Asia/Tokyo', SUMMER)).toMatchObject({ zone: 'Europe/London', basis: 'offset' });
  });

  it('falls back to the user\'s zone when no zone has the offset, and says so', () => {
    const choice = choose('+05:17', [], 'Europe/Amsterdam');
    expect(choice).toMatchObject({ zone: 'Europe/Amsterdam', basis: 'none' });
    expect(describeOffsetChoice(choice, 317)).toBe('time zone assumed Europe/Amsterdam (yours): no time zone has UTC offset +05:17');
  });

  it('says what it assumed, in words', () => {
    expect(describeOffsetChoice(choose('-08:00', [{ region: 'CA', country: 'USA' }]), -480))
      .toBe('time zone assumed America/Los_Angeles from UTC offset -08:00 and the address (CA, USA)');
    expect(describeOffsetChoice(choose('-05:00', []), -300)).toBe('time zone assumed America/New_York from UTC offset -05:00');
  });
});
