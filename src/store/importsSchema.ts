/**
 * The table types migration 016 adds, joined to schema.ts's interfaces by declaration merging so
 * that the import queue's columns are typed like every other (they can move into schema.ts itself).
 */
import type { ColumnType } from 'kysely';

export interface ImportFileChunksTable {
  import_id: string;
  seq: number;
  bytes: Uint8Array;
}

declare module './schema.js' {
  interface ImportsTable {
    attempt: ColumnType<number, number | undefined, number>;
    lease_until: string | null;
    stored_bytes: ColumnType<number | string | null, number | null | undefined, number | null>;
    columns: string | null;
  }
  interface Database {
    import_file_chunks: ImportFileChunksTable;
  }
}
