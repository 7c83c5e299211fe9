import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { agendaSchema } from '../shared/agenda.js';
import { agendaDataMark, agendaDataSince } from '../store/agendaChanges.js';
import { agendaFor } from './agenda.js';
import type { Actor, ServiceDeps } from './deps.js';

export interface AgendaResponse {
  /** The agenda as the API sends it: JSON, already UTF-8. */
  body: Buffer;
  /** A strong validator of the body, for If-None-Match. */
  etag: string;
}

const MINUTE_MS = 60_000;

/**
 * The agenda is made as its contract, field for field (the compiler checks the fields' types, and
 * test/api/agendaContract that nothing else is in it), so it is sent as it is: parsing it with the
 * schema again was a tenth of an agenda's time, for no change.
 */
function responseOf(agenda: z.output<typeof agendaSchema>): AgendaResponse {
  // Encoded once: the hash and the socket both take these bytes (a string would be encoded for each).
  const body = Buffer.from(JSON.stringify(agenda));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * The agenda as sent, kept per user, zone, day asked for and minute, and used only while the
 * workspace's agenda data is unchanged since it was read (store/agendaChanges: a trigger marks every
 * write, whichever instance or process made it). Within a minute the agenda is a function of that
 * data alone: it is computed for the minute's start (what is overdue, reachable now, or today turns
 * over on whole minutes), so a kept copy is exactly what computing it again would give.
 */
export class AgendaCache {
  private readonly entries = new Map<string, { mark: string; response: AgendaResponse }>();

  /** `maxEntries` 0 keeps nothing: every agenda is computed afresh. */
  constructor(private readonly deps: ServiceDeps, private readonly maxEntries = 500) {}

  async agenda(actor: Actor, date: string | undefined): Promise<AgendaResponse> {
    if (this.maxEntries === 0) return responseOf(await agendaFor(this.deps, actor, date));
    const minute = Math.floor(this.deps.clock() / MINUTE_MS) * MINUTE_MS;
    const key = `${actor.workspace.id}|${actor.user.id}|${actor.user.timeZone}|${date ?? ''}|${minute}`;
    const { db, dialect } = this.deps.store;
    const kept = this.entries.get(key);
    const since = kept ? await agendaDataSince(db, dialect, actor.workspace.id, kept.mark) : null;
    if (kept && since?.unchanged) return kept.response;
    const mark = since ? since.current : await agendaDataMark(db, dialect, actor.workspace.id);
    const response = responseOf(await agendaFor(this.deps, actor, date, minute));
    this.entries.delete(key);
    this.entries.set(key, { mark, response });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return response;
  }
}
