/**
 * `followthrough demo`: writes the planned demo stories (src/demo/demoStories.ts) into the actor's
 * empty workspace through the same services a salesperson uses, so every rule holds: conversations end
 * in an outcome, agreed next steps become promises, a "no" stops everything. Each touch is logged with
 * the clock set to when it happened. Demo emails use the reserved `.example` top-level domain, so
 * nothing can ever be delivered.
 */
import type { Transaction } from 'kysely';
import { AppError } from '../core/errors.js';
import { formatInstant, resolveDue } from '../core/time.js';
import { agendaFor } from '../services/agenda.js';
import { createContact, listContacts, updateContact } from '../services/contacts.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { scheduleFollowUp } from '../services/followUps.js';
import { logInteraction } from '../services/logInteraction.js';
import { requirePermission } from '../services/permissions.js';
import { settingsOf } from '../services/workspaceRules.js';
import { lockWorkspace, updateWorkspaceSettings } from '../store/accounts.js';
import { countOpenFollowUps } from '../store/followUps.js';
import type { Store } from '../store/connect.js';
import type { Database } from '../store/schema.js';
import { checkDemoPlan, demoStories, type Story } from './demoStories.js';
import { MINUTE } from './frame.js';

export interface SeedDemoOptions {
  /** How many contacts; default 300. */
  contacts?: number;
  /** PRNG seed; the same seed (and clock) gives the same data. Default 1. */
  seed?: number;
  /** Called after each contact's story is written. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoSummary {
  contacts: number;
  /** Interactions logged. */
  interactions: number;
  /** Follow-ups still open at the end (agreed promises, retries, first calls). */
  followUps: number;
  /** The actor's agenda for today, in their zone. */
  overdue: number;
  today: number;
}

/** Writes one story; returns how many touches it logged. */
async function play(deps: ServiceDeps, actor: Actor, story: Story, now: number): Promise<number> {
  const at = (ms: number): ServiceDeps => ({ ...deps, clock: () => Math.min(ms, now) });
  const contact = await createContact(at(story.createdAt), actor, story.fields);
  let open: string | null = null;
  let logged = 0;
  for (const step of story.steps) {
    if (step.type === 'update') {
      await updateContact(at(step.at), actor, contact.id, step.fields);
    } else if (step.type === 'schedule') {
      // Planned before it fell due, as a person would have: one put straight into the past would become a promise.
      const dueMs = Date.parse(resolveDue(step.request.due, contact.timeZone).dueAt);
      const plannedAt = Math.max(story.createdAt + MINUTE, Math.min(step.at, dueMs - 60 * MINUTE));
      open = (await scheduleFollowUp(at(plannedAt), actor, { ...step.request, contactId: contact.id })).id;
    } else {
      if (step.fulfils && !open) throw new Error(`demo: story ${story.person.index} fulfils a follow-up that is not there`);
      const result = await logInteraction(at(step.loggedAt), actor, {
        contactId: contact.id, channel: step.channel, result: step.result ?? undefined, direction: step.direction,
        occurredAt: formatInstant(step.at), notes: step.notes, changed: step.changed,
        followUpId: step.fulfils && open ? open : undefined, outcome: step.outcome,
      });
      logged++;
      if (step.fulfils) open = null;
      if (result.next) open = result.next.id;
    }
  }
  return logged;
}

/**
 * The store seen from inside one open transaction: services still call `db.transaction()`, and
 * their work simply joins it. The whole demo is then written (or rolled back) at once, and quickly.
 */
function joined(store: Store, trx: Transaction<Database>): Store {
  const db = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') {
        const builder = {
          execute: <T>(work: (t: Transaction<Database>) => Promise<T>) => work(target),
          setIsolationLevel: () => builder,
          setAccessMode: () => builder,
        };
        return () => builder;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...store, db };
}

/** Demo playbook mail needs a sender's postal address like any automated mail; a workspace that has one keeps it. */
async function withDemoPostalAddress(deps: ServiceDeps, actor: Actor): Promise<Actor> {
  if (settingsOf(actor.workspace).postalAddress) return actor;
  const settings = { ...actor.workspace.settings, postalAddress: `${actor.workspace.name}, 100 Market Street, Springfield, IL 62701, USA` };
  await updateWorkspaceSettings(deps.store.db, actor.workspace.id, settings);
  return { ...actor, workspace: { ...actor.workspace, settings } };
}

/**
 * Fills the actor's (empty) workspace with demo contacts and their history, so a new user sees a
 * living agenda.
 */
export async function seedDemo(deps: ServiceDeps, asActor: Actor, options: SeedDemoOptions = {}): Promise<SeedDemoSummary> {
  requirePermission(asActor, 'manageWorkspace');
  const total = options.contacts ?? 300;
  const seed = options.seed ?? 1;
  checkDemoPlan({ contacts: total, seed });
  const actor = await withDemoPostalAddress(deps, asActor);
  const now = deps.clock();

  let interactions = 0;
  // One transaction: a failure or a crash leaves the workspace empty (so the demo can simply be run
  // again), and two demos started at once cannot both find it empty. On SQLite this holds the write
  // lock while seeding (about a second per 150 contacts).
  await deps.store.db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, deps.store.dialect, actor.workspace.id);
    const inside: ServiceDeps = { ...deps, store: joined(deps.store, trx) };
    const existing = await listContacts(inside, actor, { limit: 1 });
    if (existing.items.length > 0) throw new AppError('conflict', 'this workspace already has contacts; demo data goes into an empty workspace');
    let done = 0;
    for (const story of demoStories({ contacts: total, seed, now, userZone: actor.user.timeZone })) {
      interactions += await play(inside, actor, story, now);
      options.onProgress?.(++done, total);
    }
  });

  const open = await countOpenFollowUps(deps.store.db, actor.workspace.id);
  const agenda = await agendaFor(deps, actor);
  return { contacts: total, interactions, followUps: open, overdue: agenda.overdue.length, today: agenda.today.length };
}
