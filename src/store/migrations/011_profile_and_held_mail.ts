import type { Kysely } from 'kysely';

/**
 * A salesperson's phone number and signature, which scripts and emails quote; and why a queued
 * email is held for a person (a merge field it needs is empty), so the Outbox can say how to fix it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema.alterTable('users').addColumn('signature', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('held_reason', 'text').execute();
}
