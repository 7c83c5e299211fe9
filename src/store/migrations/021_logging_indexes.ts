import type { Kysely } from 'kysely';

/**
 * Logging a touch counts the contact's touches and finds their open opportunity (issue 14 item 2):
 * both by (workspace, contact), which no index covered, so each read every interaction of the
 * contact, or scanned and sorted the workspace's open opportunities.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('interactions_workspace_contact').on('interactions').columns(['workspace_id', 'contact_id']).execute();
  await db.schema.createIndex('opportunities_workspace_contact').on('opportunities').columns(['workspace_id', 'contact_id', 'status', 'created_at']).execute();
}
