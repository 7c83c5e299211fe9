import { dayRange, localDateOf, localTimeOf } from './time.js';
import { daysBetween, spokenLongDate } from './spokenTime.js';
import { isWithinWindows } from './reachableWindows.js';
import { suggestOpener } from './playbooks/coach.js';
import type { Contact, FollowUp, Interaction } from './types.js';
import { firstName } from '../shared/names.js';

export interface AgendaEntry {
  followUp: FollowUp;
  overdue: boolean;
}

/**
 * The follow-ups of a day in the user's zone, and what is overdue. An all-day follow-up belongs to its
 * own date wherever the user is: it is on time all that day.
 *
 * Overdue is relative to now, and it is today's business: only the user's today lists the backlog
 * from before it. A later day shows just its own items, none overdue. A past day shows its own items
 * still open, each overdue (as they are now), without the older backlog, which is on today's list.
 */
export function classifyAgenda(openFollowUps: FollowUp[], date: string, userZone: string, userToday: string): { overdue: AgendaEntry[]; today: AgendaEntry[] } {
  const { start, end } = dayRange(date, userZone);
  const overdue: FollowUp[] = [];
  const onDay: FollowUp[] = [];
  for (const followUp of openFollowUps) {
    if (followUp.status !== 'open') continue;
    if (followUp.allDay) {
      if (followUp.dueLocal === date) onDay.push(followUp);
      else if (followUp.dueLocal < date) overdue.push(followUp);
      continue;
    }
    const due = Date.parse(followUp.dueAt);
    if (due >= start && due < end) onDay.push(followUp);
    else if (due < start) overdue.push(followUp);
  }
  const byDue = (a: FollowUp, b: FollowUp) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1);
  // What you owe them and are late with comes first: the client is waiting on you (seed 003).
  const rank = (f: FollowUp) => (f.kind === 'owed' ? 2 : f.promised ? 1 : 0);
  overdue.sort((a, b) => rank(b) - rank(a) || byDue(a, b));
  onDay.sort(byDue);
  const dayIsPast = date < userToday;
  return {
    overdue: date === userToday ? overdue.map((followUp) => ({ followUp, overdue: true })) : [],
    today: onDay.map((followUp) => ({ followUp, overdue: dayIsPast })),
  };
}

/** Greeting by first name is shared with the web app and the CLI. */
export { firstName } from '../shared/names.js';

function sinceWhen(lastMs: number | null, dueDate: string, zone: string): string {
  if (lastMs === null) return '';
  const days = daysBetween(localDateOf(lastMs, zone), dueDate);
  if (days <= 1) return '';
  if (days < 14) return `hard to believe it's been ${days} days since we spoke. `;
  if (days < 60) return `time flies: ${Math.round(days / 7)} weeks since we spoke. `;
  return `time flies: about ${Math.round(days / 30)} months since we spoke. `;
}

/**
 * The first words of the call. An agreed follow-up reminds the client they asked for it (seed 000);
 * anything else leads with what is new for them, never with "just checking in" (seed 004).
 */
export function buildOpener(followUp: FollowUp, contact: Pick<Contact, 'name' | 'interests'>, lastInteraction: Interaction | null, nowMs?: number): string {
  const name = firstName(contact.name);
  const dueDate = followUp.dueLocal.slice(0, 10);
  // An overdue promise is kept late: say so rather than claim the client asked for today (seed 001).
  const callDate = nowMs === undefined ? dueDate : localDateOf(nowMs, followUp.timeZone);
  const late = callDate > dueDate;
  const lastMs = lastInteraction ? Date.parse(lastInteraction.occurredAt) : null;
  const about = followUp.agenda ? ` about ${followUp.agenda}` : '';
  const progress = followUp.progress ? ` Since then: ${followUp.progress}.` : '';
  // Something you owe them: lead with it, and own the delay when it is late (seed 003).
  if (followUp.kind === 'owed') {
    const what = followUp.agenda ?? 'what I promised you';
    const said = late ? `I promised you ${what} by ${spokenLongDate(dueDate)}; I'm sorry it is late. Here it is.` : `as promised, here is ${what}.`;
    return `Hi ${name}, ${said}${progress}`.replace(/\s+/g, ' ').trim();
  }
  if (followUp.promised && followUp.source === 'agreement') {
    const when = lastMs !== null ? ` when we spoke on ${spokenLongDate(localDateOf(lastMs, followUp.timeZone))}` : '';
    const promise = late ? `to get back to you on ${spokenLongDate(dueDate)}${about}; I'm sorry this is late.` : `to get back to you today${about}, so here I am as promised.`;
    const since = sinceWhen(lastMs, late ? callDate : dueDate, followUp.timeZone);
    return `Hi ${name}, ${since}${since ? 'You' : 'you'} asked me${when} ${promise}${progress}`.replace(/\s+/g, ' ').trim();
  }
  // Not agreed: lead with what is new for them, as the coach suggests for any draft.
  return suggestOpener({ interests: contact.interests, agenda: followUp.agenda, progress: followUp.progress, firstName: name });
}

/** How the contact's company buys, or null while we don't know (a blank note says nothing). */
export function knownBuyingProcess(contact: Pick<Contact, 'buyingProcess'>): string | null {
  return contact.buyingProcess?.trim() ? contact.buyingProcess : null;
}

/** The four questions of every follow-up conversation (seed 000), filled with what we know; and how they buy, while we don't know. */
export function buildChecklist(followUp: FollowUp, contact: Pick<Contact, 'interests' | 'buyingProcess'>, lastInteraction: Interaction | null): string[] {
  const last = lastInteraction
    ? ` (last spoke ${localDateOf(Date.parse(lastInteraction.occurredAt), followUp.timeZone)}${lastInteraction.changed ? `; then: ${lastInteraction.changed}` : ''})`
    : '';
  const discussed = followUp.agenda ?? lastInteraction?.notes ?? 'what we discussed';
  const interests = contact.interests.length ? ` (they care about: ${contact.interests.join(', ')})` : '';
  return [
    `What has changed since we last spoke?${last}`,
    `Does it affect what we discussed: ${discussed}?`,
    `Where does interest remain?${interests}`,
    // Each client buys differently (seed 000): until we know how, finding out is part of the call.
    ...(knownBuyingProcess(contact) !== null ? [] : ['Ask how their company buys: who decides, what approval it needs.']),
    'Agree the plan together: yes, no, or a next step with the date, time and channel they choose.',
  ];
}

export function contactLocalTime(followUp: FollowUp): string {
  return followUp.allDay ? 'all day' : localTimeOf(Date.parse(followUp.dueAt), followUp.timeZone);
}

export function reachableNow(contact: Pick<Contact, 'timeZone' | 'reachable'>, nowMs: number): boolean {
  return isWithinWindows(nowMs, contact.timeZone, contact.reachable);
}
