import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactCsvColumns, contactCsvRow, interactionCsvColumns, interactionCsvRow } from '../../src/core/import/exportRows.js';
import type { Contact, Interaction } from '../../src/core/types.js';
import { canBuyValues, channels, interestLevels, relationships } from '../../src/shared/index.js';
import { csvText } from '../../src/services/exportWorkspace.js';

/**
 * "No exported CSV cell can start a formula." The check below is written independently of the
 * code under test: a cell is dangerous if a spreadsheet would evaluate it — it begins with = + - @
 * (or their full-width forms), or a tab or a carriage return, also after any leading whitespace.
 */
function couldStartFormula(cell: string): boolean {
  if (cell.startsWith('\t') || cell.startsWith('\r')) return true;
  let i = 0;
  while (i < cell.length && (/\s/u.test(cell[i] ?? '') || (cell.charCodeAt(i) < 0x20))) i++;
  return '=+-@\uff1d\uff0b\uff0d\uff20'.includes(cell[i] ?? 'x') && i < cell.length;
}

/** Text that tries hard: formula starters behind whitespace and quotes, then anything at all. */
const hostile = fc.tuple(
  fc.constantFrom('', ' ', '   ', '\t', '\r', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', "'", "''", ' \''),
  fc.constantFrom('', '=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20', '"', ',', ';', 'a'),
  fc.string({ unit: 'binary', maxLength: 30 }),
).map(([a, b, c]) => a + b + c);
const text = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 30 }));
const nullable = fc.option(text, { nil: null });

const contact: fc.Arbitrary<Contact> = fc.record({
  id: text, workspaceId: text, ownerId: nullable, name: text, email: nullable, phone: nullable, company: nullable, title: nullable,
  timeZone: text, preferredChannel: fc.option(fc.constantFrom(...channels), { nil: null }),
  reachable: fc.array(fc.record({ days: fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }), from: text, to: text }), { maxLength: 2 }),
  interests: fc.array(text, { maxLength: 3 }), buyingProcess: nullable, referredBy: nullable, relationship: fc.constantFrom(...relationships),
  interest: fc.constantFrom(...interestLevels), canBuy: fc.constantFrom(...canBuyValues), authority: nullable, doNotContact: fc.boolean(),
  doNotContactReason: nullable, doNotContactAt: nullable, notes: nullable, customerSince: nullable, purchaseDate: nullable, createdAt: text, updatedAt: text,
});

const interaction: fc.Arbitrary<Interaction> = fc.record({
  id: text, workspaceId: text, contactId: text, userId: nullable, opportunityId: nullable, followUpId: nullable,
  channel: fc.constantFrom(...channels), direction: fc.constantFrom('out' as const, 'in' as const), result: fc.constant(null),
  occurredAt: text, notes: nullable, changed: nullable, outcome: fc.constant(null), touchNumber: fc.integer({ min: -5, max: 50 }), createdAt: text,
});

describe('CSV export against formula injection', () => {
  it('the independent check recognises formulas', () => {
    for (const cell of ['=1', ' +1', '\t1', '\r1', '\n -1', '\u3000@x', '\uff1dx']) expect(couldStartFormula(cell), JSON.stringify(cell)).toBe(true);
    for (const cell of ['', 'a=1', "'=1", '  ', '1-2']) expect(couldStartFormula(cell), JSON.stringify(cell)).toBe(false);
  });

  it('no exported contacts or interactions CSV cell can start a formula (10,000 runs)', () => {
    fc.assert(fc.property(fc.array(contact, { minLength: 1, maxLength: 3 }), interaction, nullable, (contacts, touch, contactName) => {
      const csv = csvText([...contacts.map(contactCsvRow), interactionCsvRow(touch, contactName === null ? undefined : { name: contactName, email: contactName })]);
      const rows = parse(csv, { relax_column_count: true }) as string[][];
      expect(rows).toHaveLength(contacts.length + 1);
      rows.forEach((row, i) => expect(row).toHaveLength(i < contacts.length ? contactCsvColumns.length : interactionCsvColumns.length));
      for (const row of rows) for (const cell of row) if (couldStartFormula(cell)) throw new Error(`formula cell ${JSON.stringify(cell)}`);
    }), { numRuns: 10_000 });
  });
});
