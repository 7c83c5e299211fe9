/**
 * The file of a queued import, kept in the database in chunks until the import ends, so that the
 * worker that claims the import can read it on any instance, also after a restart.
 */
import type { Db } from './db.js';
import type {} from './importsSchema.js';

export async function appendFileChunk(db: Db, importId: string, seq: number, bytes: Uint8Array): Promise<void> {
  await db.insertInto('import_file_chunks').values({ import_id: importId, seq, bytes }).execute();
}

/** The chunk at `seq`, or null past the end. */
export async function fileChunk(db: Db, importId: string, seq: number): Promise<Uint8Array | null> {
  const row = await db.selectFrom('import_file_chunks').select('bytes').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst();
  return row ? row.bytes : null;
}

export async function deleteFileChunks(db: Db, importId: string): Promise<void> {
  await db.deleteFrom('import_file_chunks').where('import_id', '=', importId).execute();
}
