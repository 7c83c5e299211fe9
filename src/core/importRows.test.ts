import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyImportedRow, csvRowToCandidate, detectDelimiter, detectPreset, emailKey, mapHeader, neutraliseFormula, parseVcardLine,
  phoneKey, restoreFormula, splitVcardValue, startsFormula, unescapeVcardText, vcardToCandidate, type ImportCandidate,
} from './importRows.js';
import { blankContact } from './contacts.js';
import { CsvTokenizer, VcardSplitter, type CsvRecord, type VcardRecord } from './textRecords.js';

const utf8 = new TextDecoder();
const decode = (b: Uint8Array): string => utf8.decode(b);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds the bytes in chunks of the given sizes (cycled), as a stream would. */
function tokenize(text: string | Uint8Array, sizes: number[] = [1 << 16], options: { delimiter?: string; max?: number; resume?: { offset: number; line: number } } = {}): CsvRecord[] {
  const input = typeof text === 'string' ? bytes(text) : text;
  const tokenizer = new CsvTokenizer(options.delimiter ?? ',', { decode, maxRecordBytes: options.max, resume: options.resume ?? null });
  const out: CsvRecord[] = [];
  for (let i = 0, k = 0; i < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    out.push(...tokenizer.push(input.subarray(i, i + size)));
    i += size;
  }
  out.push(...tokenizer.end());
  return out;
}

function splitCards(text: string, sizes: number[] = [1 << 16], max?: number): VcardRecord[] {
  const input = bytes(text);
  const splitter = new VcardSplitter({ decode, maxRecordBytes: max });
  const out: VcardRecord[] = [];
  for (let i = 0, k = 0; i < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    out.push(...splitter.push(input.subarray(i, i + size)));
    i += size;
  }
  out.push(...splitter.end());
  return out;
}

describe('CSV tokenizer', () => {
  const sample = 'name,notes\r\n"Ann ""A"" Lee","two\r\nlines"\r\n\r\nBob,plain\nCleo,"x,y"\rDee,last';

  it('splits RFC 4180 records with quotes, escaped quotes, quoted newlines and mixed line endings', () => {
    expect(tokenize(sample).map((r) => ({ fields: r.fields, line: r.line, lastLine: r.lastLine }))).toEqual([
      { fields: ['name', 'notes'], line: 1, lastLine: 1 },
      { fields: ['Ann "A" Lee', 'two\r\nlines'], line: 2, lastLine: 3 },
      { fields: ['Bob', 'plain'], line: 5, lastLine: 5 },
      { fields: ['Cleo', 'x,y'], line: 6, lastLine: 6 },
      { fields: ['Dee', 'last'], line: 7, lastLine: 7 },
    ]);
  });

  it('gives each record the exact byte offset where the next one starts', () => {
    const records = tokenize(sample);
    const raw = bytes(sample);
    expect(records.map((r) => r.end)).toEqual([
      sample.indexOf('"Ann'), sample.indexOf('\r\n\r\nBob') + 2, sample.indexOf('Cleo'), sample.indexOf('Dee'), raw.length,
    ]);
  });

  it('splits the same whatever the chunking (property)', () => {
    const whole = JSON.stringify(tokenize(sample));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (sizes) => {
      expect(JSON.stringify(tokenize(sample, sizes))).toBe(whole);
    }), { numRuns: 300 });
  });

  it('resumes at any record end with the same records after it (property)', () => {
    const text = Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? `r${i},"multi\nline ${i}"` : `r${i},v${i}`)).join('\r\n');
    const all = tokenize(`h1,h2\r\n${text}`);
    fc.assert(fc.property(fc.integer({ min: 1, max: all.length - 1 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }), (k, sizes) => {
      const at = all[k - 1] as CsvRecord;
      const resumed = tokenize(`h1,h2\r\n${text}`, sizes, { resume: { offset: at.end, line: at.lastLine + 1 } });
      expect(resumed[0]?.fields).toEqual(['h1', 'h2']);
      expect(resumed.slice(1)).toEqual(all.slice(k));
    }), { numRuns: 200 });
  });

  it('rejects a row with text after a closing quote, and only that row', () => {
    const records = tokenize('a,b\n1,"bro"ken\n2,ok\n');
    expect(records.map((r) => [r.line, r.fields, r.problem])).toEqual([
      [1, ['a', 'b'], null],
      [2, [], 'malformed quotes: text after the closing quote of field 2'],
      [3, ['2', 'ok'], null],
    ]);
  });

  it('recovers from a quote that is never closed: only its first line is lost', () => {
    const records = tokenize('a,b\n1,"never closed\n2,ok\n3,"fine"\n');
    expect(records.map((r) => [r.line, r.fields, r.problem !== null])).toEqual([
      [1, ['a', 'b'], false], [2, [], true], [3, ['2', 'ok'], false], [4, ['3', 'fine'], false],
    ]);
    const atEnd = tokenize('a,b\n1,ok\n2,"open at the end\n');
    expect(atEnd.map((r) => [r.line, r.problem])).toEqual([[1, null], [2, null], [3, 'malformed quotes: a quoted field is never closed']]);
  });

  it('rejects an over-long row without holding it, and reads on', () => {
    const records = tokenize(`a,b\n1,${'x'.repeat(5000)}\n2,ok\n3,"${'y'.repeat(5000)}"\n4,ok`, [64], { max: 1000 });
    expect(records.map((r) => [r.line, r.fields, r.problem?.startsWith('row longer than 1000 bytes') ?? null])).toEqual([
      [1, ['a', 'b'], null], [2, [], true], [3, ['2', 'ok'], null], [4, [], true], [5, ['4', 'ok'], null],
    ]);
  });

  it('uses the delimiter it is given', () => {
    expect(tokenize('a;b|c\n1;"2;3"', [3], { delimiter: ';' }).map((r) => r.fields)).toEqual([['a', 'b|c'], ['1', '2;3']]);
    expect(tokenize('a\tb\n1\t2', [2], { delimiter: '\t' }).map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']]);
  });
});

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
    const outcome = csvRowToCandidate(mapping, ['{"polluted":1}', '', 'Ann', 'x', 'ann@example.com', 'y'], 2, false);
    expect(outcome).toMatchObject({ kind: 'candidate', candidate: { fields: { name: 'Ann', email: 'ann@example.com' } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => mapHeader(['Foo', 'Bar'], 'hubspot')).toThrow(/no column holds the name for the hubspot preset/);
  });
});

