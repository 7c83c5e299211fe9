import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula, startsFormula } from './formulaCells.js';

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
