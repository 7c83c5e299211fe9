import { getWithCopyTime, query, type Agenda, type CopyTimed } from './api.js';
import { parseHash } from './router.js';

/** The agenda's address for a day (none: today), the one place Today and the early start both spell it. */
export const agendaPath = (date: string | null): string => `/agenda${query({ date })}`;

/** An early answer older than this (the session stuck loading, say) is not trusted: the day may have moved on. */
const FRESH_MS = 10_000;

interface EarlyAgenda { path: string; answer: Promise<CopyTimed<Agenda>>; startedAt: number; arrived?: CopyTimed<Agenda> }

let early: EarlyAgenda | null = null;

/** The early start if it was for `path` and is recent enough to trust. */
const earlyFor = (path: string): EarlyAgenda | null =>
  (early?.path === path && performance.now() - early.startedAt < FRESH_MS ? early : null);

/**
 * Today is the first screen most mornings. Asking for its agenda while the app's code starts and the
 * session loads, instead of after both, draws it one round trip and a render sooner. Signed out, the
 * answer is a 401 no one reads: Today then asks again once the user is in.
 */
export function startAgendaEarly(hash: string): void {
  const { path, params } = parseHash(hash);
  if (path !== '/' && path !== '/today') return;
  const agenda = agendaPath(params.get('date'));
  const answer = getWithCopyTime<Agenda>(agenda);
  const started: EarlyAgenda = { path: agenda, answer, startedAt: performance.now() };
  answer.then((arrived) => { started.arrived = arrived; }, () => undefined);
  early = started;
}

/**
 * The early answer for `path` if it has already arrived, left in place for `fetchAgenda`: Today draws
 * it in its first render instead of drawing an empty frame first and the cards a render later.
 */
export function arrivedAgenda(path: string): CopyTimed<Agenda> | undefined {
  return earlyFor(path)?.arrived;
}

/** The agenda at `path`: the early answer once, if it was for this day and arrived, otherwise fetched now. */
export async function fetchAgenda(path: string): Promise<CopyTimed<Agenda>> {
  const started = earlyFor(path);
  early = null;
  if (started) {
    try {
      return await started.answer;
    } catch {
      // Signed out when it was asked, or offline: ask again below, as if it had never been started.
    }
  }
  return getWithCopyTime<Agenda>(path);
}
