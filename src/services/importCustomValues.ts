/**
 * An import batch's custom field values (issue 16 item 2), written in the batch's transaction in a
 * few statements whatever the batch's size: one delete per field an update replaces, one read of
 * what merge must not overwrite, then the rows in multi-row inserts (new contacts need neither).
 */
import type { CustomValuesOfContact } from '../core/import/batchPlan.js';
import * as store from '../store/customFields.js';
import type { Db } from '../store/db.js';

export async function writeImportedCustomValues(db: Db, workspaceId: string, planned: ReadonlyMap<string, CustomValuesOfContact>): Promise<void> {
  if (planned.size === 0) return;
  const replacedByField = new Map<string, string[]>();
  const filling: string[] = [];
  for (const [contactId, entry] of planned) {
    if (entry.mode === 'fill') filling.push(contactId);
    else if (entry.mode === 'replace') for (const fieldId of entry.byField.keys()) replacedByField.set(fieldId, [...(replacedByField.get(fieldId) ?? []), contactId]);
  }
  for (const [fieldId, contactIds] of replacedByField) await store.clearCellsOfRecords(db, workspaceId, 'contact', contactIds, [fieldId]);
  const alreadySet = new Set((await store.cellsOf(db, workspaceId, 'contact', filling)).map((c) => `${c.recordId}:${c.fieldId}`));
  const cells: store.CustomFieldCell[] = [];
  for (const [contactId, entry] of planned) {
    for (const [fieldId, value] of entry.byField) {
      if (entry.mode === 'fill' && alreadySet.has(`${contactId}:${fieldId}`)) continue;
      cells.push(...value.cells.map((cell) => ({ ...cell, recordId: contactId, fieldId })));
    }
  }
  await store.insertCells(db, workspaceId, 'contact', cells);
}
