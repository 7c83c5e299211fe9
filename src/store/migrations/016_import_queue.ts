import type { Kysely } from 'kysely';

/**
 * Imports are claimed by a worker as outbox rows are: an attempt number that fences every write
 * and a lease that another worker may take over when it runs out. The uploaded file is kept in the
 * database until the import ends, so whichever instance claims the import can read it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('imports').addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('imports').addColumn('lease_until', 'text').execute();
  // The size of the file kept in import_file_chunks; null when the run that started the import reads the file itself (the CLI).
  await db.schema.alterTable('imports').addColumn('stored_bytes', 'bigint').execute();
  // The user's column choice ("name,email,,phone"): the worker that claims the import needs it.
  await db.schema.alterTable('imports').addColumn('columns', 'text').execute();
  await db.schema.createIndex('imports_claimable').on('imports').columns(['state', 'lease_until']).execute();

  await db.schema
    .createTable('import_file_chunks')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite takes any type name and stores the blob as it is.
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_file_chunks_pk', ['import_id', 'seq'])
    .execute();
}
