import { budgetFor, timeBudget, timeBudgetInWords, type TimeBudget } from '../core/timeBudget.js';
import type { Contact } from '../core/types.js';
import type { Workspace } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { liveEnrollmentsOfContacts, type Enrollment } from '../store/enrollments.js';
import { requireContact } from './guards.js';
import type { Actor, ServiceDeps } from './deps.js';
import { resolvePlaybook } from './playbooks.js';
import { settingsOf } from './workspaceRules.js';

export type TimeBudgetView = TimeBudget & { summary: string };

/** The budget the playbook engine keeps to: the contact's own, else the workspace's (a playbook keeps its own). */
export function contactTimeBudget(workspace: Workspace, contact: Contact): { budgetMinutes: number; spentMinutes: number } | null {
  const budget = budgetFor({ contactMinutes: contact.timeBudgetMinutes ?? null, workspaceMinutes: settingsOf(workspace).timeBudgetMinutes });
  return budget ? { budgetMinutes: budget.minutes, spentMinutes: contact.timeSpentMinutes ?? 0 } : null;
}

/**
 * Spent and budget for each contact, with the playbooks they run now as the last resort: their
 * running enrollments read in one query, each playbook resolved once.
 */
export async function timeBudgetsOf(db: Db, actor: Actor, contacts: Contact[]): Promise<Map<string, TimeBudgetView>> {
  const workspaceMinutes = settingsOf(actor.workspace).timeBudgetMinutes;
  const needPlaybooks = workspaceMinutes === null ? contacts.filter((c) => c.timeBudgetMinutes == null).map((c) => c.id) : [];
  const enrollments = await liveEnrollmentsOfContacts(db, actor.workspace.id, needPlaybooks);
  const playbookMinutesOf = new Map<string, Promise<number | null>>();
  const minutesOf = (enrollment: Enrollment): Promise<number | null> => {
    const key = enrollment.playbookId ?? `key:${enrollment.playbookKey}`;
    let minutes = playbookMinutesOf.get(key);
    if (!minutes) {
      minutes = resolvePlaybook(db, actor, enrollment.playbookId ? { playbookId: enrollment.playbookId } : { playbookKey: enrollment.playbookKey })
        .then((playbook) => playbook.timeBudgetMinutes, () => null);
      playbookMinutesOf.set(key, minutes);
    }
    return minutes;
  };
  const views = new Map<string, TimeBudgetView>();
  for (const contact of contacts) {
    const playbookMinutes: number[] = [];
    for (const enrollment of enrollments.get(contact.id) ?? []) {
      const minutes = await minutesOf(enrollment);
      if (minutes !== null) playbookMinutes.push(minutes);
    }
    const budget = timeBudget(contact.timeSpentMinutes ?? 0, { contactMinutes: contact.timeBudgetMinutes ?? null, workspaceMinutes, playbookMinutes });
    views.set(contact.id, { ...budget, summary: timeBudgetInWords(budget) });
  }
  return views;
}

export async function getTimeBudget(deps: ServiceDeps, actor: Actor, contactId: string): Promise<TimeBudgetView> {
  const contact = await requireContact(deps.store.db, actor, contactId);
  const view = (await timeBudgetsOf(deps.store.db, actor, [contact])).get(contact.id);
  if (!view) throw new Error('unreachable: a budget view for the contact asked for');
  return view;
}
