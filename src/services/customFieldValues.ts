/**
 * Custom field values on contacts and deals (issue 16 item 2): checked against the workspace's
 * definitions by core's one rule, written in the caller's transaction, read back in one query per
 * page, and turned into list filters.
 */
import { cellsOf, checkCustomFieldValue, filterRefusal, valueOfCells, type CustomFieldDefinition } from '../core/customFields.js';
import { AppError, type FieldError } from '../core/errors.js';
import type { CustomFieldEntity, CustomFieldFilter, CustomFieldValues, CustomFieldValuesInput } from '../shared/customFields.js';
import * as store from '../store/customFields.js';
import type { Db } from '../store/db.js';
import type { RawBuilder } from 'kysely';

const ENTITY_WORDS: Record<CustomFieldEntity, string> = { contact: 'contacts', deal: 'deals' };

const unknownKey = (entity: CustomFieldEntity, key: string): FieldError => ({
  path: `customFields.${key}`, message: `There is no custom field "${key}" on ${ENTITY_WORDS[entity]} (see Settings → Custom fields).`,
});

function refuse(errors: FieldError[]): never {
  throw new AppError('invalid', errors.map((e) => e.message).join(' '), errors);
}

/**
 * Sets the given values on one record (null or empty clears one), after checking every one: an
 * unknown key or a bad value refuses the whole request (400 naming the field) before anything is written.
 */
export async function saveCustomFieldValues(db: Db, workspaceId: string, entity: CustomFieldEntity, recordId: string, input: CustomFieldValuesInput | undefined): Promise<void> {
  if (!input || Object.keys(input).length === 0) return;
  const fields = new Map((await store.listCustomFields(db, workspaceId, entity)).map((f) => [f.key, f]));
  const errors: FieldError[] = [];
  const cells: store.CustomFieldCell[] = [];
  const touched: string[] = [];
  for (const [key, given] of Object.entries(input)) {
    const field = fields.get(key);
    if (!field) {
      errors.push(unknownKey(entity, key));
      continue;
    }
    const checked = checkCustomFieldValue(field, given);
    if (!checked.ok) {
      errors.push({ path: `customFields.${key}`, message: checked.message });
      continue;
    }
    touched.push(field.id);
    if (checked.value !== null) cells.push(...cellsOf(field, checked.value).map((c) => ({ ...c, recordId, fieldId: field.id })));
  }
  if (errors.length > 0) refuse(errors);
  await store.clearCells(db, workspaceId, entity, recordId, touched);
  await store.insertCells(db, workspaceId, entity, cells);
}

/** Each record with its `customFields` (every field set on it, by key), read in one query. */
export async function withCustomFields<T extends { id: string }>(db: Db, workspaceId: string, entity: CustomFieldEntity, records: T[]): Promise<(T & { customFields: CustomFieldValues })[]> {
  if (records.length === 0) return [];
  const fields = await store.listCustomFields(db, workspaceId, entity);
  if (fields.length === 0) return records.map((r) => ({ ...r, customFields: {} }));
  const byId = new Map(fields.map((f) => [f.id, f]));
  const cellsByRecord = new Map<string, Map<string, store.CustomFieldCell[]>>();
  for (const cell of await store.cellsOf(db, workspaceId, entity, records.map((r) => r.id))) {
    const ofRecord = cellsByRecord.get(cell.recordId) ?? new Map<string, store.CustomFieldCell[]>();
    ofRecord.set(cell.fieldId, [...(ofRecord.get(cell.fieldId) ?? []), cell]);
    cellsByRecord.set(cell.recordId, ofRecord);
  }
  return records.map((record) => {
    const customFields: CustomFieldValues = {};
    for (const [fieldId, cells] of cellsByRecord.get(record.id) ?? []) {
      const field = byId.get(fieldId);
      const value = field ? valueOfCells(field, cells) : null;
      if (field && value !== null) customFields[field.key] = value;
    }
    return { ...record, customFields };
  });
}

export async function withCustomFieldsOne<T extends { id: string }>(db: Db, workspaceId: string, entity: CustomFieldEntity, record: T): Promise<T & { customFields: CustomFieldValues }> {
  const [one] = await withCustomFields(db, workspaceId, entity, [record]);
  return one ?? { ...record, customFields: {} };
}

/**
 * A list's custom-field filters as SQL conditions on the listed record (alias `c` for contacts),
 * each value checked like an input: an unknown key, a bad value or a filter the type has not (a
 * range on text) is a 400 naming it.
 */
export async function customFieldConditions(db: Db, workspaceId: string, entity: CustomFieldEntity, recordAlias: string, filters: CustomFieldFilter[]): Promise<RawBuilder<boolean>[]> {
  if (filters.length === 0) return [];
  const fields = new Map((await store.listCustomFields(db, workspaceId, entity)).map((f) => [f.key, f]));
  const errors: FieldError[] = [];
  const conditions: RawBuilder<boolean>[] = [];
  for (const filter of filters) {
    const field = fields.get(filter.key);
    const path = `field.${filter.key}`;
    if (!field) {
      errors.push({ path, message: `There is no custom field "${filter.key}" on ${ENTITY_WORDS[entity]} to filter by.` });
      continue;
    }
    const refusal = filterRefusal(field, filter.op);
    if (refusal) {
      errors.push({ path, message: refusal });
      continue;
    }
    // A multiple choice is matched one option at a time: ?field.k=X and ?field.k.has=X both mean "has X".
    const asOne: CustomFieldDefinition = field.type === 'choices' ? { ...field, type: 'choice' } : field;
    const checked = checkCustomFieldValue(asOne, filter.value);
    if (!checked.ok || checked.value === null) {
      errors.push({ path, message: checked.ok ? `${field.label}: enter a value to filter by.` : checked.message });
      continue;
    }
    const [cell] = cellsOf(asOne, checked.value);
    if (cell) conditions.push(store.matchCondition(entity, recordAlias, field.id, filter.op, cell, field.type === 'number'));
  }
  if (errors.length > 0) refuse(errors);
  return conditions;
}
