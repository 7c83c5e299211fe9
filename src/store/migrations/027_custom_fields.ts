import { sql, type Kysely } from 'kysely';

/**
 * Custom fields (issue 16 item 2).
 * - `custom_fields`: a workspace's definitions, per entity (contact or deal); `options` is a JSON list.
 * - `custom_field_values`: one row per value (per chosen option, for a multiple choice), on a contact
 *   or an opportunity through a cascading foreign key, so erasing a contact (and its deals) or
 *   deleting a field takes its values with it. `value` is the canonical text (dates YYYY-MM-DD sort
 *   as text); `number_value` repeats a number as a number, so ranges compare numerically.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('custom_fields_key', ['workspace_id', 'entity', 'key'])
    .execute();

  await db.schema
    .createTable('custom_field_values')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('field_id', 'text', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('number_value', sql`double precision`)
    .execute();
  // Reading a record's values, and the cascades from contacts and opportunities. Partial, so that a
  // row (an import writes thousands a second) updates only the indexes that can find it.
  await db.schema.createIndex('custom_field_values_contact').on('custom_field_values').columns(['contact_id', 'field_id'])
    .where(sql.ref('contact_id'), 'is not', null).execute();
  await db.schema.createIndex('custom_field_values_opportunity').on('custom_field_values').columns(['opportunity_id', 'field_id'])
    .where(sql.ref('opportunity_id'), 'is not', null).execute();
  // Filtering a list by a field: exact, by option, or by range (numbers only).
  await db.schema.createIndex('custom_field_values_filter').on('custom_field_values').columns(['field_id', 'value']).execute();
  await db.schema.createIndex('custom_field_values_range').on('custom_field_values').columns(['field_id', 'number_value'])
    .where(sql.ref('number_value'), 'is not', null).execute();
}
