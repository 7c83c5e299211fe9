/**
 * `followthrough demo`: a workspace that looks lived in. Contacts around the world, ~120 days of
 * touches logged through the same services a salesperson uses (so every rule holds: conversations
 * end in an outcome, agreed next steps become promises, a "no" stops everything), and an agenda
 * with promises due today, some overdue and more in the coming weeks.
 *
 * Everything is generated from small word lists with a seeded PRNG: the same seed and the same
 * clock give the same people, companies and stories (ids are random, as always).
 * Demo emails use the reserved `.example` top-level domain, so nothing can ever be delivered.
 */
import { updateWorkspaceSettings } from '../store/accounts.js';
import { settingsOf } from './workspaceRules.js';
import { Temporal } from 'temporal-polyfill';
import type { ContactFields } from '../core/contacts.js';
import { AppError } from '../core/errors.js';
import type { FollowUpRequest } from '../core/followUps.js';
import { dayRange, formatInstant, resolveDue, todayIn } from '../core/time.js';
import type {
  CanBuy, Channel, Direction, FollowUpKind, InteractionResult, InterestLevel, OutcomeType, ReachableWindow, Relationship,
} from '../core/types.js';
import { agendaFor } from './agenda.js';
import { createContact, listContacts, updateContact } from './contacts.js';
import type { Transaction } from 'kysely';
import type { Store } from '../store/connect.js';
import type { Database } from '../store/schema.js';
import type { Actor, ServiceDeps } from './deps.js';
import { scheduleFollowUp } from './followUps.js';
import { logInteraction } from './logInteraction.js';

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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 120;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: tiny, fast and good enough for demo data. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Inclusive on both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('demo: pick from an empty list');
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('demo: weighted pick from an empty list');
    return last[0];
  }
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    this.shuffle(pool);
    return pool.slice(0, k);
  }
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
  }
}

/** One independent stream per contact, so a story does not depend on the ones before it. */
function streamSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Word lists

type Region = 'na' | 'latam' | 'uk' | 'eu' | 'mea' | 'india' | 'apac' | 'anz';
type Culture = 'na' | 'br' | 'latam' | 'gb' | 'ie' | 'fr' | 'de' | 'es' | 'nl' | 'se' | 'ae' | 'za' | 'in' | 'sg' | 'jp' | 'hk' | 'au' | 'nz';

interface Place {
  zone: string;
  region: Region;
  /** Whose names people there mostly have. */
  culture: Culture;
  weight: number;
  legal: readonly string[];
  phone: (rng: Rng) => string;
}

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

