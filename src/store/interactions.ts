import type { Selectable } from 'kysely';
import type { Interaction } from '../core/types.js';
import { CONVERSATION_CHANNELS, CONVERSATION_RESULTS } from '../core/outcomeRules.js';
import { camelRow } from './camelRow.js';
import type { InteractionsTable } from './schema.js';
import { compiledInsert } from './compiledOnce.js';
import { decodeCursor, pageOf, type Db, type Page } from './db.js';

type Row = Selectable<InteractionsTable>;

export function toInteraction(row: Row): Interaction {
  return { ...camelRow(row), minutes: row.minutes ?? null };
}

// Logging inserts one every time: compiled once (store/compiledOnce).
const insertInteractionRow = compiledInsert('interactions');

export async function insertInteraction(db: Db, interaction: Interaction): Promise<void> {
  await insertInteractionRow(db, {
    id: interaction.id,
    workspace_id: interaction.workspaceId,
    contact_id: interaction.contactId,
    user_id: interaction.userId,
    opportunity_id: interaction.opportunityId,
    follow_up_id: interaction.followUpId,
    channel: interaction.channel,
    direction: interaction.direction,
    result: interaction.result,
    occurred_at: interaction.occurredAt,
    notes: interaction.notes,
    changed: interaction.changed,
    outcome: interaction.outcome,
    touch_number: interaction.touchNumber,
    created_at: interaction.createdAt,
    minutes: interaction.minutes ?? null,
  });
}

/** Newest first, as the timeline shows it. */
export async function timeline(db: Db, workspaceId: string, contactId: string, limit: number, cursor?: string): Promise<Page<Interaction>> {
  let query = db.selectFrom('interactions').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  const before = decodeCursor(cursor, 2);
  if (before) {
    const [at = '', id = ''] = before;
    query = query.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = pageOf(rows, limit, (last) => [last.occurred_at, last.id]);
  return { items: page.items.map(toInteraction), nextCursor: page.nextCursor };
}

/**
 * One newest-first index seek per contact (interactions_contact_latest), then the rows by id: the cost
 * follows the number of contacts asked for, not the length of their histories.
 */
export async function lastInteractions(db: Db, workspaceId: string, contactIds: string[]): Promise<Map<string, Interaction>> {
  return (await lastTouchesAndConversations(db, workspaceId, contactIds)).last;
}

/**
 * Each contact's last real conversation (connected, held, replied, or a meeting, video call or coffee
 * with no result): openers and scripts speak of these, never of a voicemail or an unanswered call.
 */
export async function lastConversations(db: Db, workspaceId: string, contactIds: string[]): Promise<Map<string, Interaction>> {
  return (await lastTouchesAndConversations(db, workspaceId, contactIds)).conversations;
}

/**
 * Both of the above in one statement, as the agenda needs them: most often the last touch is the last
 * conversation, so that row is read once and is the same record in both maps.
 */
export async function lastTouchesAndConversations(db: Db, workspaceId: string, contactIds: string[]): Promise<{ last: Map<string, Interaction>; conversations: Map<string, Interaction> }> {
  const last = new Map<string, Interaction>();
  const conversations = new Map<string, Interaction>();
  if (contactIds.length === 0) return { last, conversations };
  const latest = db.selectFrom('contacts as c')
    .select((eb) => [
      eb.selectFrom('interactions as j').select('j.id')
        .whereRef('j.contact_id', '=', 'c.id').orderBy('j.occurred_at', 'desc').orderBy('j.id', 'desc').limit(1).as('last_id'),
      eb.selectFrom('interactions as j').select('j.id')
        .whereRef('j.contact_id', '=', 'c.id')
        .where((w) => w.or([
          w('j.result', 'in', [...CONVERSATION_RESULTS]),
          w.and([w('j.result', 'is', null), w('j.channel', 'in', [...CONVERSATION_CHANNELS])]),
        ]))
        .orderBy('j.occurred_at', 'desc').orderBy('j.id', 'desc').limit(1).as('conversation_id'),
    ])
    .where('c.workspace_id', '=', workspaceId).where('c.id', 'in', contactIds);
  const rows = await db.with('latest', () => latest)
    .selectFrom('latest')
    .innerJoin('interactions as i', (join) => join.on((eb) => eb('i.id', 'in', [eb.ref('latest.last_id'), eb.ref('latest.conversation_id')])))
    .selectAll('i').select(['latest.last_id', 'latest.conversation_id'])
    .where('i.workspace_id', '=', workspaceId)
    .execute();
  for (const { last_id, conversation_id, ...row } of rows) {
    const interaction = toInteraction(row);
    if (row.id === last_id) last.set(row.contact_id, interaction);
    if (row.id === conversation_id) conversations.set(row.contact_id, interaction);
  }
  return { last, conversations };
}

export async function countTouches(db: Db, workspaceId: string, contactId: string): Promise<number> {
  const row = await db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
