/**
 * The table type migration 017 adds, joined to schema.ts's Database by declaration merging (as
 * importsSchema.ts does), so that this table needs no edit of the shared schema file.
 */
export interface IdempotencyKeysTable {
  workspace_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  status: 'in-flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  created_at: string;
}

declare module './schema.js' {
  interface Database {
    idempotency_keys: IdempotencyKeysTable;
  }
}
