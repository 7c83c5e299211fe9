import type { z } from 'zod';
import type { agendaItemSchema, agendaSchema } from '../shared/agenda.js';
import { buildChecklist, buildOpener, classifyAgenda, knownBuyingProcess, reachableNow, type AgendaEntry } from '../core/agenda.js';
import { AppError } from '../core/errors.js';
import { builtinPlaybooks } from '../core/playbooks/builtins.js';
import { tasksOnAgenda, type Task } from '../core/tasks.js';
import { dayRange, isValidLocalDate, localTimeOf, todayIn } from '../core/time.js';
import type { Contact, FollowUp, Interaction } from '../core/types.js';
import { findContactsByIds } from '../store/contacts.js';
import { playbooksOfEnrollments } from '../store/enrollments.js';
import { openFollowUpsDueBefore } from '../store/followUps.js';
import { lastTouchesAndConversations } from '../store/interactions.js';
import { openTasksDueBy } from '../store/tasks.js';
import type { AgendaTask } from '../shared/tasks.js';
import { clientCancellations, type ClientCancellation } from './bookingNotices.js';
import type { Actor, ServiceDeps } from './deps.js';
import { omitWorkspace, type WithoutWorkspace } from './omitWorkspace.js';
import { presentTask } from './tasks.js';
import { timeBudgetsOf, type TimeBudgetView } from './timeBudget.js';

/**
 * The agenda is sent as it is made, unparsed (services/agendaCache.ts): its types extend its contract
 * (shared/agenda.ts), so whatever builds one is checked against what the API promises, field by field.
 */
export interface AgendaItem extends z.output<typeof agendaItemSchema> {
  followUp: WithoutWorkspace<FollowUp>;
  contact: {
    id: string; name: string; company: string | null; timeZone: string; localTime: string;
    email: string | null; phone: string | null; interests: string[]; preferredChannel: string | null; reachableNow: boolean;
    /** How their company buys; null while unknown. */
    buyingProcess: string | null;
  };
  lastInteraction: WithoutWorkspace<Interaction> | null;
  /** The last real conversation (not a voicemail or an unanswered call): what openers and "last conversation" speak of. */
  lastConversation: WithoutWorkspace<Interaction> | null;
  opener: string;
  checklist: string[];
  script: string | null;
  touchNumber: number;
  overdue: boolean;
  /** The playbook this follow-up is a step of; its name is null once the playbook is deleted. */
  playbook: { key: string; name: string | null } | null;
  /** Time spent on the contact and the time committed to them (seed 003). */
  timeBudget?: TimeBudgetView | null;
}

export interface Agenda extends z.output<typeof agendaSchema> {
  date: string;
  timeZone: string;
  overdue: AgendaItem[];
  today: AgendaItem[];
  /** Today only: clients who cancelled a time they had booked through their link, this past week. */
  clientCancellations: ClientCancellation[];
  /** The user's own open tasks of the day (on today, also those from before it, flagged overdue): no promise to a client. */
  tasks: AgendaTask[];
}

/** Room for an all-day follow-up in a zone far ahead of the user's, which starts before their day ends. */
const ALL_DAY_SLACK_MS = 26 * 3_600_000;

/**
 * Everything an agenda reads for a day, and nothing it makes of it: the agenda's SQL. agendaFor
 * shapes these into items; the benchmark's bare route (bench/api.ts) serves them as they are, so the
 * two always compare the same reads.
 */
export interface AgendaReads {
  overdue: AgendaEntry[];
  today: AgendaEntry[];
  contacts: Map<string, Contact>;
  last: Map<string, Interaction>;
  conversations: Map<string, Interaction>;
  playbooks: Map<string, { key: string; name: string | null }>;
  tasks: Task[];
  budgets: Map<string, TimeBudgetView>;
  cancellations: ClientCancellation[];
}

