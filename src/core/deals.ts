import type { StageInput, StageKind } from '../shared/deals.js';
import { AppError } from './errors.js';
import type { Opportunity } from './types.js';

/**
 * The rules of deal stages (issue 16 item 1): what a workspace's stage list must hold, where a deal
 * stands, what it is worth weighted, and what moving it does. One place, called by API, CLI and web.
 */
export interface DealStage {
  id: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
}

/** Every new workspace starts with these. */
export const DEFAULT_STAGES: readonly Omit<DealStage, 'id' | 'position'>[] = [
  { name: 'Qualified', probability: 10, kind: 'open' },
  { name: 'Meeting held', probability: 30, kind: 'open' },
  { name: 'Proposal sent', probability: 60, kind: 'open' },
  { name: 'Negotiation', probability: 80, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
];

/** The status a deal in a stage of this kind has. */
export const statusOfStage = (kind: StageKind): Opportunity['status'] => kind;

/** Open stages in order, then won, then lost: the board's and the menus' order. */
export function boardOrder<S extends DealStage>(stages: readonly S[]): S[] {
  const rank = (s: S) => (s.kind === 'open' ? 0 : s.kind === 'won' ? 1 : 2);
  return [...stages].sort((a, b) => rank(a) - rank(b) || a.position - b.position);
}

/**
 * Where a deal stands. Its own stage when that stage agrees with its status; otherwise (a closed deal
 * whose stage was not set, a stage since removed) the first stage of its status's kind.
 */
export function stageOfDeal<S extends DealStage>(stages: readonly S[], deal: { stageId: string | null; status: Opportunity['status'] }): S | null {
  const own = stages.find((s) => s.id === deal.stageId);
  if (own && own.kind === deal.status) return own;
  return boardOrder(stages).find((s) => s.kind === deal.status) ?? null;
}

/** amount × probability, rounded to whole minor units. */
export function weightedAmount(amount: number | null, probability: number): number | null {
  return amount === null ? null : Math.round((amount * probability) / 100);
}

/**
 * A replacement stage list is valid when it names every stage, keeps ids of stages that exist, has at
 * least one open stage and exactly one won and one lost stage, and no two stages share a name.
 */
export function assertValidStages(input: readonly StageInput[], existingIds: ReadonlySet<string>): void {
  const seen = new Map<string, number>();
  input.forEach((stage, i) => {
    if (stage.id !== undefined && !existingIds.has(stage.id)) throw AppError.invalid(`stages.${i}.id`, 'no such stage in this workspace');
    const key = stage.name.toLowerCase();
    if (seen.has(key)) throw AppError.invalid(`stages.${i}.name`, `another stage is already called "${stage.name}"`);
    seen.set(key, i);
    if (stage.kind === 'won' && stage.probability !== 100) throw AppError.invalid(`stages.${i}.probability`, 'a won stage is 100');
    if (stage.kind === 'lost' && stage.probability !== 0) throw AppError.invalid(`stages.${i}.probability`, 'a lost stage is 0');
  });
  const ids = input.map((s) => s.id).filter((id): id is string => id !== undefined);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw AppError.invalid('stages', 'a stage appears twice');
  const count = (kind: StageKind) => input.filter((s) => s.kind === kind).length;
  if (count('open') === 0) throw AppError.invalid('stages', 'keep at least one open stage');
  if (count('won') !== 1) throw AppError.invalid('stages', 'keep exactly one won stage');
  if (count('lost') !== 1) throw AppError.invalid('stages', 'keep exactly one lost stage');
}

/**
 * The one closing rule, for a "yes" or "no" logged and for a deal moved to won or lost: the status
 * becomes its fate, with the touch it closed on and when.
 */
export function closedAs(o: Opportunity, fate: 'won' | 'lost', onTouch: number, atIso: string): Opportunity {
  return { ...o, status: fate, closedOnTouch: onTouch, closedAt: atIso };
}

/** Won and lost are final: a closed deal stays where it is. */
export function assertMovable(status: Opportunity['status']): void {
  if (status !== 'open') throw new AppError('conflict', `this deal is already ${status}; won and lost are final`, [{ path: 'stageId', message: `the deal is ${status}` }]);
}

export const NEXT_STEP_NEEDED = 'this deal has no agreed next step: agree one when you move it, or move it without one';

/** Moving an open deal between open stages needs an agreed next step, unless the mover says otherwise. */
export function assertNextStepAgreed(move: { to: StageKind; hasOpenFollowUp: boolean; nextStepGiven: boolean; withoutNextStep: boolean }): void {
  if (move.to !== 'open' || move.hasOpenFollowUp || move.nextStepGiven || move.withoutNextStep) return;
  throw new AppError('next-step-needed', NEXT_STEP_NEEDED, [{ path: 'nextStep', message: 'agree a next step, or send withoutNextStep: true' }]);
}
