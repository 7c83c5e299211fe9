import { describe, expect, it } from 'vitest';
import { ERASED_REASON } from '../../shared/dataTransfer.js';
import { blankContact } from '../contacts.js';
import type { Contact } from '../types.js';
import { planBatch, type BatchKnowledge, type BatchSettings } from './batchPlan.js';
import type { ImportCandidate, RowOutcome } from './candidate.js';
import { emailKey, phoneKey } from './duplicateKeys.js';

const now = '2026-02-01T00:00:00.000Z';
const row = (line: number, fields: ImportCandidate['fields']): RowOutcome => ({
  kind: 'candidate', candidate: { line, fields, doNotContact: null, emailKey: emailKey(fields.email), phoneKey: phoneKey(fields.phone), assumptions: [] },
});
const existing: Contact = { ...blankContact('c1', 'w1', 'Europe/London', 'u1', '2026-01-01T00:00:00.000Z'), name: 'Dana', email: 'dana@globex.example', phone: '+1 212 555 0100' };

function knowledge(overrides: Partial<BatchKnowledge> = {}): BatchKnowledge {
  return {
    byEmail: new Map([['dana@globex.example', existing]]), byPhone: new Map([['+12125550100', existing]]),
    erasedHashesOf: () => [], seenBefore: () => false, ...overrides,
  };
}

function settings(overrides: Partial<BatchSettings> = {}): BatchSettings {
  let n = 0;
  return { policy: 'skip', dryRun: false, allowErased: false, nowIso: now, workspaceId: 'w1', owner: { id: 'u1', timeZone: 'Europe/Paris' }, newId: () => `n${++n}`, ...overrides };
}

describe('planning a batch', () => {
  const rows: RowOutcome[] = [
    row(2, { name: 'Dana Lee', email: 'DANA@globex.example', title: 'CFO' }), // duplicate by e-mail
    row(3, { name: 'New One', email: 'new@example.com' }),
    row(4, { name: 'New One Again', email: 'new@example.com', title: 'Twin' }), // duplicate of row 3
    { kind: 'rejected', line: 5, reason: 'missing name' },
    { kind: 'blank' },
    row(6, { name: 'Other Desk', email: 'other@globex.example', phone: '+1 (212) 555-0100' }), // same phone, other e-mail: two people
  ];

  it('skip: duplicates (also inside the batch) are counted and left alone', () => {
    const plan = planBatch(rows, knowledge(), settings());
    expect(plan.counts).toEqual({ total: 5, processed: 5, imported: 2, updated: 0, skipped: 2, rejected: 1 });
    expect(plan.inserts.map((c) => [c.id, c.name, c.timeZone, c.ownerId])).toEqual([['n1', 'New One', 'Europe/Paris', 'u1'], ['n2', 'Other Desk', 'Europe/Paris', 'u1']]);
    expect(plan.rejections).toEqual([{ line: 5, reason: 'missing name' }]);
  });

  it('update: a contact inserted earlier in the batch is inserted in its newest version', () => {
    const plan = planBatch(rows, knowledge(), settings({ policy: 'update' }));
    expect(plan.counts).toMatchObject({ imported: 2, updated: 2, skipped: 0 });
    expect(plan.inserts.find((c) => c.email === 'new@example.com')).toMatchObject({ name: 'New One Again', title: 'Twin' });
    expect(plan.updates).toEqual([{ contact: expect.objectContaining({ id: 'c1', name: 'Dana Lee', title: 'CFO' }), changed: ['name', 'title'] }]);
  });

  it('refuses an erased person unless explicitly allowed, which lifts the suppression with an opt-in', () => {
    const erased = knowledge({ erasedHashesOf: (r) => (r.emailKey === 'new@example.com' ? ['h1'] : []) });
    expect(planBatch(rows, erased, settings()).rejections).toEqual([
      { line: 3, reason: ERASED_REASON }, { line: 4, reason: ERASED_REASON }, { line: 5, reason: 'missing name' },
    ]);
    const allowed = planBatch(rows, erased, settings({ allowErased: true }));
    expect(allowed.lifted).toEqual(['h1']);
    expect(allowed.optedIn.map((c) => c.name)).toEqual(['New One']);
  });

  it('dry run: a person an earlier batch would have imported counts as a duplicate', () => {
    const plan = planBatch([row(9, { name: 'Seen', email: 'seen@example.com' })], knowledge({ seenBefore: () => true }), settings({ dryRun: true, policy: 'merge' }));
    expect(plan.counts).toMatchObject({ imported: 0, updated: 1 });
    expect(plan.inserts).toEqual([]);
  });
});
