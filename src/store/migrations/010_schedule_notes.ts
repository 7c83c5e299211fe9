import type { Kysely } from 'kysely';

/**
 * Why a playbook step is due when it is: the frequency cap, reachable hours, quiet hours or business
 * days moved it from the time its wait gave. Null when nothing moved it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follow_ups').addColumn('schedule_note', 'text').execute();
}
