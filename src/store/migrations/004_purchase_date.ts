import type { Kysely } from 'kysely';

/** The purchase or version date an upgrade reminder counts from. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('purchase_date', 'text').execute();
}
