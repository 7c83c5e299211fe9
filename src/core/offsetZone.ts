import { Temporal } from 'temporal-polyfill';
import { isValidTimeZone } from './time.js';

/**
 * A vCard's TZ is often a bare UTC offset ("-08:00"), which is not a time zone: it says nothing of
 * daylight saving. This picks the named zone the card most likely meant, from the offset and the
 * card's address, and says how it decided, so the import report can tell the user what it assumed.
 */

/** "-08:00", "-0800", "+5", "UTC+05:30", "GMT-3" → minutes east of UTC; null when it is not an offset. */
export function parseUtcOffset(text: string): number | null {
  const m = /^(?:UTC|GMT)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim());
  if (!m) return /^(?:Z|UTC|GMT)$/i.test(text.trim()) ? 0 : null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '+' ? 1 : -1) * (hours * 60 + minutes);
}

/** -480 → "-08:00". */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface PostalAddress {
  locality?: string | null | undefined;
  region?: string | null | undefined;
  country?: string | null | undefined;
}

export interface OffsetZoneInput {
  offsetMinutes: number;
  /** The card's addresses, preferred first. */
  addresses: PostalAddress[];
  /** The importing user's zone: preferred whenever it fits, and the last resort. */
  userTimeZone: string;
  nowMs: number;
}

export interface OffsetZoneChoice {
  zone: string;
  /** How the zone was chosen: the address pinned it, it is the user's, it is a common zone with that offset, or nothing had it. */
  basis: 'address' | 'user' | 'offset' | 'none';
  /** What the address said that pinned it ("California, USA"), for the report. */
  place: string | null;
}

// ---------------------------------------------------------------------------------------------
// Offsets a zone uses: now, and in the middle of winter and summer of this year (both hemispheres).

/**
 * A memo of a pure function, kept on purpose: an import asks for the same few zones on every row
 * (a million rows, ~3 Temporal conversions each without it). Keyed by the hour, so it cannot go
 * stale, and cleared past 5,000 entries, so it cannot grow.
 */
const offsetCache = new Map<string, { now: number; standard: number; all: Set<number> }>();

function offsetsOf(zone: string, nowMs: number): { now: number; standard: number; all: Set<number> } {
  const year = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO('UTC').year;
  const key = `${zone}|${year}|${Math.floor(nowMs / 3_600_000)}`;
  const cached = offsetCache.get(key);
  if (cached) return cached;
  const at = (ms: number): number => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 60e9;
  const now = at(nowMs);
  const january = at(Date.UTC(year, 0, 15));
  const july = at(Date.UTC(year, 6, 15));
  const result = { now, standard: Math.min(january, july), all: new Set([now, january, july]) };
  if (offsetCache.size > 5000) offsetCache.clear();
  offsetCache.set(key, result);
  return result;
}

/** True when the zone uses that offset this year (standard or daylight time). */
export function zoneUsesOffset(zone: string, offsetMinutes: number, nowMs: number): boolean {
  return offsetsOf(zone, nowMs).all.has(offsetMinutes);
}

// ---------------------------------------------------------------------------------------------
// Places → zones. Multi-zone countries list their zones most populous first.

