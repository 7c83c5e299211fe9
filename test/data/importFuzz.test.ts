import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { VcardSplitter } from '../../src/calendar/vcardCards.js';
import { parseVcard } from '../../src/calendar/vcardProperties.js';
import { rememberingZoneLookup } from '../../src/core/import/candidate.js';
import { mapHeader } from '../../src/core/import/columnMapping.js';
import { detectPreset } from '../../src/core/import/columnPresets.js';
import { csvRowToCandidate } from '../../src/core/import/csvRow.js';
import { vcardToCandidate } from '../../src/core/import/vcardContact.js';
import { CsvRecordReader } from '../../src/services/csvRecordReader.js';
import { authenticateToken, createWorkspace, setup } from '../../src/services/accounts.js';
import type { Actor, ServiceDeps } from '../../src/services/deps.js';
import { importContacts, type ImportSource } from '../../src/services/importContacts.js';
import { connect, migrateToLatest, type Store } from '../../src/store/connect.js';
import { listRejections } from '../../src/store/imports.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/**
 * Import fuzzing: random and mutated CSV and vCard files (broken quotes, `__proto__` and
 * duplicate headers, invalid zones, huge fields, wrong encodings). Never a crash or a hang, never a
 * prototype change, every bad row reported with its line, no good row lost.
 */

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const PROTOTYPE = prototypeKeys();

function expectPrototypeIntact(): void {
  expect(prototypeKeys()).toEqual(PROTOTYPE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
}

const MAX_RECORD = 4096;
const decode = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Splits bytes into chunks of the given sizes, cycled: the same file, streamed differently. */
function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pure: garbage in, never a throw (other than a named file error), always the end.

describe('import splitters and mapping on garbage', () => {
  const structural = fc.constantFrom('"', ',', ';', '\t', '|', '\r', '\n', '\r\n', '\u0000', '""', '"a"b', '__proto__', 'constructor', 'BEGIN:VCARD', 'END:VCARD', ':', '=', '\\', ' ');
  const messy = fc.array(fc.oneof(structural, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 60 }).map((parts) => parts.join(''));
  const bytesOf = fc.oneof(
    messy.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
    messy.map((s) => new Uint8Array(Buffer.from(s, 'latin1'))),
    fc.uint8Array({ maxLength: 400 }),
  );
  const sizes = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 });

  it('CSV: every input splits into ordered records and maps without a crash (3,000 runs)', async () => {
    const zoneOf = rememberingZoneLookup();
    await fc.assert(fc.asyncProperty(bytesOf, sizes, fc.constantFrom(',', ';', '\t', '|'), async (input, chunks, delimiter) => {
      const reader = new CsvRecordReader({ delimiter, encoding: 'utf-8', maxRecordBytes: 64 });
      const records = [];
      for (const chunk of chunked(input, chunks)) records.push(...await reader.push(chunk));
      records.push(...await reader.end());
      let end = 0;
      let line = 0;
      for (const r of records) {
        expect(r.end).toBeGreaterThan(end);
        expect(r.line).toBeGreaterThan(line);
        expect(r.lastLine).toBeGreaterThanOrEqual(r.line);
        end = r.end;
        line = r.lastLine;
      }
      expect(end).toBeLessThanOrEqual(input.length);
      const [header, ...rows] = records;
      if (!header || header.problem) return;
      let mapping;
      try {
        mapping = mapHeader(header.fields, detectPreset(header.fields));
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return;
      }
      for (const row of rows) {
        if (row.problem) continue;
        const outcome = csvRowToCandidate(mapping, row.fields, row.line, { restoreFormulas: true, zoneOf });
        if (outcome.kind === 'rejected') expect(outcome.reason.length).toBeGreaterThan(0);
      }
      expectPrototypeIntact();
    }), { numRuns: 3000 });
  });

  it('vCard: every input splits into ordered cards and maps without a crash (3,000 runs)', () => {
    const cardish = fc.array(fc.oneof(
      fc.constantFrom('BEGIN:VCARD\r\n', 'END:VCARD\r\n', 'VERSION:4.0\r\n', 'FN:A\r\n', ' folded\r\n', 'EMAIL;TYPE="a:b":x@y.z\r\n',
        'N:a\\;b;c\r\n', 'TZ:Mars/X\r\n', 'KIND:group\r\n', '__proto__;__proto__=x:y\r\n', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n', 'X\u0000:y\r\n'),
      fc.string({ unit: 'binary', maxLength: 20 }),
    ), { maxLength: 40 }).map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'utf8')));
    fc.assert(fc.property(fc.oneof(cardish, bytesOf), sizes, (input, chunks) => {
      const splitter = new VcardSplitter({ decode, maxRecordBytes: 200 });
      const cards = [...chunked(input, chunks).flatMap((c) => splitter.push(c)), ...splitter.end()];
      let end = 0;
      for (const c of cards) {
        expect(c.end).toBeGreaterThan(end);
        end = c.end;
        const parsed = c.problem ? null : parseVcard(c.lines);
        if (parsed?.problem) expect(parsed.problem.length).toBeGreaterThan(0);
        const outcome = parsed?.properties ? vcardToCandidate(parsed.properties, c.line, { userTimeZone: 'Europe/London', nowMs: 0, zoneOf: rememberingZoneLookup() }) : null;
        if (outcome?.kind === 'rejected') expect(outcome.reason.length).toBeGreaterThan(0);
      }
      expect(end).toBeLessThanOrEqual(input.length);
      expectPrototypeIntact();
    }), { numRuns: 3000 });
  });
});