/** `userToday` (the user's date at `now`) is passed by agendaFor, which has already worked it out. */
export async function readAgenda(deps: ServiceDeps, actor: Actor, day: string, now: number, userToday = todayIn(now, actor.user.timeZone)): Promise<AgendaReads> {
  const zone = actor.user.timeZone;
  const { end } = dayRange(day, zone);
  const candidates = await openFollowUpsDueBefore(deps.store.db, actor.workspace.id, actor.user.id, new Date(end + ALL_DAY_SLACK_MS).toISOString());
  const { overdue, today } = classifyAgenda(candidates, day, zone, userToday);
  const contactIds = [...new Set([...overdue, ...today].map((entry) => entry.followUp.contactId))];
  const enrollmentIds = [...new Set([...overdue, ...today].flatMap((entry) => entry.followUp.enrollmentId ?? []))];
  // Cancelled bookings depend on nothing read before: asked beside the rest, not after it (on PostgreSQL a round trip less).
  const [contacts, { last, conversations }, playbooks, tasks, cancellations] = await Promise.all([
    findContactsByIds(deps.store.db, actor.workspace.id, contactIds),
    lastTouchesAndConversations(deps.store.db, actor.workspace.id, contactIds),
    playbooksOfEnrollments(deps.store.db, actor.workspace.id, enrollmentIds),
    openTasksDueBy(deps.store.db, actor.workspace.id, actor.user.id, day),
    day === userToday ? clientCancellations(deps.store.db, actor.workspace.id, actor.user.id, now) : Promise.resolve([]),
  ]);
  const budgets = await timeBudgetsOf(deps.store.db, actor, [...contacts.values()]);
  return { overdue, today, contacts, last, conversations, playbooks, tasks, budgets, cancellations };
}

/** The user's day: overdue promises first, then the day's follow-ups in time order, each with its context. */
export async function agendaFor(deps: ServiceDeps, actor: Actor, date?: string, now: number = deps.clock()): Promise<Agenda> {
  const zone = actor.user.timeZone;
  const userToday = todayIn(now, zone);
  const day = date ?? userToday;
  if (!isValidLocalDate(day)) throw AppError.invalid('date', 'not a real calendar date');
  const { overdue, today, contacts, last, conversations, playbooks, tasks, budgets, cancellations } = await readAgenda(deps, actor, day, now, userToday);
  const item = ({ followUp, overdue: isOverdue }: AgendaEntry): AgendaItem | null => {
    const contact = contacts.get(followUp.contactId);
    if (!contact) return null;
    const enrolled = followUp.enrollmentId ? playbooks.get(followUp.enrollmentId) : undefined;
    const playbook = enrolled ? { key: enrolled.key, name: enrolled.name ?? builtinPlaybooks.find((p) => p.key === enrolled.key)?.name ?? null } : null;
    return toItem(followUp, contact, last.get(contact.id) ?? null, conversations.get(contact.id) ?? null, now, isOverdue, playbook);
  };
  const present = <T>(x: T | null): x is T => x !== null;
  const withBudget = (i: AgendaItem): AgendaItem => ({ ...i, timeBudget: budgets.get(i.contact.id) ?? null });
  return {
    date: day, timeZone: zone,
    overdue: overdue.map(item).filter(present).map(withBudget), today: today.map(item).filter(present).map(withBudget),
    clientCancellations: cancellations,
    tasks: tasksOnAgenda(tasks, day, userToday, now).map(({ task, overdue: late }) => ({ ...presentTask(task), overdue: late })),
  };
}

function toItem(
  followUp: FollowUp, contact: Contact, lastInteraction: Interaction | null, lastConversation: Interaction | null, now: number, overdue: boolean,
  playbook: AgendaItem['playbook'],
): AgendaItem {
  const sentLast = lastInteraction && omitWorkspace(lastInteraction);
  return {
    followUp: omitWorkspace(followUp),
    contact: {
      id: contact.id, name: contact.name, company: contact.company, timeZone: contact.timeZone,
      localTime: followUp.allDay ? 'all day' : localTimeOf(Date.parse(followUp.dueAt), contact.timeZone),
      email: contact.email, phone: contact.phone, interests: contact.interests, preferredChannel: contact.preferredChannel,
      reachableNow: reachableNow(contact, now),
      buyingProcess: knownBuyingProcess(contact),
    },
    lastInteraction: sentLast,
    // Most often the last touch was the last conversation: the same record (one row read), copied once.
    lastConversation: lastConversation?.id === lastInteraction?.id ? sentLast : lastConversation && omitWorkspace(lastConversation),
    opener: buildOpener(followUp, contact, lastConversation, now),
    checklist: buildChecklist(followUp, contact, lastConversation),
    script: followUp.script ?? null,
    touchNumber: followUp.touchNumber,
    overdue,
    playbook,
  };
}
