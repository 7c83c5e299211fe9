import { assertMovable, assertNextStepAgreed, boardOrder, closedAs, stageOfDeal, weightedAmount, type DealStage } from '../core/deals.js';
import { AppError } from '../core/errors.js';
import { forecast } from '../core/forecast.js';
import { formatInstant, todayIn } from '../core/time.js';
import type { Opportunity } from '../core/types.js';
import { BOARD_CLOSED_DAYS, DEFAULT_CURRENCY, type Board, type BoardCard, type DealFields, type DealPatch, type Forecast } from '../shared/deals.js';
import { listStages } from '../store/dealStages.js';
import * as deals from '../store/deals.js';
import type { BoardRow } from '../store/deals.js';
import type { Db } from '../store/db.js';
import { nextOpenFollowUps } from '../store/followUps.js';
import * as opportunities from '../store/opportunities.js';
import type { Actor, ServiceDeps } from './deps.js';
import { scheduleFollowUpWithin } from './followUps.js';
import { saveCustomFieldValues } from './customFieldValues.js';

const DAY_MS = 86_400_000;
const CARDS_PER_COLUMN = 200;

/** The deal fields of each opportunity, for responses. */
export async function dealFieldsOf(db: Db, workspaceId: string, list: readonly Opportunity[]): Promise<Map<string, DealFields>> {
  if (list.length === 0) return new Map();
  const [stages, values] = await Promise.all([listStages(db, workspaceId), deals.dealValuesOf(db, workspaceId, list.map((o) => o.id))]);
  return new Map(list.map((o) => {
    const value = values.get(o.id) ?? { stageId: null, amount: null, currency: DEFAULT_CURRENCY, expectedCloseDate: null };
    const stage = stageOfDeal(stages, { stageId: value.stageId, status: o.status });
    return [o.id, {
      stage: stage ? { id: stage.id, name: stage.name, probability: stage.probability, kind: stage.kind } : null,
      amount: value.amount, currency: value.currency, expectedCloseDate: value.expectedCloseDate,
      weightedAmount: weightedAmount(value.amount, stage?.probability ?? 0),
    }];
  }));
}

/**
 * Edits a deal: title, value, close date, stage. Moving an open deal to another open stage needs an
 * agreed next step — an open follow-up, one agreed now (`nextStep`, created in the same transaction by
 * the follow-up rules), or `withoutNextStep`. Moving to won or lost closes it by the closing rule.
 */
export async function patchDeal(deps: ServiceDeps, actor: Actor, id: string, patch: DealPatch): Promise<Opportunity> {
  const workspaceId = actor.workspace.id;
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    let o = await opportunities.findOpportunity(trx, workspaceId, id);
    if (!o) throw AppError.notFound('opportunity');
    await saveCustomFieldValues(trx, workspaceId, 'deal', id, patch.customFields);
    const stages = await listStages(trx, workspaceId);
    const value = (await deals.dealValuesOf(trx, workspaceId, [id])).get(id) ?? { stageId: null, amount: null, currency: DEFAULT_CURRENCY, expectedCloseDate: null };
    const current = stageOfDeal(stages, { stageId: value.stageId, status: o.status });
    let target: DealStage | undefined;
    if (patch.stageId !== undefined && patch.stageId !== current?.id) {
      target = stages.find((s) => s.id === patch.stageId);
      if (!target) throw AppError.invalid('stageId', 'no such stage in this workspace');
      assertMovable(o.status);
      assertNextStepAgreed({
        to: target.kind, hasOpenFollowUp: await deals.hasOpenFollowUp(trx, workspaceId, o.contactId),
        nextStepGiven: patch.nextStep !== undefined, withoutNextStep: patch.withoutNextStep === true,
      });
    }
    if (patch.nextStep) {
      await scheduleFollowUpWithin(trx, deps, actor, { ...patch.nextStep, contactId: o.contactId, opportunityId: o.id }, { source: 'agreement', path: 'nextStep.' });
    }
    if (patch.title !== undefined || (target && target.kind !== 'open')) {
      o = { ...o, title: patch.title ?? o.title };
      if (target && target.kind !== 'open') o = closedAs(o, target.kind, o.touches, nowIso);
      await opportunities.updateOpportunity(trx, o);
    }
    await deals.updateDealValue(trx, workspaceId, id, {
      stageId: target?.id ?? current?.id ?? value.stageId,
      amount: patch.amount === undefined ? value.amount : patch.amount,
      currency: patch.currency ?? value.currency,
      expectedCloseDate: patch.expectedCloseDate === undefined ? value.expectedCloseDate : patch.expectedCloseDate,
    });
    return o;
  });
}

