import type { Contact, Opportunity } from '../core/types.js';
import { cappedTouchInstants, cappedTouchTimes } from './cappedTouches.js';
import { toContact } from './contacts.js';
import { compiledOnce } from './compiledOnce.js';
import type { Db } from './db.js';
import { toOpportunity } from './opportunities.js';

/** What logging a touch must know about the contact before it writes, read in one statement. */
export interface TouchContext {
  contact: Contact;
  /**
   * The open opportunity the touch counts towards: `preferredOpportunityId` (the fulfilled follow-up's)
   * while it is open, else the contact's latest open one; null when none is open.
   */
  opportunity: Opportunity | null;
  /** The contact's logged touches; counted only when no opportunity is open (the only time it is used). */
  touches: number;
  /** The lowest touch number of the contact's open follow-ups other than `exceptFollowUpId`; null when there are none. */
  lowestOpenTouch: number | null;
  /** Whether a playbook series (active or paused) is running for the contact. */
  inSeries: boolean;
  /** Whether the workspace has an enabled webhook endpoint: without one, announcing the touch writes nothing. */
  webhooksListening: boolean;
  /** The contact's touches the frequency cap counts within `cappedBetween`, earliest first (empty when not asked). */
  cappedTouchesMs: number[];
}

/**
 * One statement whatever the touch: built and compiled once (store/compiledOnce), since building it
 * took longer than running it. A touch that keeps no promise prefers no opportunity ('' matches none,
 * so the contact's latest open one is taken); one the frequency cap does not count reads its capped
 * touches over an empty range.
 */
const contextRows = compiledOnce((db: Db, workspaceId: string, contactId: string, exceptFollowUpId: string, preferredOpportunityId: string, fromIso: string, toIso: string) =>
  db.selectFrom('contacts as c')
    .leftJoin('opportunities as o', (join) => join.on((eb) => eb('o.id', '=', eb.fn.coalesce(
      eb.selectFrom('opportunities').select('id').where('workspace_id', '=', workspaceId).where('id', '=', preferredOpportunityId).where('status', '=', 'open'),
      eb.selectFrom('opportunities').select('id')
        .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open')
        .orderBy('created_at', 'desc').limit(1),
    ))))
    .selectAll('c')
    .select([
      'o.id as o_id', 'o.workspace_id as o_workspace_id', 'o.contact_id as o_contact_id', 'o.owner_id as o_owner_id', 'o.title as o_title',
      'o.status as o_status', 'o.touches as o_touches', 'o.closed_on_touch as o_closed_on_touch', 'o.created_at as o_created_at', 'o.closed_at as o_closed_at',
    ])
    .select((eb) => [
      eb.case().when('o.id', 'is', null).then(
        eb.selectFrom('interactions').select((s) => s.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId),
      ).else(0).end().as('touch_count'),
      eb.selectFrom('follow_ups').select((s) => s.fn.min<number>('touch_number').as('lowest'))
        .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open')
        .where('id', '!=', exceptFollowUpId).as('lowest_open_touch'),
      eb.exists(eb.selectFrom('enrollments').select('id')
        .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', 'in', ['active', 'paused'])).as('in_series'),
      eb.exists(eb.selectFrom('webhooks').select('id').where('workspace_id', '=', workspaceId).where('enabled', '=', 1)).as('webhooks_listening'),
      cappedTouchTimes(db, workspaceId, contactId, fromIso, toIso).as('capped_touches'),
    ])
    .where('c.workspace_id', '=', workspaceId).where('c.id', '=', contactId));

/**
 * Issue 14 item 2: logging waits on each statement with the write lock held, so the contact, their
 * open opportunity, the touch count, their open follow-ups' numbering, whether a series runs and whether
 * any webhook listens — and, for a touch the frequency cap counts, the contact's other capped touches
 * around it — come back together. Null when the contact is not in the workspace.
 */
export async function touchContextOf(
  db: Db, workspaceId: string, contactId: string,
  options: { preferredOpportunityId: string | null; exceptFollowUpId: string | null; cappedBetween?: { fromIso: string; toIso: string } | null },
): Promise<TouchContext | null> {
  const window = options.cappedBetween ?? { fromIso: '', toIso: '' };
  const [row] = await contextRows(db, workspaceId, contactId, options.exceptFollowUpId ?? '', options.preferredOpportunityId ?? '', window.fromIso, window.toIso);
  if (!row) return null;
  const { o_id, o_workspace_id, o_contact_id, o_owner_id, o_title, o_status, o_touches, o_closed_on_touch, o_created_at, o_closed_at, touch_count, lowest_open_touch, in_series, webhooks_listening, capped_touches, ...contact } = row;
  const opportunity: Opportunity | null = o_id && o_workspace_id && o_contact_id && o_title && o_status && o_created_at
    ? toOpportunity({
      id: o_id, workspace_id: o_workspace_id, contact_id: o_contact_id, owner_id: o_owner_id, title: o_title, status: o_status,
      touches: Number(o_touches ?? 0), closed_on_touch: o_closed_on_touch, created_at: o_created_at, closed_at: o_closed_at,
    })
    : null;
  return {
    contact: toContact(contact),
    opportunity,
    touches: Number(touch_count ?? 0),
    lowestOpenTouch: lowest_open_touch === null || lowest_open_touch === undefined ? null : Number(lowest_open_touch),
    inSeries: Boolean(Number(in_series)),
    webhooksListening: Boolean(Number(webhooks_listening)),
    cappedTouchesMs: cappedTouchInstants(capped_touches),
  };
}
