import { describe, expect, expectTypeOf, it } from 'vitest';
import { camelRow } from './camelRow.js';

describe('camelRow', () => {
  const row = { id: 'f1', follow_up_id: 'x', due_at_2: '2026', all_day: 1, status: 'open' as 'open' | 'done', note: null };

  it('renames every column to camelCase and keeps each value as it is', () => {
    expect(camelRow(row)).toEqual({ id: 'f1', followUpId: 'x', dueAt2: '2026', allDay: 1, status: 'open', note: null });
  });

  it('leaves out the columns it is told to, and only those', () => {
    const mapped = camelRow(row, ['follow_up_id', 'all_day']);
    expect(Object.keys(mapped).sort()).toEqual(['dueAt2', 'id', 'note', 'status']);
  });

  it('types each property as its column, so a vocabulary column stays its union', () => {
    const mapped = camelRow(row, ['all_day']);
    expectTypeOf(mapped.status).toEqualTypeOf<'open' | 'done'>();
    expectTypeOf(mapped.followUpId).toEqualTypeOf<string>();
    expectTypeOf(mapped).not.toHaveProperty('allDay');
  });
});
