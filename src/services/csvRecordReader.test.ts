import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, type CsvRecord } from './csvRecordReader.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds the bytes in chunks of the given sizes (cycled), as a stream would. */
async function read(text: string | Uint8Array, sizes: number[] = [1 << 16], options: { delimiter?: string; max?: number; resume?: { offset: number; line: number }; encoding?: 'utf-8' | 'windows-1252' } = {}): Promise<CsvRecord[]> {
  const input = typeof text === 'string' ? bytes(text) : text;
  const reader = new CsvRecordReader({ delimiter: options.delimiter ?? ',', encoding: options.encoding ?? 'utf-8', maxRecordBytes: options.max, resume: options.resume ?? null });
  const out: CsvRecord[] = [];
  for (let i = 0, k = 0; i < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    out.push(...await reader.push(input.subarray(i, i + size)));
    i += size;
  }
  out.push(...await reader.end());
  return out;
}

describe('CSV records through csv-parse', () => {
  const sample = 'name,notes\r\n"Ann ""A"" Lee","two\r\nlines"\r\n\r\nBob,plain\nCleo,"x,y"\rDee,last';

  it('splits RFC 4180 records with quotes, escaped quotes, quoted newlines and mixed line endings, with their lines', async () => {
    expect((await read(sample)).map((r) => ({ fields: r.fields, line: r.line, lastLine: r.lastLine }))).toEqual([
      { fields: ['name', 'notes'], line: 1, lastLine: 1 },
      { fields: ['Ann "A" Lee', 'two\r\nlines'], line: 2, lastLine: 3 },
      { fields: ['Bob', 'plain'], line: 5, lastLine: 5 },
      { fields: ['Cleo', 'x,y'], line: 6, lastLine: 6 },
      { fields: ['Dee', 'last'], line: 7, lastLine: 7 },
    ]);
  });

  it('gives each record the exact byte offset where the next one starts', async () => {
    expect((await read(sample)).map((r) => r.end)).toEqual([
      sample.indexOf('"Ann'), sample.indexOf('\r\n\r\nBob') + 2, sample.indexOf('Cleo'), sample.indexOf('Dee'), bytes(sample).length,
    ]);
  });

  it('reads the same whatever the chunking (property)', async () => {
    const whole = JSON.stringify(await read(sample));
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
      expect(JSON.stringify(await read(sample, sizes))).toBe(whole);
    }), { numRuns: 200 });
  });

  it('resumes at any record end with the same records after it (property)', async () => {
    const text = `h1,h2\r\n${Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? `r${i},"multi\nline ${i}"` : `r${i},v${i}`)).join('\r\n')}`;
    const all = await read(text);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: all.length - 1 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }), async (k, sizes) => {
      const at = all[k - 1] as CsvRecord;
      const resumed = await read(text, sizes, { resume: { offset: at.end, line: at.lastLine + 1 } });
      expect(resumed[0]?.fields).toEqual(['h1', 'h2']);
      expect(resumed.slice(1)).toEqual(all.slice(k));
    }), { numRuns: 200 });
  });

  it('rejects a row with text after a closing quote, and only that row', async () => {
    expect((await read('a,b\n1,"bro"ken\n2,ok\n')).map((r) => [r.line, r.fields, r.problem])).toEqual([
      [1, ['a', 'b'], null],
      [2, [], 'malformed quotes: text after the closing quote of field 2'],
      [3, ['2', 'ok'], null],
    ]);
  });

  it('keeps a quote inside an unquoted field as a character', async () => {
    expect((await read('a,b\n5" screen,ok\n')).map((r) => r.fields)).toEqual([['a', 'b'], ['5" screen', 'ok']]);
  });

  it('recovers from a quote that is never closed: only its first line is lost', async () => {
    expect((await read('a,b\n1,"never closed\n2,ok\n3,"fine"\n')).map((r) => [r.line, r.fields, r.problem !== null])).toEqual([
      [1, ['a', 'b'], false], [2, [], true], [3, ['2', 'ok'], false], [4, ['3', 'fine'], false],
    ]);
    expect((await read('a,b\n1,ok\n2,"open at the end\n')).map((r) => [r.line, r.problem])).toEqual([[1, null], [2, null], [3, 'malformed quotes: a quoted field is never closed']]);
  });

  it('rejects an over-long row without holding it, and reads on', async () => {
    const records = await read(`a,b\n1,${'x'.repeat(5000)}\n2,ok\n3,"${'y'.repeat(5000)}"\n4,ok\n5,${','.repeat(3000)}\n6,ok`, [64], { max: 1000 });
    expect(records.map((r) => [r.line, r.fields, r.problem?.startsWith('row longer than 1000 bytes') ?? null])).toEqual([
      [1, ['a', 'b'], null], [2, [], true], [3, ['2', 'ok'], null], [4, [], true], [5, ['4', 'ok'], null], [6, [], true], [7, ['6', 'ok'], null],
    ]);
  });

  it('uses the delimiter it is given, and reads Windows-1252', async () => {
    expect((await read('a;b|c\n1;"2;3"', [3], { delimiter: ';' })).map((r) => r.fields)).toEqual([['a', 'b|c'], ['1', '2;3']]);
    expect((await read('a\tb\n1\t2', [2], { delimiter: '\t' })).map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']]);
    expect((await read(Buffer.from('name\n\u0093Fran\u0094 \u008cuvre\n', 'latin1'), [4], { encoding: 'windows-1252' }))[1]?.fields).toEqual(['“Fran” Œuvre']);
  });
});
