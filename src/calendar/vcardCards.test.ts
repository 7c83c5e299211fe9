import { describe, expect, it } from 'vitest';
import { rememberingZoneLookup } from '../core/import/candidate.js';
import { decoderFor } from '../core/import/fileFormat.js';
import { vcardToCandidate } from '../core/import/vcardContact.js';
import { VcardSplitter, type VcardRecord } from './vcardCards.js';
import { parseVcard } from './vcardProperties.js';

const decode = decoderFor('utf-8');
const context = { userTimeZone: 'Europe/London', nowMs: 0, zoneOf: rememberingZoneLookup() };

function splitCards(text: string | Uint8Array, sizes: number[] = [1 << 16], max?: number, resume?: { offset: number; line: number }): VcardRecord[] {
  const input = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const splitter = new VcardSplitter({ decode, maxRecordBytes: max, resume: resume ?? null });
  const out: VcardRecord[] = [];
  for (let i = 0, k = 0; i < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    out.push(...splitter.push(input.subarray(i, i + size)));
    i += size;
  }
  out.push(...splitter.end());
  return out;
}

describe('vCard cards from a byte stream', () => {
  it('unfolds lines (also inside a multi-byte character) and joins 2.1 quoted-printable soft breaks', () => {
    const folded = 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:J\xc3\r\n \xbcrgen\r\nNOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\r\n au lait\r\nEND:VCARD\r\n';
    const cards = splitCards(Uint8Array.from([...folded].map((c) => c.charCodeAt(0))), [1, 5]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.lines.map((l) => l.text)).toEqual(['VERSION:2.1', 'FN:Jürgen', 'NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 au lait']);
    const parsed = parseVcard(cards[0]?.lines ?? []);
    expect(parsed.problem).toBeNull();
    expect(vcardToCandidate(parsed.properties ?? [], 1, context)).toMatchObject({ kind: 'candidate', candidate: { fields: { name: 'Jürgen', notes: 'café au lait' } } });
  });

  it('reports text outside cards, a missing END and an over-long card by their first line, whatever the chunking', () => {
    const text = `junk\nmore junk\nBEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n\nBEGIN:VCARD\nNOTE:${'x'.repeat(300)}\nEND:VCARD\nBEGIN:VCARD\nFN:C`;
    const expected = [
      [1, 'text outside BEGIN:VCARD … END:VCARD'], [3, 'missing END:VCARD before the BEGIN:VCARD on line 5'], [5, null],
      [9, 'vCard longer than 200 bytes'], [12, 'missing END:VCARD at the end of the file'],
    ];
    for (const sizes of [[1], [3, 7], [1000]]) expect(splitCards(text, sizes, 200).map((c) => [c.line, c.problem])).toEqual(expected);
  });

  it('resumes at a card end, numbering lines from there', () => {
    const text = 'BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n';
    const [first, second] = splitCards(text);
    expect(splitCards(text, [4], undefined, { offset: first?.end ?? 0, line: (first?.lastLine ?? 0) + 1 })).toEqual([second]);
  });
});

describe('vCard properties through ical.js, with the 2.1 shim', () => {
  const card = (...lines: string[]) => parseVcard(lines.map((text, i) => ({ text, line: i + 2 })));

  it('reads parameters (quoted, multi-valued, RFC 6868 carets), groups and structured values', () => {
    const parsed = card('VERSION:4.0', 'item1.EMAIL;TYPE="work,internet";PREF=1;X-LABEL="a:b^\'c^\'":mailto:x@y.z', 'ORG:Müller\\; GmbH;Sales', 'N:Lee;Ann;;;');
    expect(parsed.problem).toBeNull();
    const [, email, org, n] = parsed.properties ?? [];
    expect(email).toMatchObject({ group: 'item1', name: 'EMAIL', components: ['mailto:x@y.z'] });
    expect(email?.params.get('TYPE')).toEqual(['work', 'internet']);
    expect(email?.params.get('X-LABEL')).toEqual(['a:b"c"']);
    expect(org?.components).toEqual(['Müller; GmbH', 'Sales']);
    expect(n?.components).toEqual(['Lee', 'Ann', '', '', '']);
  });

  it('undoes text escapes, also the ";" ical.js leaves in a text value', () => {
    expect(card('VERSION:3.0', 'NOTE:a\\nb\\,c\\;d\\\\e').properties?.[1]?.components).toEqual(['a\nb,c;d\\e']);
  });

  it('reads 2.1: bare parameters, quoted-printable in its charset; drops base64 photos', () => {
    const parsed = card('VERSION:2.1', 'TEL;WORK;VOICE:+1 555', 'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:caf=E9=0D=0Anext', 'N;QUOTED-PRINTABLE:M=C3=BCller;Hans', 'PHOTO;ENCODING=BASE64:AAAA');
    expect(parsed.properties?.map((p) => [p.name, [...p.params], p.components])).toEqual([
      ['VERSION', [], ['2.1']], ['TEL', [['TYPE', ['WORK', 'VOICE']]], ['+1 555']], ['NOTE', [], ['café\nnext']], ['N', [], ['Müller', 'Hans']],
    ]);
  });

  it('keeps a 3.0 TZ as written: a zone name is not cut short as a UTC offset', () => {
    expect(card('VERSION:3.0', 'TZ:America/New_York', 'TZ:-05:00; EST').properties?.slice(1).map((p) => p.components[0])).toEqual(['America/New_York', '-05:00; EST']);
  });

  it('names the line it cannot read', () => {
    expect(card('VERSION:4.0', 'no colon here').problem).toBe('line 3: not a vCard property (expected NAME:value)');
    expect(card('VERSION:4.0', 'FN:A\u0000').problem).toMatch(/^line 3: contains the NUL character/);
    expect(card('VERSION:4.0', 'X-A;__proto__=x:y').properties?.[1]?.params.size).toBe(0);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