/** The board: one column per stage (open ones, then won and lost with the deals closed lately). */
export async function dealBoard(deps: ServiceDeps, actor: Actor): Promise<Board> {
  const db = deps.store.db;
  const workspaceId = actor.workspace.id;
  const closedSince = formatInstant(deps.clock() - BOARD_CLOSED_DAYS * DAY_MS);
  const [stages, rows] = await Promise.all([listStages(db, workspaceId), deals.boardRows(db, workspaceId, closedSince)]);
  const columns = boardOrder(stages).map((stage) => ({ stage, count: 0, totals: [] as { currency: string; amount: number }[], rows: [] as BoardRow[] }));
  for (const row of rows) {
    const stage = stageOfDeal(stages, { stageId: row.stageId, status: row.status });
    const column = columns.find((c) => c.stage.id === stage?.id);
    if (!column) continue;
    column.count += 1;
    if (row.amount !== null) {
      const total = column.totals.find((t) => t.currency === row.currency);
      if (total) total.amount += row.amount;
      else column.totals.push({ currency: row.currency, amount: row.amount });
    }
    if (column.rows.length < CARDS_PER_COLUMN) column.rows.push(row);
  }
  // Next steps only for the cards shown: a bounded list of contacts, whatever the size of the pipeline.
  const shownOpen = columns.flatMap((c) => c.rows).filter((r) => r.status === 'open').map((r) => r.contactId);
  const next = await nextOpenFollowUps(db, workspaceId, [...new Set(shownOpen)]);
  const cardOf = (row: BoardRow): BoardCard => {
    const step = row.status === 'open' ? next.get(row.contactId) ?? null : null;
    return {
      id: row.id, title: row.title, contactId: row.contactId, contactName: row.contactName, contactTimeZone: row.contactTimeZone, company: row.company,
      ownerId: row.ownerId, ownerName: row.ownerName, amount: row.amount, currency: row.currency, expectedCloseDate: row.expectedCloseDate,
      status: row.status, closedAt: row.closedAt,
      nextStep: step ? { id: step.id, dueAt: step.dueAt, dueLocal: step.dueLocal, allDay: step.allDay, channel: step.channel, agenda: step.agenda } : null,
      stalled: row.status === 'open' && step === null,
    };
  };
  return { columns: columns.map(({ rows: shown, ...column }) => ({ ...column, cards: shown.map(cardOf) })), closedDays: BOARD_CLOSED_DAYS };
}

/** The weighted forecast from this month (in the workspace's zone) for `months` months. */
export async function dealForecast(deps: ServiceDeps, actor: Actor, months: number): Promise<Forecast> {
  const db = deps.store.db;
  const [stages, values] = await Promise.all([listStages(db, actor.workspace.id), deals.openDealValues(db, actor.workspace.id)]);
  const fromMonth = todayIn(deps.clock(), actor.workspace.timeZone).slice(0, 7);
  return forecast(values.map((v) => ({
    amount: v.amount, currency: v.currency, expectedCloseDate: v.expectedCloseDate,
    probability: stageOfDeal(stages, { stageId: v.stageId, status: 'open' })?.probability ?? 0,
  })), fromMonth, months);
}
