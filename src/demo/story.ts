/**
 * The shape of a contact's story, and the building blocks that write its steps in order: what
 * happened (touches logged, follow-ups scheduled, fields updated), each at a moment no earlier than
 * the one before it.
 */
import type { ContactFields } from '../core/contacts.js';
import type { FollowUpRequest } from '../core/followUps.js';
import type { CanBuy, Channel, Direction, InteractionResult, InterestLevel, OutcomeType, Relationship } from '../core/types.js';
import { MINUTE, type Frame } from './frame.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';

export interface LogStep {
  type: 'log';
  at: number;
  loggedAt: number;
  channel: Channel;
  result: InteractionResult | null;
  direction: Direction;
  notes: string;
  changed: string | null;
  outcome?: { type: OutcomeType; next?: FollowUpRequest };
  /** Fulfils the contact's open follow-up (the agreed one, or a retry). */
  fulfils: boolean;
}
export interface ScheduleStep { type: 'schedule'; at: number; request: FollowUpRequest }
export interface UpdateStep { type: 'update'; at: number; fields: ContactFields }
export type Step = LogStep | ScheduleStep | UpdateStep;

export interface Story {
  person: Person;
  fields: ContactFields & { name: string };
  createdAt: number;
  steps: Step[];
}

export type Arc = 'today' | 'overdue' | 'upcoming' | 'won' | 'lost' | 'stalled' | 'hard-to-reach' | 'new';

/** Shares of each arc; today, overdue and a "no" come first so even a tiny demo shows them. */
export function arcsFor(n: number, rng: Rng): Arc[] {
  const plan: [Arc, number][] = [
    ['today', Math.max(1, Math.round(n * 0.035))],
    ['overdue', Math.max(1, Math.round(n * 0.027))],
    ['lost', Math.max(1, Math.round(n * 0.08))],
    ['stalled', Math.max(1, Math.round(n * 0.05))],
    ['won', Math.max(1, Math.round(n * 0.1))],
    ['hard-to-reach', Math.round(n * 0.05)],
    ['new', Math.round(n * 0.07)],
  ];
  const arcs: Arc[] = [];
  for (const [arc, count] of plan) for (let i = 0; i < count && arcs.length < n; i++) arcs.push(arc);
  while (arcs.length < n) arcs.push('upcoming');
  rng.shuffle(arcs);
  return arcs;
}

export function relationshipFor(rng: Rng, arc: Arc): Relationship {
  switch (arc) {
    case 'won': case 'hard-to-reach': return 'prospect';
    case 'new': return rng.weighted([['prospect', 9], ['referral-source', 1]]);
    case 'lost': return rng.weighted([['prospect', 17], ['customer', 3]]);
    case 'stalled': return rng.weighted([['prospect', 4], ['customer', 1]]);
    default: return rng.weighted([['prospect', 55], ['customer', 25], ['referral-source', 12], ['partner', 8]]);
  }
}

export function qualificationFor(rng: Rng, arc: Arc, relationship: Relationship): { interest: InterestLevel; canBuy: CanBuy } {
  if (relationship === 'customer' || arc === 'won') return { interest: 'real', canBuy: 'yes' };
  if (relationship !== 'prospect') return { interest: rng.weighted([['real', 3], ['unknown', 2]]), canBuy: 'unknown' };
  if (arc === 'new') return { interest: 'unknown', canBuy: 'unknown' };
  if (arc === 'lost') return { interest: rng.weighted([['passing', 4], ['real', 3], ['unknown', 3]]), canBuy: rng.weighted([['no', 1], ['unknown', 2], ['yes', 1]]) };
  return {
    interest: rng.weighted([['real', 55], ['unknown', 30], ['passing', 15]]),
    canBuy: rng.weighted([['yes', 45], ['unknown', 45], ['no', 10]]),
  };
}


export interface Planner {
  rng: Rng;
  p: Person;
  f: Frame;
  steps: Step[];
  /** When the last step was written: later steps never go back in time. */
  clock: number;
}

/** A touch, written up a few minutes later (a conversation takes longer to write up). Returns when. */
export function log(pl: Planner, step: Omit<LogStep, 'type' | 'loggedAt'>): number {
  const writeUp = step.outcome ? pl.rng.int(5, 40) : pl.rng.int(1, 4);
  const loggedAt = Math.min(pl.f.now, Math.max(step.at + writeUp * MINUTE, pl.clock));
  pl.steps.push({ type: 'log', loggedAt, ...step });
  pl.clock = loggedAt;
  return loggedAt;
}

export function schedule(pl: Planner, request: FollowUpRequest): void {
  const at = Math.min(pl.f.now, pl.clock + MINUTE);
  pl.steps.push({ type: 'schedule', at, request });
  pl.clock = at;
}

export function update(pl: Planner, fields: ContactFields, after: number): void {
  const at = Math.min(pl.f.now, Math.max(after, pl.clock + MINUTE));
  pl.steps.push({ type: 'update', at, fields });
  pl.clock = at;
}
