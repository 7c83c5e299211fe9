import type { Kysely } from 'kysely';

/**
 * Idempotency keys: one row per key a user sent in a workspace. The primary key decides a race
 * between two requests with one key (the second insert finds the first's row); the response of a
 * finished request is kept for a day so that a repeat gets it again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    // sha256 (hex) of the method, the path with its query and the canonical body.
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // 'in-flight' while the first request runs, then 'done'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    // The first response's body as sent; null while in flight, or when it held a secret that is not kept.
    .addColumn('response_body', 'text')
    .addColumn('response_content_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['workspace_id', 'user_id', 'key'])
    .execute();
  // The day-old rows of a workspace are cleared as keys are claimed in it.
  await db.schema.createIndex('idempotency_keys_age').on('idempotency_keys').columns(['workspace_id', 'created_at']).execute();
}