// ---------------------------------------------------------------------------------------------
// Model-based, through the whole import: good and bad rows whose fate is known in advance.

type CsvBad = 'bad-email' | 'bad-zone' | 'offset-zone' | 'no-name' | 'nul' | 'broken-quote' | 'extra-cells' | 'huge' | 'bad-bytes';
type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

interface GoodPerson {
  name: string;
  zone: string;
  notes: string;
  secondEmail: boolean;
  quoteAll: boolean;
}

interface CsvModel {
  encoding: FileEncoding;
  delimiter: string;
  eol: string;
  order: number[];
  rows: Array<{ kind: 'good'; person: GoodPerson } | { kind: CsvBad; person: GoodPerson }>;
  blankBefore: boolean[];
  unclosedLast: boolean;
  chunks: number[];
  batchSize: number;
}

const ZONES: Array<[string, string]> = [['', ''], ['Europe/Paris', 'Europe/Paris'], ['asia/tokyo', 'Asia/Tokyo'], ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires']];
// Windows-1252 letters that can never form a valid UTF-8 sequence (no byte in 0x80–0xBF): such a
// file must be recognised as not UTF-8. ("é€€" would be valid UTF-8 bytes; import.test.ts covers €.)
const LATIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñçøå \'".,;|-=+@';
const WIDE = `${LATIN}山田テスト😀\u00a0`;

function textFrom(alphabet: string, maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...[...alphabet]), { minLength, maxLength }).map((chars) => chars.join(''));
}

const csvModel: fc.Arbitrary<CsvModel> = fc.constantFrom<FileEncoding>('utf-8', 'utf-8-bom', 'utf-16le', 'windows-1252').chain((encoding) => {
  const alphabet = encoding === 'windows-1252' ? LATIN : WIDE;
  const person = fc.record({
    name: textFrom(alphabet, 30, 1).filter((s) => s.trim().length > 0),
    zone: fc.integer({ min: 0, max: ZONES.length - 1 }).map((i) => (ZONES[i] ?? ['', ''])[0]),
    notes: fc.oneof(textFrom(alphabet, 40), textFrom(`${alphabet}\n\r`, 60), fc.constantFrom('=cmd|\'/C calc\'!A0', '{"__proto__":{"polluted":1}}', '')),
    secondEmail: fc.boolean(),
    quoteAll: fc.boolean(),
  });
  const bads: CsvBad[] = ['bad-email', 'bad-zone', 'offset-zone', 'no-name', 'nul', 'broken-quote', 'extra-cells', 'huge', ...(encoding === 'utf-8' ? ['bad-bytes' as const] : [])];
  const row = fc.oneof(
    { weight: 3, arbitrary: person.map((p) => ({ kind: 'good' as const, person: p })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...bads), person).map(([kind, p]) => ({ kind, person: p })) },
  );
  return fc.record({
    encoding: fc.constant(encoding),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\r\n'),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8, maxLength: 8 }),
    rows: fc.array(row, { minLength: 1, maxLength: 14 }).map((rows) => {
      // At most one row with undecodable bytes: the file must still look like UTF-8 overall.
      let seen = false;
      return rows.map((r) => (r.kind === 'bad-bytes' ? (seen ? { ...r, kind: 'bad-email' as const } : ((seen = true), r)) : r));
    }),
    blankBefore: fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
    unclosedLast: fc.boolean(),
    chunks: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 4 }),
    batchSize: fc.integer({ min: 1, max: 5 }),
  });
});

