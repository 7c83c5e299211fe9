/**
 * Demo data as pure functions: a workspace that looks lived in, planned from small word lists with a
 * seeded generator. The same seed and clock give the same people, companies and stories; nothing here
 * reads a clock or writes anything (src/demo/seedDemo.ts writes the stories through the services).
 */
import { AppError } from '../core/errors.js';
import { frameAt } from './frame.js';
import { makeCompanies, makePerson } from './people.js';
import { planStory } from './planStory.js';
import { Rng, streamSeed } from './random.js';
import { zonedAt } from './slots.js';
import { arcsFor, relationshipFor, type Story } from './story.js';

export type { Story, Step } from './story.js';

export interface DemoPlan {
  /** How many contacts: a whole number from 1 to 100000. */
  contacts: number;
  /** The same seed (and clock) gives the same data. */
  seed: number;
  now: number;
  /** The user's zone: what counts as today, and who is near enough for a coffee. */
  userZone: string;
}

/** Refuses a plan that cannot be made, before anything is written. */
export function checkDemoPlan(plan: Pick<DemoPlan, 'contacts' | 'seed'>): void {
  if (!Number.isInteger(plan.contacts) || plan.contacts < 1 || plan.contacts > 100_000) throw AppError.invalid('contacts', 'must be a whole number from 1 to 100000');
  if (!Number.isInteger(plan.seed)) throw AppError.invalid('seed', 'must be a whole number');
}

/**
 * Each contact's story, one at a time (a big demo is never all in memory). Today, overdue and a "no"
 * come first in the shares, so even a tiny demo shows them; the promises they agreed land in the
 * past (overdue), today, or the coming weeks.
 */
export function* demoStories(plan: DemoPlan): Generator<Story, void, undefined> {
  checkDemoPlan(plan);
  const { contacts: total, seed, now, userZone } = plan;
  const frame = frameAt(now, userZone);
  // Zone offsets at `now`, for "near": looked up once per zone of this plan.
  const offsets = new Map<string, number>();
  const offsetOf = (zone: string): number => {
    let offset = offsets.get(zone);
    if (offset === undefined) {
      offset = zonedAt(now, zone).offsetNanoseconds / 1e6;
      offsets.set(zone, offset);
    }
    return offset;
  };
  const userOffset = offsetOf(userZone);

  const master = new Rng(seed);
  const companies = makeCompanies(master, Math.min(550, Math.max(4, Math.ceil(total / 2))));
  const arcs = arcsFor(total, master);
  const emails = new Set<string>();
  for (let index = 0; index < total; index++) {
    const rng = new Rng(streamSeed(seed, index));
    const arc = arcs[index] ?? 'upcoming';
    const person = makePerson(rng, index, relationshipFor(rng, arc), companies, emails, offsetOf, userOffset);
    yield planStory(rng, person, arc, frame);
  }
}
