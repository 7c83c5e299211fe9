import { describe, expect, it } from 'vitest';
import { blankContact } from '../contacts.js';
import type { ImportCandidate } from './candidate.js';
import { applyImportedRow } from './mergeContact.js';

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

  it('merge keeps the contact\'s zone and does not repeat notes it already has', () => {
    const merged = applyImportedRow(base, { ...row, fields: { name: 'Dana', timeZone: 'Asia/Tokyo', notes: 'met at the fair' } }, 'merge', now);
    expect(merged.changed).toEqual([]);
  });

  it('never lifts a do-not-contact, and reports no change when there is none', () => {
    for (const policy of ['update', 'merge'] as const) expect(applyImportedRow(base, row, policy, now).contact.doNotContact).toBe(true);
    const same = applyImportedRow(base, { ...row, fields: { name: 'Dana', company: 'Globex' } }, 'update', now);
    expect(same.changed).toEqual([]);
    expect(same.contact).toBe(base);
  });
});
