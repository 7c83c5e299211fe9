import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { uncappedChannels } from '../core/guardrails.js';
import type { Db } from './db.js';

/**
 * When the contact's logged touches that the frequency cap counts happened, between two instants,
 * as one text of ISO instants separated by spaces (null when there are none): ours, on a counted
 * channel, and not keeping a promise — logged by hand, by the CLI or by the mail worker alike.
 * A column of the statement that reads the touch's context, so that logging waits on one statement less.
 */
export function cappedTouchTimes(db: Db, workspaceId: string, contactId: string, fromIso: string, toIso: string): RawBuilder<string | null> {
  const touches = db.selectFrom('interactions as i').leftJoin('follow_ups as f', 'f.id', 'i.follow_up_id').select('i.occurred_at')
    .where('i.workspace_id', '=', workspaceId).where('i.contact_id', '=', contactId).where('i.direction', '=', 'out')
    .where('i.channel', 'not in', [...uncappedChannels]).where('i.occurred_at', '>=', fromIso).where('i.occurred_at', '<=', toIso)
    .where((eb) => eb.or([eb('f.promised', 'is', null), eb('f.promised', '=', 0)]));
  const joined = db.getExecutor().adapter instanceof PostgresAdapter ? sql`string_agg(t.occurred_at, ' ')` : sql`group_concat(t.occurred_at, ' ')`;
  return sql<string | null>`(SELECT ${joined} FROM (${touches}) AS t)`;
}

/** The instants of `cappedTouchTimes`, earliest first. */
export function cappedTouchInstants(joined: string | null): number[] {
  if (!joined) return [];
  return joined.split(' ').map((iso) => Date.parse(iso)).sort((a, b) => a - b);
}
