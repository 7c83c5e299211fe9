import { sql, type Kysely } from 'kysely';

/**
 * Time spent on each touch, and a time budget per contact (seed 003: "how much time you'll commit to
 * following up with each prospect"). Touches logged before this count with their channel's usual
 * minutes (the table in core/timeBudget.ts as it stood when this shipped), so spent time starts true.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interactions').addColumn('minutes', 'integer').execute();
  await db.schema.alterTable('contacts').addColumn('time_budget_minutes', 'integer').execute();
  await db.schema.alterTable('contacts').addColumn('time_spent_minutes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update interactions set minutes = case channel
    when 'call' then 10 when 'voicemail' then 3 when 'email' then 10 when 'meeting' then 60 when 'video' then 45
    when 'coffee' then 60 when 'sms' then 2 when 'letter' then 15 when 'gift' then 15 when 'social' then 5 else 10 end
    where minutes is null`.execute(db);
  await sql`update contacts set time_spent_minutes = coalesce(
    (select sum(i.minutes) from interactions i where i.contact_id = contacts.id), 0)`.execute(db);
}
