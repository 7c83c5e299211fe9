import type { CustomFieldEntity, CustomFieldType } from '../shared/customFields.js';

/** Migration 027 (issue 16 item 2): a workspace's custom field definitions; `options` is a JSON list. */
export interface CustomFieldsTable {
  id: string;
  workspace_id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string;
  position: number;
  created_at: string;
}

/** One value (one chosen option of a multiple choice) on a contact or an opportunity. */
export interface CustomFieldValuesTable {
  workspace_id: string;
  field_id: string;
  contact_id: string | null;
  opportunity_id: string | null;
  value: string;
  number_value: number | null;
}
