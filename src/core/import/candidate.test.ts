import { describe, expect, it } from 'vitest';
import { rememberingZoneLookup } from './candidate.js';
import { mapHeader } from './columnMapping.js';
import { csvRowToCandidate } from './csvRow.js';
import { emailKey, phoneKey } from './duplicateKeys.js';

describe('rows to contacts', () => {
  const mapping = mapHeader(['Name', 'Email', 'Phone', 'Time Zone', 'Channel', 'Interests'], null);
  const options = { restoreFormulas: false, zoneOf: rememberingZoneLookup() };

  it('validates each field and names every problem', () => {
    expect(csvRowToCandidate(mapping, ['', 'a@b.co', '', '', '', ''], 7, options)).toEqual({ kind: 'rejected', line: 7, reason: 'missing name' });
    expect(csvRowToCandidate(mapping, ['A', 'nope', 'call me', 'Mars/Base', '', ''], 8, options)).toEqual({
      kind: 'rejected', line: 8, reason: 'email: not a valid email address; phone: not a phone number; timeZone: unknown time zone "Mars/Base"',
    });
    expect(csvRowToCandidate(mapping, ['A\u0000', '', '', '', '', ''], 9, options)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/NUL/) });
    expect(csvRowToCandidate(mapping, ['Caf\ufffd', '', '', '', '', ''], 9, options)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/encoding/) });
    expect(csvRowToCandidate(mapping, ['', ' ', '', '', '', ''], 10, options)).toEqual({ kind: 'blank' });
    expect(csvRowToCandidate(mapping, ['A', '', '', '+05:00', '', ''], 11, options)).toMatchObject({ reason: expect.stringMatching(/a UTC offset .* is not a time zone/) });
  });

  it('normalises what it keeps: trimmed, canonical zone, a list of interests', () => {
    expect(csvRowToCandidate(mapping, [' Ann ', ' ANN@Example.com ', '+1 (212) 555-0100', 'america/new_york', '', 'pricing; security'], 2, options)).toEqual({
      kind: 'candidate',
      candidate: {
        line: 2, doNotContact: null, emailKey: 'ann@example.com', phoneKey: '+12125550100', assumptions: [],
        fields: { name: 'Ann', email: 'ANN@Example.com', phone: '+1 (212) 555-0100', timeZone: 'America/New_York', interests: ['pricing', 'security'] },
      },
    });
  });

  it('keys phones by digits, with the international prefix and without a trunk zero in brackets', () => {
    expect(phoneKey('+44 (0)20 7946 0000')).toBe(phoneKey('+44 20 7946 0000'));
    expect(phoneKey('0044 20 7946 0000')).toBe('+442079460000');
    expect(phoneKey('212-555-0100 ext. 12')).toBe('2125550100');
    expect(phoneKey('123')).toBeNull();
    expect(emailKey('  A@B.co ')).toBe('a@b.co');
  });

  it('looks each zone up once, and forgets it with the lookup', () => {
    const zoneOf = rememberingZoneLookup(2);
    expect(zoneOf('europe/paris')).toBe('Europe/Paris');
    expect(zoneOf('Mars/Base')).toBeNull();
    expect(zoneOf('asia/tokyo')).toBe('Asia/Tokyo');
  });
});