const HEADER = ['Name', 'Email', '__proto__', 'Time Zone', 'Notes', 'Email', 'constructor', 'Überschrift'];
const BAD_BYTE = '\ue000';

interface BuiltFile {
  bytes: Uint8Array;
  good: Map<string, { name: string; zone: string }>;
  badLines: number[];
}

function quoteCell(value: string, delimiter: string, always: boolean): string {
  return always || value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function buildCsv(model: CsvModel, run: number): BuiltFile {
  const { delimiter, eol } = model;
  const header = model.order.map((i) => HEADER[i] ?? '');
  const emailColumns = model.order.flatMap((i, position) => (i === 1 || i === 5 ? [position] : []));
  const [firstEmail = 1, secondEmail = 5] = emailColumns;
  const lines: string[] = [header.join(delimiter)];
  let line = 2;
  const good = new Map<string, { name: string; zone: string }>();
  const badLines: number[] = [];
  model.rows.forEach((row, index) => {
    if (model.blankBefore[index]) {
      lines.push('');
      line++;
    }
    const p = row.person;
    const email = `p${run}x${index}@Fuzz.example`;
    const cells: string[] = new Array<string>(header.length).fill('');
    const set = (column: number, value: string) => { cells[model.order.indexOf(column)] = value; };
    set(0, p.name);
    set(3, p.zone);
    set(4, p.notes);
    set(2, '{"polluted":true}');
    set(6, 'constructor');
    set(7, '');
    cells[firstEmail] = email;
    cells[secondEmail] = p.secondEmail ? `other${run}x${index}@fuzz.example` : '';
    let raw: string | null = null;
    switch (row.kind) {
      case 'good': break;
      case 'bad-email': cells[firstEmail] = `not-an-email-${index}`; break;
      case 'bad-zone': set(3, 'Mars/Olympus_Mons'); break;
      case 'offset-zone': set(3, '-05:00'); break;
      case 'no-name': set(0, '  '); break;
      case 'nul': set(0, `${p.name}\u0000`); break;
      case 'huge': set(4, 'h'.repeat(MAX_RECORD + 100)); break;
      case 'bad-bytes': set(0, `${p.name}${BAD_BYTE}`); break;
      case 'broken-quote':
      case 'extra-cells': break;
    }
    const quoted = cells.map((c) => quoteCell(c, delimiter, p.quoteAll));
    if (row.kind === 'broken-quote') quoted[model.order.indexOf(0)] = '"bro"ken';
    raw = quoted.join(delimiter) + (row.kind === 'extra-cells' ? `${delimiter}surplus` : '');
    lines.push(raw);
    if (row.kind === 'good') good.set(email.toLowerCase(), { name: p.name.trim(), zone: ZONES.find(([given]) => given === p.zone)?.[1] ?? '' });
    else badLines.push(line);
    line += 1 + (raw.match(/\r\n|\r|\n/g)?.length ?? 0);
  });
  if (model.unclosedLast) {
    lines.push(`"never closed${delimiter}x`);
    badLines.push(line);
  }
  const text = lines.join(eol) + eol;
  let bytes: Buffer;
  if (model.encoding === 'utf-16le') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  else if (model.encoding === 'windows-1252') bytes = Buffer.from(text, 'latin1');
  else {
    const utf8 = Buffer.from(text, 'utf8');
    const marker = Buffer.from(BAD_BYTE, 'utf8');
    const parts: Buffer[] = [];
    let at = 0;
    for (let found = utf8.indexOf(marker, at); found >= 0; found = utf8.indexOf(marker, at)) {
      parts.push(utf8.subarray(at, found), Buffer.from([0xff]));
      at = found + marker.length;
    }
    parts.push(utf8.subarray(at));
    bytes = Buffer.concat([...(model.encoding === 'utf-8-bom' ? [Buffer.from([0xef, 0xbb, 0xbf])] : []), ...parts]);
  }
  return { bytes: new Uint8Array(bytes), good, badLines };
}

type VcardBad = 'group' | 'bad-zone' | 'no-name' | 'bad-email' | 'no-colon' | 'nul' | 'huge' | 'no-end';

interface VcardModel {
  cards: Array<{ kind: 'good' | VcardBad; name: string; notes: string; org: string; fold: number; version: '3.0' | '4.0' }>;
  junkFirst: boolean;
  eol: string;
  chunks: number[];
  batchSize: number;
}

const vcardModel: fc.Arbitrary<VcardModel> = fc.record({
  cards: fc.array(fc.record({
    kind: fc.oneof({ weight: 3, arbitrary: fc.constant('good' as const) }, { weight: 2, arbitrary: fc.constantFrom<VcardBad>('group', 'bad-zone', 'no-name', 'bad-email', 'no-colon', 'nul', 'huge', 'no-end') }),
    name: textFrom(WIDE, 20, 1).filter((s) => s.trim().length > 0),
    notes: textFrom(`${WIDE},;\\\n`, 40),
    org: textFrom(`${WIDE},;`, 15),
    fold: fc.integer({ min: 1, max: 30 }),
    version: fc.constantFrom('3.0' as const, '4.0' as const),
  }), { minLength: 1, maxLength: 10 }),
  junkFirst: fc.boolean(),
  eol: fc.constantFrom('\r\n', '\n'),
  chunks: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 4 }),
  batchSize: fc.integer({ min: 1, max: 5 }),
});

