import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(_db: Kysely<any>): Promise<void> {
  // Placeholder: filled in by the change that introduces this table.
}
