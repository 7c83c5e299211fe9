import { uncappedChannels } from '../core/guardrails.js';
import type { Db } from './db.js';

/**
 * When the contact's logged touches that the frequency cap counts happened, between two instants:
 * ours, on a counted channel, and not keeping a promise — logged by hand, by the CLI or by the mail
 * worker alike.
 */
export async function cappedTouchesBetween(db: Db, workspaceId: string, contactId: string, fromIso: string, toIso: string): Promise<number[]> {
  const rows = await db.selectFrom('interactions as i').leftJoin('follow_ups as f', 'f.id', 'i.follow_up_id').select('i.occurred_at')
    .where('i.workspace_id', '=', workspaceId).where('i.contact_id', '=', contactId).where('i.direction', '=', 'out')
    .where('i.channel', 'not in', [...uncappedChannels]).where('i.occurred_at', '>=', fromIso).where('i.occurred_at', '<=', toIso)
    .where((eb) => eb.or([eb('f.promised', 'is', null), eb('f.promised', '=', 0)]))
    .execute();
  return rows.map((r) => Date.parse(r.occurred_at)).sort((a, b) => a - b);
}
