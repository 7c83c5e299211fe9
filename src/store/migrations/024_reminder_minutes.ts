import type { Kysely } from 'kysely';

/**
 * How many minutes before a timed follow-up each user wants to be reminded (issue 15): the alarm in
 * their calendar feed and invitations, and the push reminder. 0 means no reminder.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('reminder_minutes', 'integer', (c) => c.notNull().defaultTo(10)).execute();
}