const escapeText = (s: string): string => s.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');

/** Folds a content line every `width` characters (CRLF + a space), as RFC 6350 writers do. */
function fold(line: string, width: number): string[] {
  const chars = [...line];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push((i === 0 ? '' : ' ') + chars.slice(i, i + width).join(''));
  return out.length > 0 ? out : [''];
}

function buildVcard(model: VcardModel, run: number): BuiltFile {
  const lines: string[] = [];
  const good = new Map<string, { name: string; zone: string }>();
  const badLines: number[] = [];
  if (model.junkFirst) {
    badLines.push(1);
    lines.push('this is not a vCard', 'nor is this');
  }
  model.cards.forEach((card, index) => {
    const begin = lines.length + 1;
    const email = `v${run}x${index}@Fuzz.example`;
    const name = card.kind === 'nul' ? `${card.name}\u0000` : card.name;
    const content: string[] = [`VERSION:${card.version}`];
    if (card.kind !== 'no-name') content.push(`FN:${escapeText(name)}`);
    content.push(`EMAIL;TYPE=work:${card.kind === 'bad-email' ? 'not-an-email' : email}`);
    if (card.org) content.push(`ORG:${escapeText(card.org)};Department`);
    if (card.notes) content.push(`NOTE:${escapeText(card.notes)}`);
    if (card.kind === 'group') content.push('KIND:group');
    if (card.kind === 'bad-zone') content.push('TZ:Mars/Olympus_Mons');
    if (card.kind === 'no-colon') content.push('THIS LINE HAS NO COLON');
    if (card.kind === 'huge') content.push(`NOTE:${'h'.repeat(MAX_RECORD + 100)}`);
    lines.push('BEGIN:VCARD', ...content.flatMap((l) => fold(l, card.fold)));
    if (card.kind !== 'no-end') lines.push('END:VCARD');
    // A card with a zone nobody knows is kept, in the importing user's zone (UTC here), not lost.
    if (card.kind === 'good' || card.kind === 'bad-zone') good.set(email.toLowerCase(), { name: card.name.trim(), zone: card.kind === 'bad-zone' ? 'UTC' : '' });
    else badLines.push(begin);
  });
  return { bytes: new Uint8Array(Buffer.from(lines.join(model.eol) + model.eol, 'utf8')), good, badLines };
}

