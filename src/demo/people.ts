/** Who the demo's contacts are: companies, people and the details their stories refer to. */
import type { ContactFields } from '../core/contacts.js';
import type { Channel, ReachableWindow, Relationship } from '../core/types.js';
import { HOUR } from './frame.js';
import { NAMES, PLACES, type Place } from './places.js';
import type { Rng } from './random.js';
import {
  APPROVERS, BUYING, COMPANY_WORDS, CONTACT_NOTES, DEPARTMENTS, EVENTS, FEATURES, INTERESTS, RIVALS, SECTORS, TITLES, TOOLS, WINDOWS,
} from './words.js';

export interface Company {
  name: string;
  domain: string;
  place: Place;
  sector: string;
}

export interface Person {
  index: number;
  first: string;
  fields: ContactFields & { name: string };
  zone: string;
  reachable: ReachableWindow[];
  preferred: Channel;
  relationship: Relationship;
  /** Within two hours of the user's zone: a coffee or a meeting is realistic. */
  near: boolean;
  company: Company;
  interests: string[];
  words: Words;
}

/** The details a story's text refers to, fixed per contact so the notes agree with each other. */
export type Words = {
  first: string;
  company: string;
  interest: string;
  dept: string;
  tool: string;
  rival: string;
  approver: string;
  event: string;
  feature: string;
  seats: number;
  otherCompany: string;
  introName: string;
};

export function makeCompanies(rng: Rng, count: number): Company[] {
  const seen = new Set<string>();
  const out: Company[] = [];
  const places = PLACES.map((p) => [p, p.weight] as const);
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const word = rng.pick(COMPANY_WORDS);
    const sector = rng.pick(SECTORS);
    const place = rng.weighted(places);
    const base = `${word} ${sector}`;
    if (seen.has(base)) continue;
    seen.add(base);
    const legal = rng.chance(0.4) ? rng.pick(place.legal) : '';
    out.push({ name: legal ? `${base} ${legal}` : base, domain: `${(word + sector).toLowerCase().replace(/[^a-z]/g, '')}.example`, place, sector });
  }
  return out;
}

const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

export function makePerson(
  rng: Rng, index: number, relationship: Relationship, companies: readonly Company[], emails: Set<string>,
  offsetOf: (zone: string) => number, userOffset: number,
): Person {
  const company = rng.pick(companies);
  const place = rng.chance(0.85) ? company.place : rng.pick(PLACES.filter((p) => p.region === company.place.region));
  const people = NAMES[place.culture];
  const first = rng.pick(people.first);
  const last = rng.pick(people.last);
  const name = `${first} ${last}`;
  let email = `${ascii(first)}.${ascii(last)}@${company.domain}`;
  for (let n = 2; emails.has(email); n++) email = `${ascii(first)}.${ascii(last)}${n}@${company.domain}`;
  emails.add(email);
  const [title, authority] = rng.pick(TITLES);
  const near = Math.abs(offsetOf(place.zone) - userOffset) <= 2 * HOUR;
  const preferred: Channel = near
    ? rng.weighted([['call', 35], ['video', 20], ['email', 15], ['meeting', 18], ['coffee', 12]])
    : rng.weighted([['call', 35], ['video', 40], ['email', 25]]);
  const interests = rng.sample(INTERESTS, rng.weighted([[1, 3], [2, 5], [3, 2]]));
  const words: Words = {
    first, company: company.name, interest: interests[0] ?? 'the rollout', dept: rng.pick(DEPARTMENTS), tool: rng.pick(TOOLS), rival: rng.pick(RIVALS),
    approver: rng.pick(APPROVERS), event: rng.pick(EVENTS), feature: rng.pick(FEATURES), seats: rng.pick([12, 15, 20, 25, 30, 40, 50, 60, 80, 120, 200]),
    otherCompany: rng.pick(companies).name, introName: `${rng.pick(people.first)} ${rng.pick(people.last)}`,
  };
  const reachable = rng.weighted(WINDOWS).map((w) => ({ ...w, days: [...w.days] }));
  const note = rng.chance(0.45) ? rng.pick(CONTACT_NOTES).replace('{rival}', words.rival).replace('{event}', words.event) : null;
  return {
    index, first, zone: place.zone, reachable, preferred, relationship, near, company, interests, words,
    fields: {
      name, email, phone: rng.chance(0.9) ? place.phone(rng) : null, company: company.name, title, timeZone: place.zone,
      preferredChannel: rng.chance(0.85) ? preferred : null, reachable, interests, relationship, authority,
      buyingProcess: relationship === 'prospect' || relationship === 'customer' ? (rng.chance(0.6) ? rng.pick(BUYING) : null) : null,
      notes: note,
    },
  };
}
