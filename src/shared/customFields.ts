/**
 * Custom fields (issue 16 item 2): a workspace defines its own fields on contacts and deals, and
 * every contact or deal carries their values under `customFields`. docs/custom-fields.md.
 */
import { z } from 'zod';
import { idSchema, instantSchema } from './common.js';

export const customFieldEntities = ['contact', 'deal'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export const customFieldTypes = ['text', 'number', 'date', 'choice', 'choices', 'url'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

/** The types whose values come from the field's list of options. */
export const choiceTypes: readonly CustomFieldType[] = ['choice', 'choices'];
/** The types a list can be filtered on by a range (from, to). */
export const rangeTypes: readonly CustomFieldType[] = ['number', 'date'];

export const CUSTOM_FIELD_TEXT_MAX = 2000;
export const CUSTOM_FIELD_OPTIONS_MAX = 100;
/** A workspace's limit per entity: enough for any sales team, small enough for every list to stay fast. */
export const CUSTOM_FIELDS_PER_ENTITY_MAX = 100;

/** How a multiple choice travels in a CSV cell: its options joined by this. */
export const CHOICES_SEPARATOR = ';';

const keySchema = z.string().trim().min(1, 'enter a key').max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ only, starting with a letter (e.g. budget or contract_end)');
const optionSchema = z.string().trim().min(1, 'an option cannot be empty').max(100)
  .refine((o) => !o.includes(CHOICES_SEPARATOR), `an option cannot contain "${CHOICES_SEPARATOR}"`);
const optionsSchema = z.array(optionSchema).max(CUSTOM_FIELD_OPTIONS_MAX)
  .refine((options) => new Set(options.map((o) => o.toLowerCase())).size === options.length, 'each option must be different');

export const createCustomFieldSchema = z.object({
  entity: z.enum(customFieldEntities).describe('contact or deal (an opportunity)'),
  key: keySchema.describe('the name in the API, imports and exports; cannot change'),
  label: z.string().trim().min(1, 'enter a label').max(80),
  type: z.enum(customFieldTypes),
  options: optionsSchema.default([]).describe('the choices, for choice and choices'),
  position: z.number().int().min(0).max(10_000).optional().describe('where it shows; last when left out'),
}).strict().superRefine((field, ctx) => {
  const needsOptions = choiceTypes.includes(field.type);
  if (needsOptions && field.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'add at least one option' });
  if (!needsOptions && field.options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a choice field has options' });
});
export type CreateCustomField = z.infer<typeof createCustomFieldSchema>;

export const updateCustomFieldSchema = z.object({
  label: z.string().trim().min(1, 'enter a label').max(80).optional(),
  options: optionsSchema.optional().describe('the whole new list; a value already set keeps its option even if removed here'),
  position: z.number().int().min(0).max(10_000).optional(),
}).strict();
export type UpdateCustomField = z.infer<typeof updateCustomFieldSchema>;

export const customFieldSchema = z.object({
  id: idSchema,
  entity: z.enum(customFieldEntities),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()),
  position: z.number().int(),
  createdAt: instantSchema,
});
export type CustomFieldView = z.infer<typeof customFieldSchema>;

/** One field's value as the API gives it: text, a number, a date (YYYY-MM-DD), an option, options, or a web address. */
export const customFieldValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
export type CustomFieldValue = z.infer<typeof customFieldValueSchema>;

/** In a request: `{ key: value }`, null clears; each value is checked against its field's definition. */
export const customFieldValuesInputSchema = z.record(z.string().max(40), customFieldValueSchema.nullable())
  .describe('custom field values by key; null clears one; keys and values are checked against Settings → Custom fields');
export type CustomFieldValuesInput = z.infer<typeof customFieldValuesInputSchema>;

/** In a response: every field set on the record, by key. */
export const customFieldValuesSchema = z.record(z.string(), customFieldValueSchema)
  .describe('custom field values by key (Settings → Custom fields)');
export type CustomFieldValues = z.infer<typeof customFieldValuesSchema>;

export const customFieldFilterOps = ['is', 'from', 'to', 'has'] as const;
export type CustomFieldFilterOp = (typeof customFieldFilterOps)[number];

/** `field.<key>=v` (is), `field.<key>.from=v`, `field.<key>.to=v`, `field.<key>.has=v`. */
export interface CustomFieldFilter {
  key: string;
  op: CustomFieldFilterOp;
  value: string;
}

const FILTER_PARAM = /^field\.([^.]+)(?:\.(from|to|has))?$/;

/** The custom-field filters of a list's query string (GET /contacts?field.budget.from=1000). */
export function customFieldFiltersOf(params: URLSearchParams): CustomFieldFilter[] {
  const filters: CustomFieldFilter[] = [];
  for (const [name, value] of params) {
    const match = FILTER_PARAM.exec(name);
    if (!match?.[1]) continue;
    filters.push({ key: match[1], op: (match[2] as CustomFieldFilterOp | undefined) ?? 'is', value });
  }
  return filters;
}

/** The query-string parameter of one filter (the web app builds its list requests with it). */
export const customFieldFilterParam = (key: string, op: CustomFieldFilterOp): string => (op === 'is' ? `field.${key}` : `field.${key}.${op}`);

/** `budget.from=1000`, `plan=Pro` (the CLI's --field) → the same filters as the list's `field.…` parameters. */
export function customFieldFiltersOfArgs(args: readonly string[]): CustomFieldFilter[] {
  const params = new URLSearchParams();
  for (const arg of args) {
    const at = arg.indexOf('=');
    params.append(`field.${at < 0 ? arg : arg.slice(0, at)}`, at < 0 ? '' : arg.slice(at + 1));
  }
  return customFieldFiltersOf(params);
}