describe.each(testDialects())('import fuzzing through the service on %s', (dialect) => {
  let url: string;
  let store: Store;
  let deps: ServiceDeps;
  let owner: Actor;
  let run = 0;

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect);
    store = connect(url);
    await migrateToLatest(store.db);
    deps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };
    const created = await setup(deps, { email: 'fuzz@example.com', password: 'fuzz test password', name: 'Fuzz', workspace: 'Fuzz', timeZone: 'UTC' });
    owner = (await authenticateToken(deps, created.token)) as Actor;
  });
  afterAll(async () => {
    await store?.close();
    if (url) await dropTestDatabase(url);
  });

  async function importInFreshWorkspace(file: BuiltFile, format: 'csv' | 'vcard', chunks: number[], batchSize: number) {
    const workspace = await createWorkspace(deps, owner, { name: `Fuzz ${++run}`, timeZone: 'UTC' });
    const actor = (await authenticateToken(deps, workspace.token)) as Actor;
    const source: ImportSource = async function* () {
      for (const chunk of chunked(file.bytes, chunks)) yield chunk;
    };
    const record = await importContacts(deps, actor, { format, dryRun: false, duplicates: 'skip', allowErased: false }, source, { batchSize, maxRecordBytes: MAX_RECORD });
    const contacts = await store.db.selectFrom('contacts').select(['email', 'name', 'time_zone']).where('workspace_id', '=', actor.workspace.id).execute();
    const rejected = await listRejections(store.db, actor.workspace.id, record.id, 0, 10_000);
    return { record, contacts, rejected };
  }

  function expectExactly(file: BuiltFile, result: Awaited<ReturnType<typeof importInFreshWorkspace>>): void {
    const { record, contacts, rejected } = result;
    expect(record.state).toBe('done');
    // No good row lost (nor changed), nothing else let in.
    const imported = new Map(contacts.map((c) => [c.email ?? '', { name: c.name, zone: c.time_zone }]));
    expect([...imported.keys()].sort()).toEqual([...file.good.keys()].sort());
    for (const [email, expected] of file.good) {
      expect(imported.get(email)?.name).toBe(expected.name);
      if (expected.zone) expect(imported.get(email)?.zone).toBe(expected.zone);
    }
    // Every bad row reported, at its line, with a reason.
    expect(rejected.map((r) => r.line)).toEqual(file.badLines);
    for (const r of rejected) expect(r.reason.length).toBeGreaterThan(0);
    expect(record).toMatchObject({ imported: file.good.size, rejected: file.badLines.length, processed: file.good.size + file.badLines.length });
    expectPrototypeIntact();
  }

  const runs = dialect === 'sqlite' ? 400 : 60;

  it(`CSV: mutated files of good and bad rows, any delimiter, encoding and chunking (${runs} runs)`, async () => {
    await fc.assert(fc.asyncProperty(csvModel, async (model) => {
      const file = buildCsv(model, run + 1);
      expectExactly(file, await importInFreshWorkspace(file, 'csv', model.chunks, model.batchSize));
    }), { numRuns: runs });
  }, 240_000);

  it(`vCard: folded, escaped, broken and junk-surrounded cards (${runs} runs)`, async () => {
    await fc.assert(fc.asyncProperty(vcardModel, async (model) => {
      const file = buildVcard(model, run + 1);
      expectExactly(file, await importInFreshWorkspace(file, 'vcard', model.chunks, model.batchSize));
    }), { numRuns: runs });
  }, 240_000);
});
