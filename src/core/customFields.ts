/**
 * Custom field values checked against their definition (issue 16 item 2): the one rule the API,
 * the import and the web app's forms share. Errors name the field by its label, as a salesperson
 * reads it: "Budget must be a number."
 */
import {
  CHOICES_SEPARATOR, CUSTOM_FIELD_TEXT_MAX, rangeTypes, type CustomFieldFilterOp, type CustomFieldType, type CustomFieldValue,
} from '../shared/customFields.js';

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
}

export type CheckedValue = { ok: true; value: CustomFieldValue | null } | { ok: false; message: string };

const refused = (message: string): CheckedValue => ({ ok: false, message });

/** True for an existing calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A number as people type it: "1200", "1 200", "1,200.50", "-3.5"; null when it is not one. */
export function parseNumber(given: string | number): number | null {
  if (typeof given === 'number') return Number.isFinite(given) ? given : null;
  const compact = given.trim().replace(/[\s\u00a0]/g, '').replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(compact)) return null;
  const value = Number(compact);
  return Number.isFinite(value) ? value : null;
}

function optionOf(field: CustomFieldDefinition, given: string): string | undefined {
  const wanted = given.trim().toLowerCase();
  return field.options.find((o) => o.toLowerCase() === wanted);
}

const optionsList = (field: CustomFieldDefinition): string => field.options.join(', ');

/**
 * The value to keep, in its one canonical form (a trimmed text, a number, YYYY-MM-DD, the option as
 * spelled in the definition, the options in the definition's order, a normalised address), or why not.
 * An empty value (null, "" or an empty list) clears the field.
 */
export function checkCustomFieldValue(field: CustomFieldDefinition, given: CustomFieldValue | null | undefined): CheckedValue {
  if (given === null || given === undefined) return { ok: true, value: null };
  if (typeof given === 'string' && given.trim() === '') return { ok: true, value: null };
  if (Array.isArray(given) && given.length === 0) return { ok: true, value: null };
  const { label } = field;
  if (field.type === 'choices') {
    const parts = Array.isArray(given) ? given : String(given).split(CHOICES_SEPARATOR);
    const chosen = new Set<string>();
    for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
      const option = optionOf(field, part);
      if (!option) return refused(`${label} must be chosen from: ${optionsList(field)} ("${part}" is not one of them).`);
      chosen.add(option);
    }
    return { ok: true, value: chosen.size === 0 ? null : field.options.filter((o) => chosen.has(o)) };
  }
  if (Array.isArray(given)) return refused(`${label} takes one value, not a list.`);
  switch (field.type) {
    case 'text': {
      const text = String(given).trim();
      return text.length > CUSTOM_FIELD_TEXT_MAX ? refused(`${label} must be at most ${CUSTOM_FIELD_TEXT_MAX} characters.`) : { ok: true, value: text };
    }
    case 'number': {
      const value = parseNumber(given);
      return value === null ? refused(`${label} must be a number.`) : { ok: true, value };
    }
    case 'date': {
      const text = String(given).trim();
      return isCalendarDate(text) ? { ok: true, value: text } : refused(`${label} must be a date written YYYY-MM-DD (for example 2026-03-31).`);
    }
    case 'choice': {
      const option = optionOf(field, String(given));
      return option ? { ok: true, value: option } : refused(`${label} must be one of: ${optionsList(field)}.`);
    }
    case 'url': {
      const text = String(given).trim();
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return refused(`${label} must be a web address starting with http:// or https://.`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused(`${label} must be a web address starting with http:// or https://.`);
      return text.length > CUSTOM_FIELD_TEXT_MAX ? refused(`${label} must be at most ${CUSTOM_FIELD_TEXT_MAX} characters.`) : { ok: true, value: url.toString() };
    }
  }
}

/** Why a list filter cannot be applied to this field (a range on text, "has" on a number, …), or null when it can. */
export function filterRefusal(field: CustomFieldDefinition, op: CustomFieldFilterOp): string | null {
  if ((op === 'from' || op === 'to') && !rangeTypes.includes(field.type)) return `${field.label} cannot be filtered by a range; only numbers and dates can.`;
  if (op === 'has' && field.type !== 'choices') return `${field.label} is not a multiple choice: filter it with field.${field.key}=…`;
  return null;
}

/** How a value is stored: one row per option of a multiple choice, else one; the number also as a number, for ranges. */
export interface StoredCell {
  text: string;
  number: number | null;
}

export function cellsOf(field: CustomFieldDefinition, value: CustomFieldValue): StoredCell[] {
  if (Array.isArray(value)) return value.map((text) => ({ text, number: null }));
  if (field.type === 'number') return [{ text: String(value), number: Number(value) }];
  return [{ text: String(value), number: null }];
}

/** The cells read back as the API's value. */
export function valueOfCells(field: CustomFieldDefinition, cells: StoredCell[]): CustomFieldValue | null {
  if (cells.length === 0) return null;
  if (field.type === 'choices') {
    const texts = new Set(cells.map((c) => c.text));
    const known = field.options.filter((o) => texts.has(o));
    return [...known, ...[...texts].filter((t) => !known.includes(t)).sort()];
  }
  const [first] = cells;
  if (!first) return null;
  return field.type === 'number' ? Number(first.number ?? first.text) : first.text;
}

/** The value in a CSV cell: options joined by "; ", everything else as text. */
export function valueAsCell(value: CustomFieldValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(`${CHOICES_SEPARATOR} `) : String(value);
}
