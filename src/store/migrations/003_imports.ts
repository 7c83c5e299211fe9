import type { Kysely } from 'kysely';

/**
 * Imports with a resumable record, their rejected rows, the keys a dry run has seen, erasure
 * suppression hashes, and a normalised phone on contacts so duplicates are found by phone too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('preset', 'text')
    .addColumn('allow_erased', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_name', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    // Where the last committed batch ended: a resume reads on from here (bigint: files over 2 GiB).
    .addColumn('byte_offset', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('line_offset', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_workspace').on('imports').columns(['workspace_id', 'created_at']).execute();

  // One row per rejected line, written in the batch's transaction: a report of any size, never doubled.
  await db.schema
    .createTable('import_rejections')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rejections_pk', ['import_id', 'line'])
    .execute();

  // A dry run writes no contact, so it remembers the (hashed) keys of the rows it would have imported.
  await db.schema
    .createTable('import_keys')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_keys_pk', ['import_id', 'key'])
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suppressions_pk', ['workspace_id', 'hash'])
    .execute();

  await db.schema.alterTable('contacts').addColumn('phone_key', 'text').execute();
  await db.schema.createIndex('contacts_workspace_phone_key').on('contacts').columns(['workspace_id', 'phone_key']).execute();
  // Existing contacts get their key here; from now on the store writes it with every contact.
  for (let after = ''; ;) {
    const rows = await db.selectFrom('contacts').select(['id', 'phone']).where('id', '>', after).where('phone', 'is not', null)
      .orderBy('id').limit(1000).execute() as Array<{ id: string; phone: string }>;
    if (rows.length === 0) break;
    for (const row of rows) {
      await db.updateTable('contacts').set({ phone_key: phoneKeyAtMigration(row.phone) }).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** A frozen copy of core's phoneKey as it was when this migration was written. */
function phoneKeyAtMigration(phone: string): string | null {
  // "+44 (0)20 …": the trunk zero in brackets is dialled only from inside the country.
  const trimmed = phone.trim().replace(/(?:ext\.?|x|#)\s*\d+$/i, '').replace(/\(0\)/g, '');
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5) return null;
  return international ? `+${digits}` : digits;
}