const normal = (text: string): string => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** ISO code, zones, and the names a card may use for the country. */
const COUNTRIES: Array<[string, string[], ...string[]]> = [
  ['US', ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
    'usa', 'united states', 'united states of america', 'america', 'vereinigte staaten', 'etats unis', 'estados unidos'],
  ['CA', ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Winnipeg', 'America/Halifax', 'America/Regina', 'America/St_Johns'], 'canada'],
  ['MX', ['America/Mexico_City', 'America/Tijuana', 'America/Hermosillo', 'America/Cancun'], 'mexico'],
  ['BR', ['America/Sao_Paulo', 'America/Manaus', 'America/Noronha'], 'brazil', 'brasil'],
  ['AR', ['America/Argentina/Buenos_Aires'], 'argentina'],
  ['CL', ['America/Santiago'], 'chile'],
  ['CO', ['America/Bogota'], 'colombia'],
  ['PE', ['America/Lima'], 'peru'],
  ['VE', ['America/Caracas'], 'venezuela'],
  ['AU', ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Hobart'], 'australia'],
  ['NZ', ['Pacific/Auckland'], 'new zealand', 'aotearoa'],
  ['GB', ['Europe/London'], 'uk', 'united kingdom', 'great britain', 'england', 'scotland', 'wales', 'northern ireland', 'grossbritannien', 'royaume uni'],
  ['IE', ['Europe/Dublin'], 'ireland', 'eire', 'irland'],
  ['PT', ['Europe/Lisbon', 'Atlantic/Azores'], 'portugal'],
  ['ES', ['Europe/Madrid', 'Atlantic/Canary'], 'spain', 'espana', 'spanien', 'espagne'],
  ['FR', ['Europe/Paris'], 'france', 'frankreich'],
  ['BE', ['Europe/Brussels'], 'belgium', 'belgique', 'belgie', 'belgien'],
  ['NL', ['Europe/Amsterdam'], 'netherlands', 'the netherlands', 'nederland', 'holland', 'niederlande', 'pays bas'],
  ['LU', ['Europe/Luxembourg'], 'luxembourg', 'luxemburg'],
  ['DE', ['Europe/Berlin'], 'germany', 'deutschland', 'allemagne', 'alemania'],
  ['AT', ['Europe/Vienna'], 'austria', 'osterreich', 'oesterreich'],
  ['CH', ['Europe/Zurich'], 'switzerland', 'schweiz', 'suisse', 'svizzera'],
  ['IT', ['Europe/Rome'], 'italy', 'italia', 'italien'],
  ['DK', ['Europe/Copenhagen'], 'denmark', 'danmark', 'danemark'],
  ['NO', ['Europe/Oslo'], 'norway', 'norge', 'norwegen'],
  ['SE', ['Europe/Stockholm'], 'sweden', 'sverige', 'schweden'],
  ['FI', ['Europe/Helsinki'], 'finland', 'suomi', 'finnland'],
  ['IS', ['Atlantic/Reykjavik'], 'iceland', 'island'],
  ['PL', ['Europe/Warsaw'], 'poland', 'polska', 'polen'],
  ['CZ', ['Europe/Prague'], 'czech republic', 'czechia', 'cesko', 'tschechien'],
  ['SK', ['Europe/Bratislava'], 'slovakia', 'slovensko'],
  ['HU', ['Europe/Budapest'], 'hungary', 'magyarorszag', 'ungarn'],
  ['RO', ['Europe/Bucharest'], 'romania'],
  ['BG', ['Europe/Sofia'], 'bulgaria'],
  ['GR', ['Europe/Athens'], 'greece', 'hellas', 'griechenland'],
  ['HR', ['Europe/Zagreb'], 'croatia', 'hrvatska'],
  ['SI', ['Europe/Ljubljana'], 'slovenia', 'slovenija'],
  ['RS', ['Europe/Belgrade'], 'serbia', 'srbija'],
  ['EE', ['Europe/Tallinn'], 'estonia', 'eesti'],
  ['LV', ['Europe/Riga'], 'latvia', 'latvija'],
  ['LT', ['Europe/Vilnius'], 'lithuania', 'lietuva'],
  ['UA', ['Europe/Kyiv'], 'ukraine'],
  ['TR', ['Europe/Istanbul'], 'turkey', 'turkiye'],
  ['RU', ['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok'], 'russia', 'russian federation'],
  ['IL', ['Asia/Jerusalem'], 'israel'],
  ['AE', ['Asia/Dubai'], 'uae', 'united arab emirates'],
  ['SA', ['Asia/Riyadh'], 'saudi arabia'],
  ['EG', ['Africa/Cairo'], 'egypt'],
  ['ZA', ['Africa/Johannesburg'], 'south africa'],
  ['NG', ['Africa/Lagos'], 'nigeria'],
  ['KE', ['Africa/Nairobi'], 'kenya'],
  ['MA', ['Africa/Casablanca'], 'morocco', 'maroc'],
  ['IN', ['Asia/Kolkata'], 'india', 'bharat'],
  ['PK', ['Asia/Karachi'], 'pakistan'],
  ['BD', ['Asia/Dhaka'], 'bangladesh'],
  ['CN', ['Asia/Shanghai'], 'china', 'prc', 'peoples republic of china'],
  ['HK', ['Asia/Hong_Kong'], 'hong kong'],
  ['TW', ['Asia/Taipei'], 'taiwan'],
  ['JP', ['Asia/Tokyo'], 'japan', 'nippon', 'nihon'],
  ['KR', ['Asia/Seoul'], 'south korea', 'korea', 'republic of korea'],
  ['SG', ['Asia/Singapore'], 'singapore'],
  ['MY', ['Asia/Kuala_Lumpur'], 'malaysia'],
  ['TH', ['Asia/Bangkok'], 'thailand'],
  ['VN', ['Asia/Ho_Chi_Minh'], 'vietnam', 'viet nam'],
  ['PH', ['Asia/Manila'], 'philippines'],
  ['ID', ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'], 'indonesia'],
];

const US_STATES: Array<[string, string, string]> = [
  ['AL', 'alabama', 'America/Chicago'], ['AK', 'alaska', 'America/Anchorage'], ['AZ', 'arizona', 'America/Phoenix'],
  ['AR', 'arkansas', 'America/Chicago'], ['CA', 'california', 'America/Los_Angeles'], ['CO', 'colorado', 'America/Denver'],
  ['CT', 'connecticut', 'America/New_York'], ['DE', 'delaware', 'America/New_York'], ['DC', 'district of columbia', 'America/New_York'],
  ['FL', 'florida', 'America/New_York'], ['GA', 'georgia', 'America/New_York'], ['HI', 'hawaii', 'Pacific/Honolulu'],
  ['ID', 'idaho', 'America/Boise'], ['IL', 'illinois', 'America/Chicago'], ['IN', 'indiana', 'America/Indiana/Indianapolis'],
  ['IA', 'iowa', 'America/Chicago'], ['KS', 'kansas', 'America/Chicago'], ['KY', 'kentucky', 'America/New_York'],
  ['LA', 'louisiana', 'America/Chicago'], ['ME', 'maine', 'America/New_York'], ['MD', 'maryland', 'America/New_York'],
  ['MA', 'massachusetts', 'America/New_York'], ['MI', 'michigan', 'America/Detroit'], ['MN', 'minnesota', 'America/Chicago'],
  ['MS', 'mississippi', 'America/Chicago'], ['MO', 'missouri', 'America/Chicago'], ['MT', 'montana', 'America/Denver'],
  ['NE', 'nebraska', 'America/Chicago'], ['NV', 'nevada', 'America/Los_Angeles'], ['NH', 'new hampshire', 'America/New_York'],
  ['NJ', 'new jersey', 'America/New_York'], ['NM', 'new mexico', 'America/Denver'], ['NY', 'new york', 'America/New_York'],
  ['NC', 'north carolina', 'America/New_York'], ['ND', 'north dakota', 'America/Chicago'], ['OH', 'ohio', 'America/New_York'],
  ['OK', 'oklahoma', 'America/Chicago'], ['OR', 'oregon', 'America/Los_Angeles'], ['PA', 'pennsylvania', 'America/New_York'],
  ['RI', 'rhode island', 'America/New_York'], ['SC', 'south carolina', 'America/New_York'], ['SD', 'south dakota', 'America/Chicago'],
  ['TN', 'tennessee', 'America/Chicago'], ['TX', 'texas', 'America/Chicago'], ['UT', 'utah', 'America/Denver'],
  ['VT', 'vermont', 'America/New_York'], ['VA', 'virginia', 'America/New_York'], ['WA', 'washington', 'America/Los_Angeles'],
  ['WV', 'west virginia', 'America/New_York'], ['WI', 'wisconsin', 'America/Chicago'], ['WY', 'wyoming', 'America/Denver'],
];

const CA_PROVINCES: Array<[string, string, string]> = [
  ['ON', 'ontario', 'America/Toronto'], ['QC', 'quebec', 'America/Toronto'], ['BC', 'british columbia', 'America/Vancouver'],
  ['AB', 'alberta', 'America/Edmonton'], ['MB', 'manitoba', 'America/Winnipeg'], ['SK', 'saskatchewan', 'America/Regina'],
  ['NS', 'nova scotia', 'America/Halifax'], ['NB', 'new brunswick', 'America/Moncton'], ['PE', 'prince edward island', 'America/Halifax'],
  ['NL', 'newfoundland and labrador', 'America/St_Johns'], ['YT', 'yukon', 'America/Whitehorse'],
];

const AU_STATES: Array<[string, string, string]> = [
  ['NSW', 'new south wales', 'Australia/Sydney'], ['VIC', 'victoria', 'Australia/Melbourne'], ['QLD', 'queensland', 'Australia/Brisbane'],
  ['WA', 'western australia', 'Australia/Perth'], ['SA', 'south australia', 'Australia/Adelaide'], ['TAS', 'tasmania', 'Australia/Hobart'],
  ['NT', 'northern territory', 'Australia/Darwin'], ['ACT', 'australian capital territory', 'Australia/Sydney'],
];

const REGIONS: Record<string, Array<[string, string, string]>> = { US: US_STATES, CA: CA_PROVINCES, AU: AU_STATES };

/** Large cities whose zone is not named after them (a zone's own city is found from its name). */
const CITIES: Record<string, string> = {
  sanfrancisco: 'America/Los_Angeles', seattle: 'America/Los_Angeles', sandiego: 'America/Los_Angeles', sanjose: 'America/Los_Angeles',
  lasvegas: 'America/Los_Angeles', boston: 'America/New_York', miami: 'America/New_York', atlanta: 'America/New_York',
  washington: 'America/New_York', philadelphia: 'America/New_York', dallas: 'America/Chicago', houston: 'America/Chicago',
  austin: 'America/Chicago', saltlakecity: 'America/Denver', montreal: 'America/Toronto', ottawa: 'America/Toronto',
  calgary: 'America/Edmonton', munich: 'Europe/Berlin', munchen: 'Europe/Berlin', hamburg: 'Europe/Berlin', frankfurt: 'Europe/Berlin',
  barcelona: 'Europe/Madrid', milan: 'Europe/Rome', milano: 'Europe/Rome', manchester: 'Europe/London', edinburgh: 'Europe/London',
  geneva: 'Europe/Zurich', geneve: 'Europe/Zurich', mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata', newdelhi: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata', bengaluru: 'Asia/Kolkata', beijing: 'Asia/Shanghai', osaka: 'Asia/Tokyo',
};

/** Lookup tables built once, on first use, from the constants above: never changed afterwards. */
let countryIndex: Map<string, { code: string; zones: string[]; name: string }> | null = null;

function countryOf(text: string): { code: string; zones: string[]; name: string } | null {
  if (!countryIndex) {
    countryIndex = new Map();
    for (const [code, zones, ...names] of COUNTRIES) {
      const entry = { code, zones, name: names[0] ?? code };
      countryIndex.set(normal(code), entry);
      for (const name of names) countryIndex.set(normal(name), entry);
    }
  }
  return countryIndex.get(normal(text)) ?? null;
}

let zonesByCity: Map<string, string> | null = null;

function cityZone(text: string): string | null {
  if (!zonesByCity) {
    zonesByCity = new Map(Object.entries(CITIES));
    for (const zone of allZones()) {
      const city = zone.split('/').pop() ?? '';
      if (zone.includes('/') && !zone.startsWith('Etc/')) zonesByCity.set(normal(city.replaceAll('_', ' ')), zone);
    }
  }
  return zonesByCity.get(normal(text)) ?? null;
}

function allZones(): string[] {
  return Intl.supportedValuesOf('timeZone').filter((zone) => isValidTimeZone(zone));
}

/** The zones an address allows, narrowest first (city, then region, then country), and how it was named. */
function zonesOfAddress(address: PostalAddress): Array<{ zones: string[]; place: string }> {
  const country = address.country?.trim() ? countryOf(address.country) : null;
  const found: Array<{ zones: string[]; place: string }> = [];
  const countryName = address.country?.trim() ?? '';
  const where = (part: string): string => [part, countryName].filter(Boolean).join(', ');
  if (address.locality?.trim()) {
    const zone = cityZone(address.locality);
    // "Paris, Texas": a city's zone counts only on the country's continent.
    const continent = (z: string): string => z.split('/')[0] ?? '';
    if (zone && (!country || country.zones.some((z) => continent(z) === continent(zone)))) found.push({ zones: [zone], place: where(address.locality.trim()) });
  }
  if (address.region?.trim()) {
    const key = normal(address.region);
    const lists = country ? [REGIONS[country.code] ?? []] : Object.values(REGIONS);
    for (const list of lists) {
      const region = list.find(([code, name]) => normal(code) === key || normal(name) === key);
      if (region) {
        found.push({ zones: [region[2]], place: where(address.region.trim()) });
        break;
      }
    }
  }
  if (country) found.push({ zones: country.zones, place: countryName });
  return found;
}

/** Zones most people mean by an offset, when nothing else says which (the user's own comes first anyway). */
const COMMON_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu',
  'America/Halifax', 'America/St_Johns', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'America/Mexico_City', 'America/Bogota',
  'Atlantic/Azores', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Africa/Lagos', 'Europe/Athens', 'Africa/Johannesburg',
  'Europe/Moscow', 'Africa/Nairobi', 'Asia/Tehran', 'Asia/Dubai', 'Asia/Kabul', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Asia/Dhaka', 'Asia/Yangon', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Adelaide',
  'Australia/Sydney', 'Australia/Brisbane', 'Pacific/Auckland', 'UTC',
];

/**
 * Among zones that use the offset this year: the user's own first, then one whose standard
 * (winter) offset it is — a card's writer more often stamps the standard offset — then the list's order.
 */
function bestFitting(zones: string[], input: OffsetZoneInput): string | null {
  const fitting = zones.filter((zone) => isValidTimeZone(zone) && zoneUsesOffset(zone, input.offsetMinutes, input.nowMs));
  if (fitting.length === 0) return null;
  if (fitting.includes(input.userTimeZone)) return input.userTimeZone;
  return fitting.find((zone) => offsetsOf(zone, input.nowMs).standard === input.offsetMinutes) ?? fitting[0] ?? null;
}

/**
 * The zone a card with a bare UTC offset most likely means: one of the address's zones (its city,
 * region or country, narrowest first) that uses the offset; otherwise the user's zone if it uses
 * it; otherwise a common zone that does; otherwise any zone with that offset now; else the user's.
 */
export function zoneForUtcOffset(input: OffsetZoneInput): OffsetZoneChoice {
  for (const address of input.addresses) {
    for (const { zones, place } of zonesOfAddress(address)) {
      const zone = bestFitting(zones, input);
      if (zone) return { zone, basis: 'address', place };
    }
  }
  if (isValidTimeZone(input.userTimeZone) && zoneUsesOffset(input.userTimeZone, input.offsetMinutes, input.nowMs)) {
    return { zone: input.userTimeZone, basis: 'user', place: null };
  }
  const common = bestFitting(COMMON_ZONES, input);
  if (common) return { zone: common, basis: 'offset', place: null };
  const any = allZones().find((zone) => !zone.startsWith('Etc/') && offsetsOf(zone, input.nowMs).now === input.offsetMinutes);
  if (any) return { zone: any, basis: 'offset', place: null };
  return { zone: input.userTimeZone, basis: 'none', place: null };
}

/** The sentence the import report shows for the row. */
export function describeOffsetChoice(choice: OffsetZoneChoice, offsetMinutes: number): string {
  const offset = formatUtcOffset(offsetMinutes);
  switch (choice.basis) {
    case 'address': return `time zone assumed ${choice.zone} from UTC offset ${offset} and the address (${choice.place ?? ''})`;
    case 'user': return `time zone assumed ${choice.zone} from UTC offset ${offset} (your own time zone has that offset)`;
    case 'offset': return `time zone assumed ${choice.zone} from UTC offset ${offset}`;
    case 'none': return `time zone assumed ${choice.zone} (yours): no time zone has UTC offset ${offset}`;
  }
}