// North American numbers use the 555-01xx range reserved for fiction; UK 07700 900xxx and
// Australian 0491 570xxx are the regulators' drama ranges.
const nanp = (area: string) => (rng: Rng) => `+1 ${area} 555 01${digits(rng, 2)}`;
const PLACES: readonly Place[] = [
  { zone: 'America/New_York', region: 'na', culture: 'na', weight: 9, legal: ['Inc.', 'LLC', ''], phone: nanp('212') },
  { zone: 'America/Chicago', region: 'na', culture: 'na', weight: 6, legal: ['Inc.', 'LLC', ''], phone: nanp('312') },
  { zone: 'America/Denver', region: 'na', culture: 'na', weight: 3, legal: ['Inc.', ''], phone: nanp('303') },
  { zone: 'America/Phoenix', region: 'na', culture: 'na', weight: 2, legal: ['Inc.', ''], phone: nanp('602') },
  { zone: 'America/Los_Angeles', region: 'na', culture: 'na', weight: 8, legal: ['Inc.', ''], phone: nanp('415') },
  { zone: 'America/Toronto', region: 'na', culture: 'na', weight: 4, legal: ['Inc.', 'Ltd.'], phone: nanp('416') },
  { zone: 'America/Vancouver', region: 'na', culture: 'na', weight: 2, legal: ['Ltd.', ''], phone: nanp('604') },
  { zone: 'America/Sao_Paulo', region: 'latam', culture: 'br', weight: 3, legal: ['Ltda'], phone: (r) => `+55 11 9${digits(r, 4)}-${digits(r, 4)}` },
  { zone: 'America/Mexico_City', region: 'latam', culture: 'latam', weight: 2, legal: ['S.A. de C.V.'], phone: (r) => `+52 55 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'America/Bogota', region: 'latam', culture: 'latam', weight: 1, legal: ['S.A.S.'], phone: (r) => `+57 310 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Europe/London', region: 'uk', culture: 'gb', weight: 9, legal: ['Ltd'], phone: (r) => `+44 7700 900${digits(r, 3)}` },
  { zone: 'Europe/Dublin', region: 'uk', culture: 'ie', weight: 2, legal: ['Ltd'], phone: (r) => `+353 85 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Europe/Paris', region: 'eu', culture: 'fr', weight: 4, legal: ['SAS'], phone: (r) => `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Europe/Berlin', region: 'eu', culture: 'de', weight: 5, legal: ['GmbH'], phone: (r) => `+49 151 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Europe/Madrid', region: 'eu', culture: 'es', weight: 2, legal: ['S.L.'], phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
  { zone: 'Europe/Amsterdam', region: 'eu', culture: 'nl', weight: 3, legal: ['B.V.'], phone: (r) => `+31 6 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Europe/Stockholm', region: 'eu', culture: 'se', weight: 2, legal: ['AB'], phone: (r) => `+46 70 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Europe/Zurich', region: 'eu', culture: 'de', weight: 1, legal: ['AG'], phone: (r) => `+41 79 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Asia/Dubai', region: 'mea', culture: 'ae', weight: 2, legal: ['LLC', 'FZ-LLC'], phone: (r) => `+971 50 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Africa/Johannesburg', region: 'mea', culture: 'za', weight: 1, legal: ['(Pty) Ltd'], phone: (r) => `+27 82 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Asia/Kolkata', region: 'india', culture: 'in', weight: 7, legal: ['Pvt Ltd'], phone: (r) => `+91 98${digits(r, 3)} ${digits(r, 5)}` },
  { zone: 'Asia/Singapore', region: 'apac', culture: 'sg', weight: 3, legal: ['Pte Ltd'], phone: (r) => `+65 9${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Asia/Tokyo', region: 'apac', culture: 'jp', weight: 2, legal: ['K.K.'], phone: (r) => `+81 90 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Asia/Hong_Kong', region: 'apac', culture: 'hk', weight: 1, legal: ['Ltd'], phone: (r) => `+852 9${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Australia/Sydney', region: 'anz', culture: 'au', weight: 5, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Australia/Melbourne', region: 'anz', culture: 'au', weight: 3, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Australia/Brisbane', region: 'anz', culture: 'au', weight: 1, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Pacific/Auckland', region: 'anz', culture: 'nz', weight: 2, legal: ['Ltd'], phone: (r) => `+64 21 ${digits(r, 3)} ${digits(r, 4)}` },
];

const names = (first: string, last: string) => ({ first: first.split(','), last: last.split(',') });
const NAMES: Record<Culture, { first: readonly string[]; last: readonly string[] }> = {
  na: names(
    'Dana,Marcus,Jordan,Alicia,Kevin,Rachel,Tom,Megan,Luis,Sarah,Derek,Jasmine,Brian,Hannah,Carlos,Emily,Nate,Grace,Ethan,Maya,Ryan,Lauren,Tyrone,Kelsey,Priya,Wei',
    'Lee,Johnson,Patel,Nguyen,Garcia,Miller,Okafor,Brooks,Kim,Sullivan,Reyes,Carter,Walsh,Chen,Bennett,Morales,Foster,Hughes,Schwartz,Coleman',
  ),
  br: names('Ana,João,Mateus,Fernanda,Rafael,Mariana,Pedro,Beatriz,Thiago,Larissa', 'Silva,Oliveira,Souza,Costa,Pereira,Rocha,Almeida,Ferreira,Carvalho,Lima'),
  latam: names('Lucía,Diego,Camila,Andrés,Valentina,Santiago,Daniela,Javier,Sofía,Alejandro', 'Hernández,Ramírez,Gómez,Castillo,Torres,Vargas,Mendoza,Ruiz,Ortega,Cruz'),
  gb: names('Oliver,Charlotte,Harry,Amelia,Callum,James,Fiona,Rhys,Priya,Imogen,Tom,Hannah', 'Taylor,Evans,Walker,Wright,Thompson,Khan,Hughes,Clarke,Fletcher,Davies,Ahmed,Roberts'),
  ie: names('Siobhan,Niamh,Declan,Ciara,Conor,Aoife,Seán,Orla', "Murphy,O'Brien,Byrne,Kelly,Walsh,Doyle,Ryan,O'Connor"),
  fr: names('Camille,Julien,Inès,Thomas,Chloé,Antoine,Léa,Nicolas,Manon,Hugo', 'Martin,Dubois,Moreau,Lefèvre,Laurent,Girard,Bonnet,Fontaine,Rousseau,Mercier'),
  de: names('Lukas,Anke,Jonas,Clara,Felix,Laura,Tobias,Katrin,Maximilian,Sabine', 'Müller,Schneider,Keller,Fischer,Weber,Becker,Hoffmann,Wagner,Schäfer,Koch'),
  es: names('Pablo,Marta,Elena,Javier,Lucía,Sergio,Carmen,Álvaro,Nuria,Raúl', 'García,Fernández,López,Martínez,Sánchez,Romero,Navarro,Jiménez,Moreno,Serrano'),
  nl: names('Sanne,Daan,Lotte,Bram,Femke,Joris,Eva,Ruben,Anouk,Thijs', 'de Vries,Jansen,Bakker,Visser,Smit,de Jong,van Dijk,Mulder,Bos,Vos'),
  se: names('Erik,Ingrid,Astrid,Oskar,Elin,Johan,Maja,Anders,Freja,Linnea', 'Lindqvist,Berg,Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Holm,Sandberg'),
  ae: names('Omar,Layla,Farah,Youssef,Noura,Karim,Hessa,Rashid', 'Haddad,Al Mansouri,Khalil,Rahman,Saleh,Al Suwaidi,Nasser,Hamdan'),
  za: names('Thandi,Sipho,Lerato,Pieter,Naledi,Johan,Zanele,Ruan', 'Nkosi,Dlamini,Botha,van der Merwe,Mokoena,Naidoo,Pretorius,Khumalo'),
  in: names('Arjun,Priya,Rahul,Ananya,Vikram,Kavya,Rohan,Meera,Sanjay,Divya,Aditya,Neha', 'Sharma,Iyer,Banerjee,Reddy,Gupta,Mukherjee,Nair,Chatterjee,Desai,Rao'),
  sg: names('Wei,Jun,Darren,Mei,Ravi,Siti,Marcus,Xin,Farid,Joanne', 'Tan,Lim,Ng,Chua,Goh,Wong,Rahman,Teo,Koh,Pillai'),
  jp: names('Hiroshi,Yuki,Kenji,Aiko,Sakura,Takeshi,Haruka,Daisuke,Emi,Ren', 'Tanaka,Sato,Nakamura,Suzuki,Takahashi,Watanabe,Ito,Yamamoto,Kobayashi,Kato'),
  hk: names('Karen,Wing,Ethan,Mandy,Kelvin,Cheuk,Vivian,Alvin', 'Chan,Wong,Leung,Ho,Cheung,Lau,Yip,Tsang'),
  au: names('Liam,Chloe,Jack,Isla,Mitchell,Zoe,Lachlan,Ruby,Brooke,Hamish', 'Smith,Williams,Campbell,Kelly,Anderson,Robertson,McKenzie,Harris,Nguyen,Papadopoulos'),
  nz: names('Aroha,Tane,Hamish,Ruby,Mere,Sam,Kiri,Olivia', 'Ngata,Parata,Smith,Wilson,Tipene,Harris,Walker,Te Whata'),
};

const COMPANY_WORDS = [
  'Northwind', 'Bluefin', 'Kestrel', 'Harbor', 'Summit', 'Copperleaf', 'Brightline', 'Ironbark', 'Lumen', 'Meridian',
  'Granite', 'Tidewater', 'Redwood', 'Pinecrest', 'Silverline', 'Foxglove', 'Beacon', 'Atlas', 'Juniper', 'Halcyon',
  'Clearwater', 'Quarry', 'Orchard', 'Keystone', 'Larkspur', 'Sable', 'Wren', 'Alder', 'Cobalt', 'Saffron',
];
const SECTORS = [
  'Logistics', 'Health', 'Analytics', 'Labs', 'Foods', 'Legal', 'Dental Group', 'Robotics', 'Insurance', 'Capital',
  'Freight', 'Energy', 'Software', 'Clinics', 'Hotels', 'Learning', 'Manufacturing', 'Retail', 'Biotech', 'Architects',
];
const TITLES: readonly (readonly [string, string])[] = [
  ['Founder & CEO', 'Signs off; decides alone under $50k'],
  ['COO', 'Signs off'],
  ['CFO', 'Signs off; cares about payback period'],
  ['VP Sales', 'Budget owner up to $40k'],
  ['Head of Operations', 'Champion; COO signs'],
  ['Director of IT', 'Can veto on security'],
  ['Head of Customer Success', 'Champion; CFO signs'],
  ['RevOps Manager', 'Influencer; reports to VP Sales'],
  ['Procurement Lead', 'Runs the process, not the decision'],
  ['Head of People', 'Budget owner for onboarding tools'],
  ['Practice Manager', 'Decides with the partners'],
  ['Operations Manager', 'Influencer; needs COO sign-off'],
  ['Sales Director', 'Budget owner; wants a pilot first'],
  ['IT Manager', 'Technical evaluator'],
];
const DEPARTMENTS = ['sales', 'operations', 'customer success', 'finance', 'IT', 'HR'];
const INTERESTS = [
  'cutting onboarding time', 'SOC 2 audit', 'renewal pricing', 'SSO and SCIM', 'reporting for the board', 'fewer no-shows',
  'data residency in the EU', 'Salesforce integration', 'faster month-end close', 'multi-site rollout', 'replacing spreadsheets',
  'API access', 'training new hires', 'support SLAs', 'HIPAA compliance', 'reducing churn', 'mobile app for field staff',
  'per-seat cost', 'migrating off their legacy CRM', 'Xero integration',
];
const BUYING = [
  'CFO signs off anything over $25k; procurement wants a security questionnaire',
  'Founder decides; pays by card, monthly',
  'Annual budget set in October; needs IT and Legal review',
  'Pilot with one team first, then a 3-year contract',
  'Committee of three: COO, IT Manager, Finance',
  'Purchase order through the procurement portal; net-60 terms',
  'Renewal decided by the Head of Ops, 60 days before term ends',
];
/** How they keep track today, and who we compete with. */
const TOOLS = ['spreadsheets', 'HubSpot', 'Salesforce', 'Pipedrive', 'Zoho', 'an in-house tool', 'Outlook reminders'];
const RIVALS = ['HubSpot', 'Salesforce', 'Pipedrive', 'Zoho', 'Close', 'Outreach'];
const APPROVERS = ['their CFO', 'the COO', 'the founder', 'procurement', 'the VP Finance'];
const EVENTS = ['SaaStr', 'Web Summit', 'a partner dinner', 'the chamber of commerce breakfast', 'a RevOps meetup', 'the HR Tech expo'];
const FEATURES = ['agenda view', 'playbooks', 'iCal feed', 'SSO', 'promise-kept report', 'CSV import', 'REST API'];
const CONTACT_NOTES = [
  'Prefers mornings; hates long decks — keep it to one page.',
  'Ex-{rival} admin; knows the space well.',
  'Big cycling fan — ask about the weekend ride.',
  'Assistant manages the calendar; copy them on invites.',
  'Met at {event}.',
  'Reads email late evening; replies are short but fast.',
  'Wants numbers, not adjectives.',
];

const SLOTS = ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00'];
const WINDOWS: readonly (readonly [ReachableWindow[], number])[] = [
  [[{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }], 10],
  [[{ days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' }, { days: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' }], 3],
  [[{ days: [1, 2, 3, 4], from: '10:00', to: '16:00' }], 2],
  [[{ days: [2, 4], from: '13:00', to: '17:30' }], 1],
  [[{ days: [1, 3, 5], from: '08:30', to: '11:30' }], 1],
  [[{ days: [1, 2, 3, 4, 5], from: '07:30', to: '10:00' }, { days: [1, 2, 3, 4, 5], from: '16:00', to: '18:00' }], 1],
];

// ---------------------------------------------------------------------------------------------
// Who

interface Company {
  name: string;
  domain: string;
  place: Place;
  sector: string;
}

interface Person {
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
type Words = {
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

function makeCompanies(rng: Rng, count: number): Company[] {
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

function makePerson(
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

// ---------------------------------------------------------------------------------------------
// When: round wall times inside the contact's reachable windows

interface Slot {
  ms: number;
  /** YYYY-MM-DDTHH:mm in the contact's zone, as the client agreed it. */
  local: string;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function slotTimes(day: Temporal.PlainDate, windows: readonly ReachableWindow[]): string[] {
  return SLOTS.filter((s) => windows.some((w) => w.days.includes(day.dayOfWeek) && minutesOf(s) >= minutesOf(w.from) && minutesOf(s) + 30 <= minutesOf(w.to)));
}

function slotOf(day: Temporal.PlainDate, hhmm: string, zone: string): Slot {
  const local = `${day.toString()}T${hhmm}`;
  const ms = Temporal.PlainDateTime.from(local).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
  return { ms, local };
}

const zonedAt = (ms: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);

/** A reachable slot at or before `bound`, on the latest day that has one. */
function slotOnOrBefore(rng: Rng, p: Person, bound: number): Slot {
  const at = zonedAt(bound, p.zone);
  let day = at.toPlainDate();
  const boundTime = at.toPlainTime().toString({ smallestUnit: 'minute' });
  for (let i = 0; i < 21; i++, day = day.subtract({ days: 1 })) {
    const times = slotTimes(day, p.reachable).filter((t) => i > 0 || t <= boundTime);
    if (times.length === 0) continue;
    const slot = slotOf(day, rng.pick(times), p.zone);
    if (slot.ms <= bound) return slot;
  }
  return { ms: bound, local: at.toPlainDateTime().toString({ smallestUnit: 'minute' }) };
}

/** A reachable slot at or after `from`, on the first day that has one. */
function slotOnOrAfter(rng: Rng, p: Person, from: number): Slot {
  const at = zonedAt(from, p.zone);
  let day = at.toPlainDate();
  const fromTime = at.toPlainTime().toString({ smallestUnit: 'minute' });
  for (let i = 0; i < 21; i++, day = day.add({ days: 1 })) {
    const times = slotTimes(day, p.reachable).filter((t) => i > 0 || t >= fromTime);
    if (times.length === 0) continue;
    const slot = slotOf(day, rng.pick(times), p.zone);
    if (slot.ms >= from) return slot;
  }
  return { ms: from, local: at.toPlainDateTime().toString({ smallestUnit: 'minute' }) };
}

/** What "now" means for the plan: the real clock, the user's zone and their today. */
interface Frame {
  now: number;
  userZone: string;
  today: string;
  todayStart: number;
  todayEnd: number;
  earliest: number;
}

/** A slot inside the user's today: reachable if possible, else office hours, else all day. */
function slotToday(rng: Rng, p: Person, f: Frame): Slot | { date: string } {
  const days = [-1, 0, 1].map((d) => Temporal.PlainDate.from(f.today).add({ days: d }));
  const inToday = (s: Slot) => s.ms >= f.todayStart && s.ms < f.todayEnd;
  const reachable = days.flatMap((d) => slotTimes(d, p.reachable).map((t) => slotOf(d, t, p.zone))).filter(inToday);
  if (reachable.length) return rng.pick(reachable);
  const office = days.flatMap((d) => SLOTS.map((t) => slotOf(d, t, p.zone))).filter(inToday);
  if (office.length) return rng.pick(office);
  return { date: f.today };
}

function slotUpcoming(rng: Rng, p: Person, f: Frame, minDays: number, maxDays: number): Slot {
  return slotOnOrAfter(rng, p, Math.max(f.todayEnd, f.todayStart + rng.int(minDays, maxDays) * DAY));
}

function slotOverdue(rng: Rng, p: Person, f: Frame): Slot {
  return slotOnOrBefore(rng, p, f.todayStart - rng.int(0, 4) * DAY - MINUTE);
}

/** `count` conversation slots, oldest first, ending with `last`, a few days to two weeks apart. */
function chainEndingAt(rng: Rng, p: Person, f: Frame, last: Slot, count: number): Slot[] {
  const out = [last];
  while (out.length < count) {
    const first = out[0] as Slot;
    const prev = slotOnOrBefore(rng, p, first.ms - rng.int(3, 16) * DAY);
    if (prev.ms < f.earliest) break;
    out.unshift(prev);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What happened: the steps of one contact's story

interface LogStep {
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
interface ScheduleStep { type: 'schedule'; at: number; request: FollowUpRequest }
interface UpdateStep { type: 'update'; at: number; fields: ContactFields }
type Step = LogStep | ScheduleStep | UpdateStep;

interface Story {
  person: Person;
  fields: ContactFields & { name: string };
  createdAt: number;
  steps: Step[];
}

type Arc = 'today' | 'overdue' | 'upcoming' | 'won' | 'lost' | 'stalled' | 'hard-to-reach' | 'new';

/** Shares of each arc; today, overdue and a "no" come first so even a tiny demo shows them. */
function arcsFor(n: number, rng: Rng): Arc[] {
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

function relationshipFor(rng: Rng, arc: Arc): Relationship {
  switch (arc) {
    case 'won': case 'hard-to-reach': return 'prospect';
    case 'new': return rng.weighted([['prospect', 9], ['referral-source', 1]]);
    case 'lost': return rng.weighted([['prospect', 17], ['customer', 3]]);
    case 'stalled': return rng.weighted([['prospect', 4], ['customer', 1]]);
    default: return rng.weighted([['prospect', 55], ['customer', 25], ['referral-source', 12], ['partner', 8]]);
  }
}

function qualificationFor(rng: Rng, arc: Arc, relationship: Relationship): { interest: InterestLevel; canBuy: CanBuy } {
  if (relationship === 'customer' || arc === 'won') return { interest: 'real', canBuy: 'yes' };
  if (relationship !== 'prospect') return { interest: rng.weighted([['real', 3], ['unknown', 2]]), canBuy: 'unknown' };
  if (arc === 'new') return { interest: 'unknown', canBuy: 'unknown' };
  if (arc === 'lost') return { interest: rng.weighted([['passing', 4], ['real', 3], ['unknown', 3]]), canBuy: rng.weighted([['no', 1], ['unknown', 2], ['yes', 1]]) };
  return {
    interest: rng.weighted([['real', 55], ['unknown', 30], ['passing', 15]]),
    canBuy: rng.weighted([['yes', 45], ['unknown', 45], ['no', 10]]),
  };
}

/** Fills {placeholders} from the contact's words; a sentence starts with a capital. */
function fill(template: string, words: Words, capitalize = true): string {
  const values: Record<string, string | number> = words;
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
  return capitalize ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** The first conversation, by how it came about. */
const FIRST_NOTES = {
  inbound: {
    email: ['{first} replied to our note on {interest}: {seats}-person {dept} team, on {tool} today.', '{first} emailed after reading our guide on {interest}; they have outgrown {tool}.'],
    call: ['{first} called in after our webinar on {interest}. {seats}-person {dept} team, on {tool} today.', '{first} rang the sales line: {interest} is this quarter\'s priority.'],
  },
  inPerson: ['Met {first} at {event}. {company} is growing fast and {interest} is the sore point.', 'Discovery at their office: {seats}-person {dept} team; {interest} keeps coming up.'],
  remote: ['Discovery with {first}: {seats}-person {dept} team, main pain is {interest}. Currently on {tool}.', 'Intro call (referred by {introName}). {first} runs {dept}; {interest} is the priority.'],
  email: ['{first} replied to my intro email: {interest} is on their list for this quarter.'],
} as const;

const PROSPECT_NOTES: readonly (readonly string[])[] = [
  FIRST_NOTES.remote,
  [
    'Demo for {first} and two of the {dept} team. Liked the {feature}; hard questions on {interest}.',
    'Ran the demo. {first} wants to see it with their own data before involving {approver}.',
  ],
  [
    'Walked through pricing for {seats} seats. {first} needs {approver} to sign anything over budget.',
    'Went through proposal v1 ({seats} seats, annual). {first} pushed back on the onboarding fee.',
  ],
  [
    'Security review with their IT lead: two questions on SSO, both answered.',
    'Went through Legal\'s redlines on the liability cap and DPA; nothing unusual.',
  ],
  [
    'Pilot kickoff with 8 users. Success criterion agreed: {interest}.',
    'Pilot review: team stopped using {tool} for follow-ups; {first} is convinced.',
  ],
  [
    '{approver} joined. Wants a 2-year term at this year\'s price; said I\'d check.',
    'Final terms: {seats} seats, quarterly billing; waiting on their PO process.',
  ],
];
/** The same stages when the agreed touch was an email and they wrote back. */
const PROSPECT_EMAIL_NOTES: readonly (readonly string[])[] = [
  FIRST_NOTES.email,
  ['Sent the demo recording; {first} replied with questions on {interest}.'],
  ['Emailed pricing for {seats} seats; {first} replied that {approver} needs to see it first.'],
  ['Sent the SOC 2 report and our DPA; {first} replied that Legal is fine with both.'],
  ['Sent the pilot summary; {first} replied that the team wants to keep it.'],
  ['Sent final terms; {first} replied asking for quarterly billing.'],
];
const PROSPECT_AGENDA: readonly (readonly string[])[] = [
  ['their {dept} process and {interest}'],
  ['a demo for the {dept} leads, focused on {interest}', 'the demo with their own data (they send a CSV export)'],
  ['pricing for {seats} seats and the onboarding plan', 'the proposal, with {approver} on the call'],
  ['IT\'s security questions (SSO, data residency)', 'Legal\'s redlines and the DPA'],
  ['pilot scope and success criteria', 'pilot setup: who joins, which team goes first'],
  ['pilot results and the proposal, with {approver}', 'the 2-year option vs annual'],
  ['final terms and a signature date'],
];
const CUSTOMER_NOTES = [
  'Quarterly check-in with {first}: usage steady, two open tickets, happy with support.',
  'QBR: usage up since last quarter; {first} asked about {interest}.',
  'Renewal talk: {first} wants {interest} covered before signing again.',
  'Showed the new {feature} to {first}\'s team; they want it for the {dept} rollout.',
  'Service call: fixed their import issue; {first} mentioned they are hiring.',
];
const CUSTOMER_AGENDA: Record<'service' | 'upgrade', readonly string[]> = {
  service: ['the quarterly review: usage, open tickets, {interest}', 'how the {dept} rollout is going', 'an onboarding plan for their new hires'],
  upgrade: ['the new {feature} and upgrade pricing', 'renewal terms for next year ({seats} seats)'],
};
const REFERRAL_NOTES = [
  'Coffee with {first}: offered to introduce us to {introName} at {otherCompany}.',
  '{first} made the intro to {introName}; thanked them and promised an update.',
  'Caught up with {first}; they have sent us three people this year.',
];
const REFERRAL_AGENDA = ['how the {otherCompany} intro went', 'thanks for the intro, and who else is hiring sales'];
const PARTNER_NOTES = [
  'Joint pipeline review with {first}: four shared deals, two stuck in legal.',
  'Planned a co-hosted webinar on {interest} with {first}.',
  '{first} wants our API docs for their {rival} integration.',
];
const PARTNER_AGENDA = ['the co-selling plan for next quarter', 'the integration demo before the webinar', 'shared deals: who owns the next step on each'];
/** Something new to present, tied to what they care about where we have it (seed 004). */
const PROGRESS_FOR: Record<string, string> = {
  'cutting onboarding time': 'onboarding template cut setup from 10 days to 3',
  'SOC 2 audit': 'our SOC 2 Type II report is out',
  'SSO and SCIM': 'shipped SSO with SCIM provisioning',
  'data residency in the EU': 'EU data residency is live (Frankfurt)',
  'Salesforce integration': 'Salesforce sync is out of beta',
  'Xero integration': 'Xero integration is live',
  'API access': 'public API docs and sandbox keys are live',
  'mobile app for field staff': 'the mobile app is in both app stores',
  'renewal pricing': 'our CFO approved 10% off a 2-year term',
  'per-seat cost': 'new team tier: 15% less per seat above 25 seats',
  'reporting for the board': 'board-ready monthly report, exportable to PDF',
  'migrating off their legacy CRM': 'import tool now maps custom fields automatically',
  'HIPAA compliance': 'BAA template approved by our counsel',
};
const PROGRESS = ['new case study from {otherCompany}, similar size', 'answers to all 14 questions in their security questionnaire', 'two new integrations shipped this month'];
const CHANGED = [
  'budget approved for Q2', 'new Head of IT started and wants in', 'they lost two reps to slow onboarding',
  '{rival} raised prices 20% at renewal', 'board asked for SOC 2 by summer', 'hiring 15 people next quarter',
  '{first} was promoted to {dept} director', 'moving offices in May; timing is tight',
];
const NO_REASONS = [
  'went with {rival} because it comes bundled with their suite', 'budget frozen for the rest of the year',
  'project cancelled after the reorg', 'team too small to justify it right now', 'decided to build it in-house',
];
const STALL_REASONS = [
  'waiting on next year\'s budget', '{first}\'s sponsor is on leave until next month', 'reorg under way; they will "come back to us"',
  '{approver} hasn\'t read the proposal yet',
];

/** How a conversation on that channel is recorded. */
function resultOf(channel: Channel): InteractionResult {
  return channel === 'call' ? 'connected' : channel === 'email' ? 'replied' : 'held';
}

interface Planner {
  rng: Rng;
  p: Person;
  f: Frame;
  steps: Step[];
  /** When the last step was written: later steps never go back in time. */
  clock: number;
}

/** A touch, written up a few minutes later (a conversation takes longer to write up). Returns when. */
function log(pl: Planner, step: Omit<LogStep, 'type' | 'loggedAt'>): number {
  const writeUp = step.outcome ? pl.rng.int(5, 40) : pl.rng.int(1, 4);
  const loggedAt = Math.min(pl.f.now, Math.max(step.at + writeUp * MINUTE, pl.clock));
  pl.steps.push({ type: 'log', loggedAt, ...step });
  pl.clock = loggedAt;
  return loggedAt;
}

function schedule(pl: Planner, request: FollowUpRequest): void {
  const at = Math.min(pl.f.now, pl.clock + MINUTE);
  pl.steps.push({ type: 'schedule', at, request });
  pl.clock = at;
}

function update(pl: Planner, fields: ContactFields, after: number): void {
  const at = Math.min(pl.f.now, Math.max(after, pl.clock + MINUTE));
  pl.steps.push({ type: 'update', at, fields });
  pl.clock = at;
}

function nextChannel(pl: Planner): Channel {
  const { rng, p } = pl;
  if (rng.chance(0.7)) return p.preferred;
  return p.near ? rng.pick<Channel>(['meeting', 'video', 'call', 'coffee']) : rng.pick<Channel>(['video', 'call', 'email']);
}

function kindFor(pl: Planner): FollowUpKind {
  switch (pl.p.relationship) {
    case 'customer': return pl.rng.weighted<FollowUpKind>([['service', 65], ['upgrade', 35]]);
    case 'referral-source': return 'referral';
    default: return 'next-step';
  }
}

function agendaText(pl: Planner, kind: FollowUpKind, stage: number): string {
  const { rng, p } = pl;
  const list = kind === 'service' || kind === 'upgrade' ? CUSTOMER_AGENDA[kind]
    : kind === 'referral' ? REFERRAL_AGENDA
      : p.relationship === 'partner' ? PARTNER_AGENDA
        : PROSPECT_AGENDA[Math.min(stage, PROSPECT_AGENDA.length - 1)] ?? PROSPECT_AGENDA[0] ?? [];
  return fill(rng.pick(list), p.words, false);
}

const CUSTOMER_EMAIL_NOTES = ['Sent the quarterly usage report; {first} replied asking about {interest}.', 'Emailed the release notes; {first} replied that the {dept} team wants the {feature}.'];
const REFERRAL_EMAIL_NOTES = ['Sent {first} an update on the {otherCompany} intro; they replied with another name to try.'];
const PARTNER_EMAIL_NOTES = ['Shared the co-selling deck; {first} replied with two accounts to target together.'];

function conversationNotes(pl: Planner, stage: number, channel: Channel, direction: Direction): string {
  const { rng, p } = pl;
  const email = channel === 'email';
  let list: readonly string[];
  if (p.relationship === 'customer') list = email ? CUSTOMER_EMAIL_NOTES : CUSTOMER_NOTES;
  else if (p.relationship === 'referral-source') list = email ? REFERRAL_EMAIL_NOTES : REFERRAL_NOTES;
  else if (p.relationship === 'partner') list = email ? PARTNER_EMAIL_NOTES : PARTNER_NOTES;
  else if (stage === 0 && direction === 'in') list = channel === 'email' ? FIRST_NOTES.inbound.email : FIRST_NOTES.inbound.call;
  else if (stage === 0 && (channel === 'meeting' || channel === 'coffee')) list = FIRST_NOTES.inPerson;
  else {
    const stages = email ? PROSPECT_EMAIL_NOTES : PROSPECT_NOTES;
    list = stages[Math.min(stage, stages.length - 1)] ?? [];
  }
  return fill(rng.pick(list), p.words);
}

function nextStep(pl: Planner, due: Slot | { date: string }, channel: Channel, stage: number, kind = kindFor(pl)): FollowUpRequest {
  const { rng, p } = pl;
  const linked = p.interests.map((i) => PROGRESS_FOR[i]).filter((x): x is string => x !== undefined);
  const generic = p.relationship === 'prospect' ? fill(rng.pick(PROGRESS), p.words, false) : null;
  const progress = !rng.chance(0.5) ? null : linked.length && rng.chance(0.7) ? rng.pick(linked) : generic;
  return {
    due: 'date' in due ? { date: due.date } : { local: due.local },
    channel,
    kind,
    agenda: agendaText(pl, kind, stage),
    progress,
  };
}

type Ending =
  | { type: 'next-step'; due: Slot | { date: string } }
  | { type: 'yes' }
  | { type: 'no' }
  | { type: 'no-agreement' }
  | { type: 'missed-call' };

/**
 * Conversations at the given slots: each keeps the previous one's agreement (sometimes late,
 * sometimes by another channel, sometimes after a voicemail and a retry) and agrees the next.
 */
function conversations(pl: Planner, slots: readonly Slot[], ending: Ending): void {
  const { rng, p, f } = pl;
  let agreed: Channel | null = null;
  slots.forEach((slot, j) => {
    const last = j === slots.length - 1;
    const following = slots[j + 1];
    let channel: Channel = agreed ?? (p.relationship === 'referral-source' && p.near ? 'coffee' : nextChannel(pl));
    let direction: Direction = 'out';
    let at = slot.ms + (channel === 'meeting' || channel === 'coffee' ? 0 : rng.int(0, 6) * MINUTE);
    let prefix = '';
    if (j === 0 && p.relationship === 'prospect' && rng.chance(0.3)) {
      channel = rng.pick<Channel>(['email', 'call']);
      direction = 'in';
    }
    // A late touch: the agreement was kept on the next reachable day, not the promised one.
    const late = j > 0 && !last && following && rng.chance(0.07) ? slotOnOrAfter(rng, p, slot.ms + 20 * HOUR) : null;
    if (late && following && late.ms < Math.min(following.ms - HOUR, f.now - HOUR)) {
      at = late.ms;
      prefix = 'A day late — my fault. ';
    } else if (j > 0 && (channel === 'meeting' || channel === 'coffee') && rng.chance(0.08)) {
      channel = 'video';
      prefix = 'Moved to video on the day (their office was closed). ';
    }
    if (last && ending.type === 'missed-call') {
      log(pl, {
        at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: j > 0, changed: null,
        notes: `Agreed call at ${slot.local.slice(11)}; no answer. Left a voicemail with the agenda. Need to book the retry.`,
      });
      return;
    }
    // The agreed call went to voicemail; retry in 15 minutes (seed 002).
    if (j > 0 && channel === 'call' && rng.chance(0.12) && at + 2 * HOUR < f.now && (!following || at + 2 * HOUR < following.ms)) {
      log(pl, {
        at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
        notes: `No answer at ${slot.local.slice(11)}. Voicemail: "Sorry to miss you — meetings run over; I'll call again in 15 minutes."`,
      });
      const retry = at + 15 * MINUTE;
      schedule(pl, { due: { at: formatInstant(retry) }, channel: 'call', kind: 'hard-to-reach', promised: false, agenda: 'retry after voicemail' });
      at = retry + rng.int(0, 2) * MINUTE;
    }
    const stage = j;
    let notes = prefix + conversationNotes(pl, stage, channel, direction);
    const changed = j > 0 && rng.chance(0.4) ? fill(rng.pick(CHANGED), p.words) : null;
    let outcome: LogStep['outcome'];
    if (!last) {
      const next = following as Slot;
      const ch = j === slots.length - 2 && ending.type === 'missed-call' ? 'call' : nextChannel(pl);
      agreed = ch;
      outcome = { type: 'next-step', next: nextStep(pl, next, ch, stage + 1) };
    } else {
      switch (ending.type) {
        case 'next-step': {
          const ch = nextChannel(pl);
          outcome = { type: 'next-step', next: nextStep(pl, ending.due, ch, stage + 1) };
          break;
        }
        case 'yes':
          notes = `${prefix}Yes! ${fill(rng.pick(['{approver} signed the annual order for {seats} seats.', 'Signed: {seats} seats, 2-year term.', 'PO arrived for {seats} seats; kickoff to book with {first}.']), p.words)}`;
          outcome = { type: 'yes' };
          break;
        case 'no':
          notes = `${prefix}${p.first} said no — ${fill(rng.pick(NO_REASONS), p.words, false)}. Asked us not to follow up; closed.`;
          outcome = { type: 'no' };
          break;
        default:
          notes = `${prefix}${notes} No commitment: ${fill(rng.pick(STALL_REASONS), p.words, false)}. Didn't agree a time — fix this.`;
          outcome = { type: 'no-agreement' };
      }
    }
    log(pl, { at, channel, result: resultOf(channel), direction, fulfils: j > 0, notes, changed, outcome });
  });
}

function planStory(rng: Rng, p: Person, arc: Arc, f: Frame): Story {
  const pl: Planner = { rng, p, f, steps: [], clock: 0 };
  const lastBefore = (daysMin: number, daysMax: number) => slotOnOrBefore(rng, p, f.now - rng.int(daysMin * 24, daysMax * 24) * HOUR);
  let firstAt: number;

  switch (arc) {
    case 'today': case 'overdue': case 'upcoming': {
      const due = arc === 'today' ? slotToday(rng, p, f) : arc === 'overdue' ? slotOverdue(rng, p, f) : slotUpcoming(rng, p, f, 1, 21);
      const dueMs = 'date' in due ? f.todayStart : due.ms;
      const last = slotOnOrBefore(rng, p, Math.min(dueMs - rng.int(2, 14) * DAY, f.now - 2 * HOUR));
      const slots = chainEndingAt(rng, p, f, last, rng.weighted([[1, 15], [2, 25], [3, 25], [4, 15], [5, 10], [6, 6], [7, 4]]));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'next-step', due });
      break;
    }
    case 'won': {
      const slots = chainEndingAt(rng, p, f, lastBefore(2, 60), rng.int(3, 8));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'yes' });
      const wonAt = pl.clock;
      const wonDay = zonedAt(wonAt, p.zone).toPlainDate().toString();
      update(pl, { relationship: 'customer', customerSince: wonDay }, wonAt + rng.int(10, 90) * MINUTE);
      if (f.now - wonAt < 40 * DAY && rng.chance(0.6)) {
        schedule(pl, rng.chance(0.4)
          ? { due: { date: slotUpcoming(rng, p, f, 2, 14).local.slice(0, 10) }, channel: rng.pick<Channel>(['gift', 'letter']), kind: 'thank-you', promised: false, agenda: fill('handwritten thank-you card to {first} and the {dept} team', p.words) }
          : { due: { local: slotUpcoming(rng, p, f, 1, 14).local }, channel: p.preferred, kind: 'service', promised: false, agenda: 'first 30 days: adoption, open questions, who else should be trained' });
      }
      break;
    }
    case 'lost': {
      const slots = chainEndingAt(rng, p, f, lastBefore(1, 90), rng.int(1, 4));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'no' });
      break;
    }
    case 'stalled': {
      const slots = chainEndingAt(rng, p, f, lastBefore(8, 45), rng.int(2, 5));
      if (slots.length < 2) slots.unshift(slotOnOrBefore(rng, p, (slots[0] as Slot).ms - 5 * DAY));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, rng.chance(0.3) ? { type: 'missed-call' } : { type: 'no-agreement' });
      break;
    }
    case 'hard-to-reach': {
      // Met once, agreed a call, then the voicemail series (seed 002): retry in 15 minutes, then every
      // couple of days with an email of suggested times. The next retry is open.
      const due = rng.chance(0.4) ? slotToday(rng, p, f) : slotUpcoming(rng, p, f, 1, 4);
      const dueMs = 'date' in due ? f.todayStart : due.ms;
      const attempts: Slot[] = [slotOnOrBefore(rng, p, Math.min(dueMs - rng.int(1, 2) * DAY, f.now - 2 * HOUR))];
      for (let k = rng.int(1, 4); attempts.length < k;) attempts.unshift(slotOnOrBefore(rng, p, (attempts[0] as Slot).ms - rng.int(2, 3) * DAY));
      const first = attempts[0] as Slot;
      const met = slotOnOrBefore(rng, p, first.ms - rng.int(4, 10) * DAY);
      firstAt = met.ms;
      const topic = agendaText(pl, 'next-step', 1);
      const channel: Channel = p.near ? rng.pick<Channel>(['meeting', 'coffee', 'video']) : 'video';
      log(pl, {
        at: met.ms, channel, result: resultOf(channel), direction: 'out', fulfils: false, changed: null,
        notes: fill(rng.pick(channel === 'video' ? FIRST_NOTES.remote : FIRST_NOTES.inPerson), p.words),
        outcome: { type: 'next-step', next: { due: { local: first.local }, channel: 'call', kind: 'next-step', agenda: topic } },
      });
      let voicemails = 0;
      const retryTo = (dueAt: Slot | { date: string }) => schedule(pl, {
        due: 'date' in dueAt ? { date: dueAt.date } : { local: dueAt.local }, channel: 'call', kind: 'hard-to-reach', promised: false, agenda: `call back: ${topic}`,
      });
      attempts.forEach((attempt, k) => {
        const at = attempt.ms + rng.int(0, 3) * MINUTE;
        voicemails++;
        log(pl, {
          at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
          notes: k === 0
            ? `Agreed call at ${attempt.local.slice(11)}; no answer. Voicemail: "Sorry to miss you — I'll try again in 15 minutes."`
            : `Voicemail ${voicemails}. Kept it short and pointed ${p.first} to the email with times.`,
        });
        let lastAt = at;
        if (k === 0) {
          const retry = at + 15 * MINUTE;
          retryTo({ ms: retry, local: zonedAt(retry, p.zone).toPlainDateTime().toString({ smallestUnit: 'minute' }) });
          voicemails++;
          log(pl, {
            at: retry, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
            notes: 'Second voicemail. Said I\'d call again in a couple of days and email some times.',
          });
          lastAt = retry;
        }
        if (k === 0 || k % 2 === 1) {
          lastAt += 5 * MINUTE;
          log(pl, {
            at: lastAt, channel: 'email', result: null, direction: 'out', fulfils: false, changed: null,
            notes: fill(`Emailed {first} three times that suit their calendar for ${topic}.`, p.words),
          });
        }
        retryTo(attempts[k + 1] ?? due);
      });
      break;
    }
    case 'new': {
      // Just arrived: no conversation yet, often a first call on the list (not a promise: nobody agreed it).
      firstAt = f.now - rng.int(30, 6 * 24 * 60) * MINUTE;
      pl.clock = firstAt + rng.int(2, 20) * MINUTE;
      const source = fill(rng.pick(['downloaded the {interest} checklist', 'asked for a demo on the website', 'referred by {introName}', 'met briefly at {event}']), p.words, false);
      if (rng.chance(0.6)) {
        const today = rng.chance(0.25) ? slotToday(rng, p, f) : null;
        const due = today && ('date' in today || today.ms > firstAt + HOUR) ? today : slotUpcoming(rng, p, f, 1, 7);
        schedule(pl, { due: 'date' in due ? { date: due.date } : { local: due.local }, channel: p.preferred === 'email' ? 'email' : 'call', kind: 'next-step', promised: false, agenda: `first call: ${source}` });
      }
      const fields = { ...p.fields, ...qualificationFor(rng, arc, p.relationship), notes: `New lead: ${source}.` };
      return { person: p, fields, createdAt: firstAt, steps: pl.steps };
    }
  }

  const qualification = qualificationFor(rng, arc, p.relationship);
  let createdAt = firstAt - rng.int(1, 14 * 24) * HOUR;
  const fields: ContactFields & { name: string } = { ...p.fields, ...qualification };
  if (p.relationship === 'customer') {
    const since = Temporal.PlainDate.from(f.today).subtract({ days: rng.int(200, 1500) });
    fields.customerSince = since.toString();
    createdAt = since.toZonedDateTime(p.zone).epochMilliseconds + 10 * HOUR;
  }
  return { person: p, fields, createdAt: Math.min(createdAt, firstAt - MINUTE), steps: pl.steps };
}

// ---------------------------------------------------------------------------------------------
// Writing it, through the services

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

/**
 * Fills the actor's (empty) workspace with demo contacts and their history, so a new user sees a
 * living agenda. Each touch is logged through logInteraction with the clock set to when it
 * happened; the promises they agreed land in the past (overdue), today, or the coming weeks.
 */
/** Demo playbook mail needs a sender's postal address like any automated mail; a workspace that has one keeps it. */
async function withDemoPostalAddress(deps: ServiceDeps, actor: Actor): Promise<Actor> {
  if (settingsOf(actor.workspace).postalAddress) return actor;
  const settings = { ...actor.workspace.settings, postalAddress: `${actor.workspace.name}, 100 Market Street, Springfield, IL 62701, USA` };
  await updateWorkspaceSettings(deps.store.db, actor.workspace.id, settings);
  return { ...actor, workspace: { ...actor.workspace, settings } };
}

export async function seedDemo(deps: ServiceDeps, asActor: Actor, options: SeedDemoOptions = {}): Promise<SeedDemoSummary> {
  const actor = await withDemoPostalAddress(deps, asActor);
  const total = options.contacts ?? 300;
  if (!Number.isInteger(total) || total < 1 || total > 100_000) throw AppError.invalid('contacts', 'must be a whole number from 1 to 100000');
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw AppError.invalid('seed', 'must be a whole number');

  const now = deps.clock();
  const userZone = actor.user.timeZone;
  const today = todayIn(now, userZone);
  const { start: todayStart, end: todayEnd } = dayRange(today, userZone);
  const frame: Frame = { now, userZone, today, todayStart, todayEnd, earliest: now - HISTORY_DAYS * DAY };

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

  let interactions = 0;
  // One transaction: a failure or a crash leaves the workspace empty (so the demo can simply be run
  // again), and two demos started at once cannot both find it empty. On SQLite this holds the write
  // lock while seeding (about a second per 150 contacts).
  await deps.store.db.transaction().execute(async (trx) => {
    if (deps.store.dialect === 'postgres') await trx.selectFrom('workspaces').select('id').where('id', '=', actor.workspace.id).forUpdate().execute();
    const inside: ServiceDeps = { ...deps, store: joined(deps.store, trx) };
    const existing = await listContacts(inside, actor, { limit: 1 });
    if (existing.items.length > 0) throw new AppError('conflict', 'this workspace already has contacts; demo data goes into an empty workspace');
    for (let index = 0; index < total; index++) {
      const rng = new Rng(streamSeed(seed, index));
      const arc = arcs[index] ?? 'upcoming';
      const person = makePerson(rng, index, relationshipFor(rng, arc), companies, emails, offsetOf, userOffset);
      interactions += await play(inside, actor, planStory(rng, person, arc, frame), now);
      options.onProgress?.(index + 1, total);
    }
  });

  const open = await deps.store.db.selectFrom('follow_ups').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', actor.workspace.id).where('status', '=', 'open').executeTakeFirst();
  const agenda = await agendaFor(deps, actor);
  return { contacts: total, interactions, followUps: Number(open?.n ?? 0), overdue: agenda.overdue.length, today: agenda.today.length };
}
