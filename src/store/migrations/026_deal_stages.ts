import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Deals with value (issue 16 item 1).
 * - `deal_stages`: a workspace's ordered stages, each with a win probability; exactly one `won` and one
 *   `lost` stage (final), the rest `open`. Every workspace gets the default set, now and when it is made.
 * - `opportunities` gain `stage_id`, `amount` (integer minor units), `currency` (ISO 4217) and
 *   `expected_close_date` (a local date). Open opportunities go to the first open stage, closed ones to
 *   the stage of their fate.
 */
const DEFAULT_STAGES = [
  { name: 'Qualified', probability: 10, kind: 'open' },
  { name: 'Meeting held', probability: 30, kind: 'open' },
  { name: 'Proposal sent', probability: 60, kind: 'open' },
  { name: 'Negotiation', probability: 80, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deal_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deal_stages_workspace').on('deal_stages').columns(['workspace_id', 'position']).execute();

  await db.schema.alterTable('opportunities').addColumn('stage_id', 'text').execute();
  await db.schema.alterTable('opportunities').addColumn('amount', 'bigint').execute();
  await db.schema.alterTable('opportunities').addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR')).execute();
  await db.schema.alterTable('opportunities').addColumn('expected_close_date', 'text').execute();
  await db.schema.createIndex('opportunities_stage').on('opportunities').columns(['workspace_id', 'stage_id']).execute();

  const createdAt = new Date().toISOString();
  const workspaces = await db.selectFrom('workspaces').select('id').execute() as { id: string }[];
  for (const { id } of workspaces) {
    await db.insertInto('deal_stages').values(DEFAULT_STAGES.map((s, position) => ({ id: randomUUID(), workspace_id: id, ...s, position, created_at: createdAt }))).execute();
  }
  await sql`update opportunities set stage_id = (
    select s.id from deal_stages s where s.workspace_id = opportunities.workspace_id
    and s.kind = (case when opportunities.status = 'open' then 'open' else opportunities.status end)
    order by s.position limit 1)`.execute(db);
}
