import { budgetFor, timeBudget, timeBudgetInWords, type TimeBudget } from '../core/timeBudget.js';
import type { Contact } from '../core/types.js';
import type { Workspace } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { liveEnrollmentsOf } from '../store/enrollments.js';
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

/** Spent and budget for each contact, with the playbooks they run now as the last resort. */
export async function timeBudgetsOf(db: Db, actor: Actor, contacts: Contact[]): Promise<Map<string, TimeBudgetView>> {
  const workspaceMinutes = settingsOf(actor.workspace).timeBudgetMinutes;
  const views = new Map<string, TimeBudgetView>();
  for (const contact of contacts) {
    const playbookMinutes: number[] = [];
    if (contact.timeBudgetMinutes == null && workspaceMinutes === null) {
      for (const enrollment of await liveEnrollmentsOf(db, actor.workspace.id, contact.id)) {
        const playbook = await resolvePlaybook(db, actor, enrollment.playbookId ? { playbookId: enrollment.playbookId } : { playbookKey: enrollment.playbookKey })
          .catch(() => null);
        if (playbook) playbookMinutes.push(playbook.timeBudgetMinutes);
      }
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
