import type { Kysely } from 'kysely';

/**
 * A contact's latest interaction (the agenda's "last spoke") is read newest-first by occurred_at, then id:
 * with id in the index that is one index seek per contact, with no sort. The old (contact_id,
 * occurred_at) index is a prefix of the new one, so it goes rather than cost every insert twice.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('interactions_contact_latest').on('interactions').columns(['contact_id', 'occurred_at', 'id']).execute();
  await db.schema.dropIndex('interactions_contact').execute();
}
