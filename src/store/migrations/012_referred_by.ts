import type { Kysely } from 'kysely';

/** Who introduced a contact: the referral playbook thanks them and names them to the contact. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('referred_by', 'text').execute();
}
