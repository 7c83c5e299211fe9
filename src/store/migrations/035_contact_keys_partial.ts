import { sql, type Kysely } from 'kysely';

/**
 * The duplicate lookups of an import (and a reply's sender) find contacts by e-mail or phone key, never
 * by their absence: the indexes now hold only contacts that have one. In a workspace where most
 * contacts have no phone, the planner's averages counted every contact without one as sharing a single
 * phone key, judged the index useless and read every contact for each batch of an import
 * (test/store/queryPlans.test.ts, under a grown database's statistics).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, column] of [['contacts_workspace_email', 'email'], ['contacts_workspace_phone_key', 'phone_key']] as const) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('contacts').columns(['workspace_id', column]).where(sql.ref(column), 'is not', null).execute();
  }
}
