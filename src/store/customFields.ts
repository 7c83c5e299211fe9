import { CompiledQuery, PostgresAdapter, sql, type RawBuilder, type Selectable } from 'kysely';
import type { CustomFieldEntity, CustomFieldFilterOp, CustomFieldType } from '../shared/customFields.js';
import type { StoredCell } from '../core/customFields.js';
import type { CustomFieldsTable } from './customFieldTables.js';
import { parseJson, type Db } from './db.js';

export interface StoredCustomField {
  id: string;
  workspaceId: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  position: number;
  createdAt: string;
}

const toField = (r: Selectable<CustomFieldsTable>): StoredCustomField => ({
  id: r.id, workspaceId: r.workspace_id, entity: r.entity, key: r.key, label: r.label, type: r.type,
  options: parseJson<string[]>(r.options, []), position: Number(r.position), createdAt: r.created_at,
});

export async function listCustomFields(db: Db, workspaceId: string, entity?: CustomFieldEntity): Promise<StoredCustomField[]> {
  let query = db.selectFrom('custom_fields').selectAll().where('workspace_id', '=', workspaceId);
  if (entity) query = query.where('entity', '=', entity);
  const rows = await query.orderBy('entity').orderBy('position').orderBy('created_at').orderBy('id').execute();
  return rows.map(toField);
}

export async function findCustomField(db: Db, workspaceId: string, id: string): Promise<StoredCustomField | null> {
  const row = await db.selectFrom('custom_fields').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toField(row) : null;
}

export async function insertCustomField(db: Db, f: StoredCustomField): Promise<void> {
  await db.insertInto('custom_fields').values({
    id: f.id, workspace_id: f.workspaceId, entity: f.entity, key: f.key, label: f.label, type: f.type,
    options: JSON.stringify(f.options), position: f.position, created_at: f.createdAt,
  }).execute();
}

export async function updateCustomField(db: Db, workspaceId: string, id: string, patch: { label?: string; options?: string[]; position?: number }): Promise<void> {
  if (patch.label === undefined && patch.options === undefined && patch.position === undefined) return;
  await db.updateTable('custom_fields').set({
    ...(patch.label !== undefined ? { label: patch.label } : {}),
    ...(patch.options !== undefined ? { options: JSON.stringify(patch.options) } : {}),
    ...(patch.position !== undefined ? { position: patch.position } : {}),
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** The field and every value of it. */
export async function deleteCustomField(db: Db, workspaceId: string, id: string): Promise<boolean> {
  await db.deleteFrom('custom_field_values').where('workspace_id', '=', workspaceId).where('field_id', '=', id).execute();
  const result = await db.deleteFrom('custom_fields').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countCustomFields(db: Db, workspaceId: string, entity: CustomFieldEntity): Promise<{ count: number; lastPosition: number }> {
  const row = await db.selectFrom('custom_fields').select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('position').as('last')])
    .where('workspace_id', '=', workspaceId).where('entity', '=', entity).executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastPosition: row?.last === null || row?.last === undefined ? -1 : Number(row.last) };
}

const ownerColumn = (entity: CustomFieldEntity) => (entity === 'contact' ? 'contact_id' : 'opportunity_id') as 'contact_id' | 'opportunity_id';

/** A value row as stored: on which record, of which field. */
export interface CustomFieldCell extends StoredCell {
  recordId: string;
  fieldId: string;
}

/** The values of these records (contacts or opportunities), in one query. */
export async function cellsOf(db: Db, workspaceId: string, entity: CustomFieldEntity, recordIds: string[]): Promise<CustomFieldCell[]> {
  if (recordIds.length === 0) return [];
  const column = ownerColumn(entity);
  const rows = await db.selectFrom('custom_field_values').select([column, 'field_id', 'value', 'number_value'])
    .where('workspace_id', '=', workspaceId).where(column, 'in', recordIds).execute();
  return rows.map((r) => ({ recordId: String(r[column]), fieldId: r.field_id, text: r.value, number: r.number_value === null ? null : Number(r.number_value) }));
}

/** Removes these fields' values from a record (before writing the new ones). */
export async function clearCells(db: Db, workspaceId: string, entity: CustomFieldEntity, recordId: string, fieldIds: string[]): Promise<void> {
  if (fieldIds.length === 0) return;
  await db.deleteFrom('custom_field_values').where('workspace_id', '=', workspaceId).where(ownerColumn(entity), '=', recordId)
    .where('field_id', 'in', fieldIds).execute();
}

// Six parameters a row: well under both dialects' limits on parameters per statement.
const ROWS_PER_INSERT = 500;
const CELL_COLUMNS = ['workspace_id', 'field_id', 'contact_id', 'opportunity_id', 'value', 'number_value'] as const;
const insertTexts = new Map<string, string>();

/** `INSERT … VALUES (…), …` for this many rows, written once: the query builder's compiling was most of an import's custom-field time. */
function insertText(rows: number, postgres: boolean): string {
  const key = `${postgres ? 'pg' : 'sqlite'}:${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${CELL_COLUMNS.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    text = `insert into "custom_field_values" (${CELL_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

/** Writes value rows in as few statements as possible (the import writes a whole batch's at once). */
export async function insertCells(db: Db, workspaceId: string, entity: CustomFieldEntity, cells: CustomFieldCell[]): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (let start = 0; start < cells.length; start += ROWS_PER_INSERT) {
    const chunk = cells.slice(start, start + ROWS_PER_INSERT);
    const values = chunk.flatMap((c) => [
      workspaceId, c.fieldId, entity === 'contact' ? c.recordId : null, entity === 'deal' ? c.recordId : null, c.text, c.number,
    ]);
    await db.executeQuery(CompiledQuery.raw(insertText(chunk.length, postgres), values));
  }
}

/** Removes every value of these records for the given fields (an import's update replaces the mapped fields). */
export async function clearCellsOfRecords(db: Db, workspaceId: string, entity: CustomFieldEntity, recordIds: string[], fieldIds: string[]): Promise<void> {
  if (recordIds.length === 0 || fieldIds.length === 0) return;
  await db.deleteFrom('custom_field_values').where('workspace_id', '=', workspaceId).where(ownerColumn(entity), 'in', recordIds)
    .where('field_id', 'in', fieldIds).execute();
}

/**
 * A list filter as a condition on the listed record (`c.id` for contacts, `o.id` for opportunities):
 * one value of the field matches. The field is the workspace's (checked by the service). An
 * uncorrelated `in`: the matching records are found once through the field's index, not looked for
 * again for every listed record.
 */
export function matchCondition(entity: CustomFieldEntity, recordAlias: string, fieldId: string, op: CustomFieldFilterOp, cell: StoredCell, numeric: boolean): RawBuilder<boolean> {
  const owner = sql.ref(`v.${ownerColumn(entity)}`);
  const record = sql.ref(`${recordAlias}.id`);
  const match = (() => {
    if (numeric && cell.number !== null) {
      if (op === 'from') return sql`v.number_value >= ${cell.number}`;
      if (op === 'to') return sql`v.number_value <= ${cell.number}`;
      return sql`v.number_value = ${cell.number}`;
    }
    if (op === 'from') return sql`v.value >= ${cell.text}`;
    if (op === 'to') return sql`v.value <= ${cell.text}`;
    return sql`v.value = ${cell.text}`;
  })();
  return sql<boolean>`${record} in (select ${owner} from custom_field_values v where v.field_id = ${fieldId} and ${match})`;
}
