/**
 * Custom fields in the workspace export (issue 16 item 2): their definitions in the JSON export,
 * each contact's and deal's values beside its other fields, and one "custom.<key>" column per
 * contact field in contacts.csv (which the import reads back).
 */
import { customColumnHeader, customCsvCells } from '../core/import/customColumns.js';
import type { CustomFieldEntity, CustomFieldView } from '../shared/customFields.js';
import * as store from '../store/customFields.js';
import type { Db } from '../store/db.js';
import type { ExportTable } from '../store/exportPages.js';
import { presentCustomField } from './customFields.js';
import { withCustomFields } from './customFieldValues.js';

export async function customFieldDefinitions(db: Db, workspaceId: string): Promise<CustomFieldView[]> {
  return (await store.listCustomFields(db, workspaceId)).map(presentCustomField);
}

const entityOf: Partial<Record<ExportTable, CustomFieldEntity>> = { contacts: 'contact', opportunities: 'deal' };

/** A page of presented contacts or opportunities with their `customFields`; other tables' rows as they are. */
export async function withExportedCustomFields(db: Db, workspaceId: string, table: ExportTable, presented: unknown[]): Promise<unknown[]> {
  const entity = entityOf[table];
  if (!entity) return presented;
  return withCustomFields(db, workspaceId, entity, presented as { id: string }[]);
}

/** contacts.csv's custom columns: their headers, and each page's cells. */
export async function contactCustomColumns(db: Db, workspaceId: string): Promise<{ headers: string[]; cellsOf(contacts: { id: string }[]): Promise<string[][]> }> {
  const fields = await store.listCustomFields(db, workspaceId, 'contact');
  return {
    headers: fields.map((f) => customColumnHeader(f.key)),
    async cellsOf(contacts) {
      if (fields.length === 0) return contacts.map(() => []);
      return (await withCustomFields(db, workspaceId, 'contact', contacts)).map((c) => customCsvCells(fields, c.customFields));
    },
  };
}