describe('rows to contacts', () => {
  const mapping = mapHeader(['Name', 'Email', 'Phone', 'Time Zone', 'Channel', 'Interests'], null);

  it('validates each field and names every problem', () => {
    expect(csvRowToCandidate(mapping, ['', 'a@b.co', '', '', '', ''], 7, false)).toEqual({ kind: 'rejected', line: 7, reason: 'missing name' });
    expect(csvRowToCandidate(mapping, ['A', 'nope', 'call me', 'Mars/Base', '', ''], 8, false)).toEqual({
      kind: 'rejected', line: 8, reason: 'email: not a valid email address; phone: not a phone number; timeZone: unknown time zone "Mars/Base"',
    });
    expect(csvRowToCandidate(mapping, ['A\u0000', '', '', '', '', ''], 9, false)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/NUL/) });
    expect(csvRowToCandidate(mapping, ['Caf\ufffd', '', '', '', '', ''], 9, false)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/encoding/) });
    expect(csvRowToCandidate(mapping, ['', ' ', '', '', '', ''], 10, false)).toEqual({ kind: 'blank' });
  });

  it('normalises what it keeps: trimmed, canonical zone, a list of interests', () => {
    expect(csvRowToCandidate(mapping, [' Ann ', ' ANN@Example.com ', '+1 (212) 555-0100', 'america/new_york', '', 'pricing; security'], 2, false)).toEqual({
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
});

describe('vCard', () => {
  it('parses groups, parameters (quoted, multi-valued, 2.1 bare, RFC 6868 carets) and the value after the first unquoted colon', () => {
    const p = parseVcardLine('item1.EMAIL;TYPE="work,internet";PREF=1;X-LABEL="a:b^\'c^\'":mailto:x@y.z');
    expect(p?.group).toBe('item1');
    expect(p?.name).toBe('EMAIL');
    expect(p?.params.get('TYPE')).toEqual(['work,internet']);
    expect(p?.params.get('X-LABEL')).toEqual(['a:b"c"']);
    expect(p?.value).toBe('mailto:x@y.z');
    expect(parseVcardLine('TEL;WORK;VOICE:+1 555')?.params.get('TYPE')).toEqual(['WORK', 'VOICE']);
    expect(parseVcardLine('no colon here')).toBeNull();
    expect(parseVcardLine('X-A;__proto__=x:y')?.params.get('__PROTO__')).toEqual(['x']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('undoes text escapes and splits structured values on unescaped separators only', () => {
    expect(unescapeVcardText('a\\nb\\,c\\;d\\\\e')).toBe('a\nb,c;d\\e');
    expect(splitVcardValue('Müller\\; GmbH;Sales;', ';')).toEqual(['Müller\\; GmbH', 'Sales', '']);
  });

  it('unfolds lines (also inside a multi-byte character) and joins quoted-printable soft breaks', () => {
    const folded = 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:J\xc3\r\n \xbcrgen\r\nNOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\r\n au lait\r\nEND:VCARD\r\n';
    const input = Uint8Array.from([...folded].map((c) => c.charCodeAt(0)));
    const splitter = new VcardSplitter({ decode });
    const cards = [...splitter.push(input), ...splitter.end()];
    expect(cards).toHaveLength(1);
    expect(cards[0]?.lines.map((l) => l.text)).toEqual(['VERSION:2.1', 'FN:Jürgen', 'NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 au lait']);
    expect(vcardToCandidate(cards[0]?.lines ?? [], 1, { userTimeZone: 'Europe/London', nowMs: 0 })).toMatchObject({ kind: 'candidate', candidate: { fields: { name: 'Jürgen', notes: 'café au lait' } } });
  });

  it('reports text outside cards, a missing END and an over-long card by their first line, whatever the chunking', () => {
    const text = 'junk\nmore junk\nBEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n\nBEGIN:VCARD\nNOTE:' + 'x'.repeat(300) + '\nEND:VCARD\nBEGIN:VCARD\nFN:C';
    const expected = [
      [1, 'text outside BEGIN:VCARD … END:VCARD'], [3, 'missing END:VCARD before the BEGIN:VCARD on line 5'], [5, null],
      [9, 'vCard longer than 200 bytes'], [12, 'missing END:VCARD at the end of the file'],
    ];
    for (const sizes of [[1], [3, 7], [1000]]) {
      expect(splitCards(text, sizes, 200).map((c) => [c.line, c.problem])).toEqual(expected);
    }
  });
});

describe('formula neutralising', () => {
  it('prefixes a quote to cells a spreadsheet would evaluate, also after spaces', () => {
    for (const cell of ['=1+1', '+1 212', '-2', '@SUM(A1)', '\tx', '\rx', '  =1', '\n=1', '\u00a0@x', '\uff1d1']) {
      expect(startsFormula(cell), JSON.stringify(cell)).toBe(true);
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['', 'plain', 'a=1', "'quoted", '1-2', ' x']) expect(neutraliseFormula(cell)).toBe(cell);
    expect(neutraliseFormula("'=1")).toBe("''=1");
  });

  it('is undone exactly by restoreFormula (property)', () => {
    const prefix = fc.constantFrom('', ' ', '\t', '\r', "'", "''", '=', '+', '-', '@', " '=", '\u3000');
    fc.assert(fc.property(prefix, fc.string(), (p, rest) => {
      const cell = p + rest;
      expect(restoreFormula(neutraliseFormula(cell))).toBe(cell);
      expect(startsFormula(neutraliseFormula(cell))).toBe(false);
    }), { numRuns: 2000 });
  });
});

describe('duplicates: update and merge', () => {
  const base = {
    ...blankContact('c1', 'w1', 'Europe/London', 'u1', '2026-01-01T00:00:00.000Z'),
    name: 'Dana', company: 'Globex', interests: ['pricing'], notes: 'met at the fair', doNotContact: true, doNotContactReason: 'said no',
  };
  const row: ImportCandidate = {
    line: 2, doNotContact: null, emailKey: null, phoneKey: null, assumptions: [],
    fields: { name: 'Dana Lee', company: 'Initech', title: 'CFO', interests: ['security'], notes: 'prefers mornings', relationship: 'customer' },
  };
  const now = '2026-02-01T00:00:00.000Z';

  it('update replaces what the row says; merge fills the blanks, unites interests and appends notes', () => {
    expect(applyImportedRow(base, row, 'update', now).contact).toMatchObject({
      name: 'Dana Lee', company: 'Initech', title: 'CFO', interests: ['security'], notes: 'prefers mornings', relationship: 'customer', updatedAt: now,
    });
    expect(applyImportedRow(base, row, 'merge', now).contact).toMatchObject({
      name: 'Dana', company: 'Globex', title: 'CFO', interests: ['pricing', 'security'], notes: 'met at the fair\n\nprefers mornings', relationship: 'customer',
    });
  });

  it('never lifts a do-not-contact, and reports no change when there is none', () => {
    for (const policy of ['update', 'merge'] as const) expect(applyImportedRow(base, row, policy, now).contact.doNotContact).toBe(true);
    const same = applyImportedRow(base, { ...row, fields: { name: 'Dana', company: 'Globex' } }, 'update', now);
    expect(same.changed).toEqual([]);
    expect(same.contact).toBe(base);
  });
});
