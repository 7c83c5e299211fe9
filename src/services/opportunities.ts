import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import type { FollowUp, Opportunity } from '../core/types.js';
import { DEFAULT_CURRENCY, type DealFields } from '../shared/deals.js';
import * as deals from '../store/deals.js';
import { nextOpenFollowUps } from '../store/followUps.js';
import { newId } from '../store/ids.js';
import * as opportunities from '../store/opportunities.js';
import { requireContact } from './guards.js';
import { dealFieldsOf } from './deals.js';
import type { Actor, ServiceDeps } from './deps.js';
import { saveCustomFieldValues, withCustomFields, withCustomFieldsOne } from './customFieldValues.js';
import type { CustomFieldValuesInput } from '../shared/customFields.js';

export interface PipelineEntry extends Opportunity, Partial<DealFields> {
  stalled: boolean;
  nextFollowUp: FollowUp | null;
}

type DealValueInput = { amount?: number | null | undefined; currency?: string | undefined; expectedCloseDate?: string | null | undefined; customFields?: CustomFieldValuesInput | undefined };

export async function createOpportunity(deps: ServiceDeps, actor: Actor, input: { contactId: string; title: string } & DealValueInput): Promise<PipelineEntry> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const contact = await requireContact(trx, actor, input.contactId);
    if (await opportunities.openOpportunityOf(trx, actor.workspace.id, contact.id)) {
      throw new AppError('conflict', 'this contact already has an open opportunity', [{ path: 'contactId', message: 'already has an open opportunity' }]);
    }
    const opportunity: Opportunity = {
      id: newId(), workspaceId: actor.workspace.id, contactId: contact.id, ownerId: actor.user.id, title: input.title,
      status: 'open', touches: 0, closedOnTouch: null, createdAt: nowIso, closedAt: null,
    };
    await opportunities.insertOpportunity(trx, opportunity);
    await saveCustomFieldValues(trx, actor.workspace.id, 'deal', opportunity.id, input.customFields);
    if (input.amount != null || input.currency !== undefined || input.expectedCloseDate != null) {
      const value = (await deals.dealValuesOf(trx, actor.workspace.id, [opportunity.id])).get(opportunity.id);
      await deals.updateDealValue(trx, actor.workspace.id, opportunity.id, {
        stageId: value?.stageId ?? null, amount: input.amount ?? null, currency: input.currency ?? value?.currency ?? DEFAULT_CURRENCY, expectedCloseDate: input.expectedCloseDate ?? null,
      });
    }
    const fields = (await dealFieldsOf(trx, actor.workspace.id, [opportunity])).get(opportunity.id);
    return withCustomFieldsOne(trx, actor.workspace.id, 'deal', { ...opportunity, ...fields, stalled: true, nextFollowUp: null });
  });
}

/** Opportunities with their next step; the stalled ones (no open follow-up) are flagged. */
export async function listPipeline(deps: ServiceDeps, actor: Actor, filter: opportunities.OpportunityFilter) {
  const page = await opportunities.listOpportunities(deps.store.db, actor.workspace.id, filter);
  const ids = page.items.map((o) => o.id);
  const stalled = await opportunities.stalledOpportunityIds(deps.store.db, actor.workspace.id, ids);
  const next = await nextOpenFollowUps(deps.store.db, actor.workspace.id, page.items.map((o) => o.contactId));
  const fields = await dealFieldsOf(deps.store.db, actor.workspace.id, page.items);
  const items: PipelineEntry[] = page.items.map((o) => ({ ...o, ...fields.get(o.id), stalled: stalled.has(o.id), nextFollowUp: o.status === 'open' ? next.get(o.contactId) ?? null : null }));
  items.sort((a, b) => Number(b.stalled) - Number(a.stalled));
  return { items: await withCustomFields(deps.store.db, actor.workspace.id, 'deal', items), nextCursor: page.nextCursor };
}

export async function getOpportunity(deps: ServiceDeps, actor: Actor, id: string): Promise<PipelineEntry> {
  const o = await opportunities.findOpportunity(deps.store.db, actor.workspace.id, id);
  if (!o) throw AppError.notFound('opportunity');
  const page = await listPipeline(deps, actor, { contactId: o.contactId, limit: 500 });
  const found = page.items.find((x) => x.id === id);
  return found ?? withCustomFieldsOne(deps.store.db, actor.workspace.id, 'deal', { ...o, ...(await dealFieldsOf(deps.store.db, actor.workspace.id, [o])).get(o.id), stalled: false, nextFollowUp: null });
}
