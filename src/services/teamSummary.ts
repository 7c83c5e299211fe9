import { may } from '../core/permissions.js';
import { weekWindow } from '../core/team.js';
import { renderTeamSummary, reportedWeek, summaryDueWeek } from '../core/teamSummary.js';
import { formatInstant } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import { newId } from '../store/ids.js';
import { insertOutboxMessage, type OutboxMessage } from '../store/outbox.js';
import * as summaries from '../store/teamSummaries.js';
import type { Actor, ServiceDeps } from './deps.js';
import { figuresFor, teamMembers } from './team.js';
import { settingsOf } from './workspaceRules.js';

/**
 * Queues the weekly team summary of every owner and admin whose Monday 08:00 has come and who has
 * none yet for that week and workspace; returns how many were queued. Safe to run from several
 * instances at once: the team_summaries key lets one of them queue each.
 */
export async function enqueueDueSummaries(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  let queued = 0;
  const failures: unknown[] = [];
  for (const recipient of await summaries.summaryRecipients(deps.store.db)) {
    // One manager's bad data or failed write must not cost everyone else their summary.
    try {
      if (!may(recipient.role, 'viewTeam', settingsOf(recipient.workspace).membersMay)) continue;
      const week = summaryDueWeek(now, recipient.user.timeZone);
      if (!week || (await summaries.hasSummary(deps.store.db, recipient.user.id, recipient.workspace.id, week))) continue;
      if (await enqueueSummary(deps, recipient, week, now)) queued += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} team summar(ies) could not be queued (${queued} were)`);
  return queued;
}

async function enqueueSummary(deps: ServiceDeps, { user, workspace }: summaries.SummaryRecipient, week: string, now: number): Promise<boolean> {
  const db = deps.store.db;
  const members = await teamMembers(db, workspace.id);
  const reported = reportedWeek(week);
  const figures = await figuresFor(db, workspace.id, members, reported, (m) => weekWindow(reported.from, m.timeZone, now), now);
  const { subject, text, html } = renderTeamSummary({
    managerName: user.name, workspaceName: workspace.name, week, members: figures.members, totals: figures.totals, baseUrl: deps.baseUrl,
  });
  const nowIso = formatInstant(now);
  const message: OutboxMessage = {
    id: newId(), workspaceId: workspace.id, contactId: null, userId: user.id, followUpId: null, enrollmentId: null, kind: 'team-summary',
    to: user.email, subject, text, html, headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
    status: 'queued', attempt: 0, leaseUntil: null, dueAt: nowIso, availableAt: nowIso, lastError: null, createdAt: nowIso, sentAt: null,
  };
  return db.transaction().execute(async (trx) => {
    const first = await summaries.insertSummary(trx, { userId: user.id, workspaceId: workspace.id, week, outboxId: message.id, createdAt: nowIso });
    if (first) await insertOutboxMessage(trx, message);
    return first;
  });
}

export async function summaryEnabled(deps: ServiceDeps, actor: Actor): Promise<boolean> {
  return summaries.wantsSummary(deps.store.db, actor.user.id);
}

export async function setSummaryEnabled(deps: ServiceDeps, actor: Actor, enabled: boolean): Promise<void> {
  await summaries.setSummaryOptOut(deps.store.db, actor.user.id, !enabled, formatInstant(deps.clock()));
}
