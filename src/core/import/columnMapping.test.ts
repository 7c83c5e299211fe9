import { describe, expect, it } from 'vitest';
import { rememberingZoneLookup } from './candidate.js';
import { describeHeader, mapChosenColumns, mapHeader, parseColumnChoice } from './columnMapping.js';
import { detectPreset } from './columnPresets.js';
import { csvRowToCandidate } from './csvRow.js';
import { detectDelimiter } from './fileFormat.js';

describe('delimiter and preset detection', () => {
  it('counts delimiters in the header row, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('name')).toBe(',');
  });

  it('recognises HubSpot, Pipedrive, Google and its own export', () => {
    expect(detectPreset(['Record ID', 'First Name', 'Last Name', 'Email'])).toBe('hubspot');
    expect(detectPreset(['Person - Name', 'Person - Email - Work'])).toBe('pipedrive');
    expect(detectPreset(['First Name', 'E-mail 1 - Value'])).toBe('google');
    expect(detectPreset(['id', 'name', 'timeZone', 'canBuy', 'doNotContact'])).toBe('followthrough');
    expect(detectPreset(['Name', 'Email'])).toBeNull();
  });

  it('maps headers with duplicates and hostile names to fields, never to object keys', () => {
    const mapping = mapHeader(['__proto__', 'Email', 'Name', 'constructor', 'Email', 'toString'], null);
    expect(mapping.columns.get('email')).toEqual([1, 4]);
    expect(mapping.ignored).toEqual(['__proto__', 'constructor', 'toString']);
    const outcome = csvRowToCandidate(mapping, ['{"polluted":1}', '', 'Ann', 'x', 'ann@example.com', 'y'], 2, { restoreFormulas: false, zoneOf: rememberingZoneLookup() });
    expect(outcome).toMatchObject({ kind: 'candidate', candidate: { fields: { name: 'Ann', email: 'ann@example.com' } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => mapHeader(['Foo', 'Bar'], 'hubspot')).toThrow(/no column holds the name for the hubspot preset/);
  });
});

describe('the user\'s own choice of columns', () => {
  it('reads "name,email,,phone" and refuses fields nobody knows', () => {
    expect(parseColumnChoice('name,email,,phone')).toEqual(['name', 'email', null, 'phone']);
    expect(() => parseColumnChoice('name,mailbox')).toThrow(/"mailbox" is not a field a column can hold/);
  });

  it('maps the chosen columns, and wants a name among them', () => {
    expect(mapChosenColumns(['Who', 'Mail', 'Firm'], ['name', 'email', null], null).columns).toEqual(new Map([['name', [0]], ['email', [1]]]));
    expect(() => mapChosenColumns(['Who', 'Mail'], [null, 'email'], null)).toThrow(/choose the column that holds the name/);
    expect(() => mapChosenColumns(['Who'], ['name', 'email'], null)).toThrow(/2 columns were chosen but the file's header row has 1/);
  });

  it('describes a header without refusing it: the page lets the user choose', () => {
    expect(describeHeader(['Who', 'Mail'], null)).toEqual({ fields: [null, 'email'], problem: expect.stringMatching(/No column holds the name/) });
  });
});
