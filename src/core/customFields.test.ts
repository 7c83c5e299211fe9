import { describe, expect, it } from 'vitest';
import { cellsOf, checkCustomFieldValue, filterRefusal, isCalendarDate, parseNumber, valueAsCell, valueOfCells, type CustomFieldDefinition } from './customFields.js';

const field = (type: CustomFieldDefinition['type'], options: string[] = []): CustomFieldDefinition => ({ key: 'k', label: 'Budget', type, options });

describe('custom field values', () => {
  it('reads numbers as people type them, and refuses what is not one', () => {
    expect(parseNumber('1200')).toBe(1200);
    expect(parseNumber(' 1 200 ')).toBe(1200);
    expect(parseNumber('1,200.50')).toBe(1200.5);
    expect(parseNumber('-3.5')).toBe(-3.5);
    expect(parseNumber('12abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber(Number.NaN)).toBeNull();
    expect(checkCustomFieldValue(field('number'), 'lots')).toEqual({ ok: false, message: 'Budget must be a number.' });
  });

  it('accepts only dates that exist', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('31/12/2026')).toBe(false);
    expect(checkCustomFieldValue(field('date'), '2026-02-30').ok).toBe(false);
    expect(checkCustomFieldValue(field('date'), '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
  });

  it('matches options whatever their case, and keeps the definition\'s spelling and order', () => {
    const tiers = field('choice', ['Gold', 'Silver']);
    expect(checkCustomFieldValue(tiers, ' gold ')).toEqual({ ok: true, value: 'Gold' });
    expect(checkCustomFieldValue(tiers, 'Tin')).toEqual({ ok: false, message: 'Budget must be one of: Gold, Silver.' });
    expect(checkCustomFieldValue(tiers, ['Gold']).ok).toBe(false);
    const many = field('choices', ['A', 'B', 'C']);
    expect(checkCustomFieldValue(many, ['c', 'A', 'a'])).toEqual({ ok: true, value: ['A', 'C'] });
    expect(checkCustomFieldValue(many, 'B; c')).toEqual({ ok: true, value: ['B', 'C'] });
    expect(checkCustomFieldValue(many, ['D']).ok).toBe(false);
  });

  it('takes http and https addresses only', () => {
    expect(checkCustomFieldValue(field('url'), 'https://example.com')).toEqual({ ok: true, value: 'https://example.com/' });
    expect(checkCustomFieldValue(field('url'), 'javascript:alert(1)').ok).toBe(false);
    expect(checkCustomFieldValue(field('url'), 'ftp://example.com').ok).toBe(false);
    expect(checkCustomFieldValue(field('url'), 'example.com').ok).toBe(false);
  });

  it('limits text, and treats empty as clearing', () => {
    expect(checkCustomFieldValue(field('text'), 'x'.repeat(2001))).toEqual({ ok: false, message: 'Budget must be at most 2000 characters.' });
    expect(checkCustomFieldValue(field('text'), '  ')).toEqual({ ok: true, value: null });
    expect(checkCustomFieldValue(field('choices', ['A']), [])).toEqual({ ok: true, value: null });
    expect(checkCustomFieldValue(field('number'), null)).toEqual({ ok: true, value: null });
  });

  it('stores and reads back each type, and writes a CSV cell', () => {
    const many = field('choices', ['A', 'B']);
    expect(valueOfCells(many, cellsOf(many, ['B', 'A']).reverse())).toEqual(['A', 'B']);
    expect(valueOfCells(field('number'), cellsOf(field('number'), 12.5))).toBe(12.5);
    expect(valueOfCells(field('date'), [])).toBeNull();
    expect(valueAsCell(['A', 'B'])).toBe('A; B');
    expect(valueAsCell(3)).toBe('3');
    expect(valueAsCell(undefined)).toBe('');
  });

  it('refuses filters a type cannot take', () => {
    expect(filterRefusal(field('text'), 'from')).toContain('cannot be filtered by a range');
    expect(filterRefusal(field('number'), 'has')).toContain('not a multiple choice');
    expect(filterRefusal(field('date'), 'to')).toBeNull();
    expect(filterRefusal(field('choices', ['A']), 'has')).toBeNull();
  });
});
