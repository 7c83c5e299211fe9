/**
 * Benchmark dataset: one workspace, 50 users, and (at --scale 1) 100,000 contacts, 1,000,000
 * interactions and 300,000 follow-ups, written with bulk SQL (prepared inserts in big transactions on
 * SQLite, `INSERT … SELECT FROM unnest($1::text[], …)` in big batches on PostgreSQL).
 *
 * Rows keep the app's invariants: UUIDv7 ids (src/store/ids.ts) whose time is the row's creation,
 * fixed-width ISO instants, valid JSON lists, due_local = the wall time of due_at in the follow-up's
 * zone, touch numbers counting each contact's interactions, no open follow-up on a do-not-contact
 * contact. History is scaled; each user's day is not: every user has the same handful of follow-ups
 * due today and overdue at any scale (a salesperson's day does not grow with the database), so the
 * agenda's growth measures the queries, not the size of the answer.
 *
 *   tsx bench/generate.ts --url file:/tmp/bench.db --scale 0.1
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { formatInstant, resolveDue, dayRange, todayIn } from '../src/core/time.js';
import { wallDateTimeOf } from '../src/shared/zonedTime.js';
import * as accounts from '../src/store/accounts.js';
import { connect, migrateToLatest, parseDatabaseUrl } from '../src/store/connect.js';
import { refreshAllStaleSearchDocuments } from '../src/store/contactSearch.js';
import { refreshStatistics } from '../src/store/maintenance.js';
import { newId } from '../src/store/ids.js';
import { hashPassword, newSecret, sha256 } from '../src/services/secrets.js';

export interface GenerateOptions {
  databaseUrl: string;
  scale: number;
  users?: number;
  /** The instant "today" is relative to; default Date.now(). */
  nowMs?: number;
  log?: (line: string) => void;
}

export interface BenchUser {
  id: string;
  email: string;
  timeZone: string;
  token: string;
  /** Contacts this user owns that may be contacted (for logging outcomes). */
  contactIds: string[];
}

export interface Dataset {
  workspaceId: string;
  users: BenchUser[];
  rows: { contacts: number; interactions: number; followUps: number };
  openPerUser: { today: number; overdue: number };
  seconds: number;
}

const DAY = 86_400_000;
/**
 * SQLite's page cache while generating (negative: KiB), 1 GiB instead of the default 2 MiB: rows arrive
 * in random contact order, so every index insert lands on a random page; with the default cache nearly
 * each is a read from the OS. (The search documents are written by the app's own code, with its cache.)
 */
const GENERATE_CACHE_SIZE = -1_048_576;
const TODAY_PER_USER = 12;
const OVERDUE_PER_USER = 4;
const BATCH = 5_000;

const USER_ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Singapore'];
const CONTACT_ZONES = [
  'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles',
  'America/Sao_Paulo', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Auckland', 'Africa/Johannesburg',
];
const FIRST = ['Ada', 'Bruno', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Nikhil', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST = ['Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Silva', 'Novak', 'Dubois', 'Kowalski', 'Haddad', 'Larsen', 'Moreau', 'Patel', 'Nguyen', 'Garcia', 'Walsh'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];
const TITLES = ['Head of Operations', 'CFO', 'IT Manager', 'Procurement Lead', 'Founder', 'Office Manager', null];
const INTERESTS = ['pricing', 'integrations', 'security review', 'onboarding', 'the new reporting module', 'multi-site licences', 'support hours'];
const CHANNELS = ['call', 'call', 'call', 'call', 'email', 'email', 'email', 'meeting', 'video', 'sms'] as const;
const NOTES = [
  'Discussed timeline; budget approved next quarter.', 'Left a voicemail about the renewal.', 'Sent the comparison sheet.',
  'They want a demo for the whole team.', 'Asked about the security questionnaire.', null, null,
];

/** Deterministic, fast PRNG (mulberry32): the same scale gives the same shape of data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

type Cell = string | number | null;
interface Table { name: string; columns: Array<[string, 'text' | 'int']> }

const CONTACTS: Table = {
  name: 'contacts',
  columns: [['id', 'text'], ['workspace_id', 'text'], ['owner_id', 'text'], ['name', 'text'], ['name_search', 'text'], ['email', 'text'], ['phone', 'text'],
    ['company', 'text'], ['title', 'text'], ['time_zone', 'text'], ['preferred_channel', 'text'], ['reachable', 'text'], ['interests', 'text'],
    ['relationship', 'text'], ['interest', 'text'], ['can_buy', 'text'], ['do_not_contact', 'int'], ['dnc_reason', 'text'], ['dnc_at', 'text'],
    ['notes', 'text'], ['created_at', 'text'], ['updated_at', 'text']],
};
const INTERACTIONS: Table = {
  name: 'interactions',
  columns: [['id', 'text'], ['workspace_id', 'text'], ['contact_id', 'text'], ['user_id', 'text'], ['channel', 'text'], ['direction', 'text'],
    ['result', 'text'], ['occurred_at', 'text'], ['notes', 'text'], ['outcome', 'text'], ['touch_number', 'int'], ['created_at', 'text']],
};
const FOLLOW_UPS: Table = {
  name: 'follow_ups',
  columns: [['id', 'text'], ['workspace_id', 'text'], ['contact_id', 'text'], ['user_id', 'text'], ['kind', 'text'], ['channel', 'text'],
    ['due_at', 'text'], ['due_local', 'text'], ['time_zone', 'text'], ['all_day', 'int'], ['agenda', 'text'], ['promised', 'int'], ['source', 'text'],
    ['status', 'text'], ['status_reason', 'text'], ['touch_number', 'int'], ['created_at', 'text'], ['done_at', 'text']],
};

interface BulkWriter {
  write(table: Table, rows: Cell[][]): Promise<void>;
  finish(): Promise<void>;
}

function sqliteWriter(path: string): BulkWriter {
  const database = new SQLite(path);
  // Generated data is thrown away if generating fails, so it is written without a journal to replay
  // or a sync to wait for (the write-ahead log's checkpoints cost a third of the time at scale 1);
  // finish() hands the file over in WAL mode, as the app keeps it.
  database.pragma('journal_mode = MEMORY');
  database.pragma('synchronous = OFF');
  database.pragma(`cache_size = ${GENERATE_CACHE_SIZE}`);
  const statements = new Map<string, SQLite.Statement>();
  return {
    async write(table, rows) {
      let insert = statements.get(table.name);
      if (!insert) {
        insert = database.prepare(`INSERT INTO ${table.name} (${table.columns.map((c) => c[0]).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`);
        statements.set(table.name, insert);
      }
      const statement = insert;
      database.transaction(() => { for (const row of rows) statement.run(row); })();
    },
    async finish() {
      database.exec('ANALYZE');
      database.pragma('journal_mode = WAL');
      database.close();
    },
  };
}

function postgresWriter(url: string): BulkWriter {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  return {
    async write(table, rows) {
      await connected;
      const columns = table.columns.map((c) => c[0]).join(', ');
      const arrays = table.columns.map((_, i) => rows.map((row) => row[i] ?? null));
      const unnest = table.columns.map(([, type], i) => `$${i + 1}::${type === 'int' ? 'int' : 'text'}[]`).join(', ');
      await client.query(`INSERT INTO ${table.name} (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
    },
    async finish() {
      await connected;
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

/** Writes rows in batches as they are produced, so a million rows never sit in memory at once. */
class Batcher {
  private rows: Cell[][] = [];
  count = 0;
  constructor(private writer: BulkWriter, private table: Table, private size = BATCH) {}
  async push(row: Cell[]): Promise<void> {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.writer.write(this.table, rows);
  }
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

export async function generate(options: GenerateOptions): Promise<Dataset> {
  const started = Date.now();
  const logLine = options.log ?? (() => undefined);
  let phaseStarted = Date.now();
  // Each phase's line says how long it took: at scale 10 they take from minutes to most of an hour.
  const log = (line: string) => {
    logLine(`${line} (${Math.round((Date.now() - phaseStarted) / 1000)} s)`);
    phaseStarted = Date.now();
  };
  const now = options.nowMs ?? Date.now();
  const rand = random(42);
  const userCount = options.users ?? 50;
  const contactCount = Math.max(userCount * 20, Math.round(100_000 * options.scale));
  const interactionCount = Math.round(1_000_000 * options.scale);
  const followUpCount = Math.max(userCount * (TODAY_PER_USER + OVERDUE_PER_USER), Math.round(300_000 * options.scale));

  // Accounts through the store, so they are exactly what the app writes; one password hash for all.
  const store = connect(options.databaseUrl);
  await migrateToLatest(store.db);
  const passwordHash = await hashPassword('bench password 1234');
  const createdAt = formatInstant(now - 3 * 365 * DAY);
  const workspace = { id: newId(now - 3 * 365 * DAY), name: 'Bench Sales', timeZone: 'Europe/London', settings: {}, createdAt };
  const users: BenchUser[] = [];
  await store.db.transaction().execute(async (trx) => {
    await accounts.insertWorkspace(trx, workspace);
    for (let u = 0; u < userCount; u++) {
      const user: accounts.User = {
        id: newId(now - 3 * 365 * DAY + u), email: `seller${u + 1}@bench.example`, name: `Seller ${u + 1}`, passwordHash,
        timeZone: USER_ZONES[u % USER_ZONES.length] ?? 'UTC', workFrom: '09:00', workTo: '17:00', workDays: [1, 2, 3, 4, 5],
        createdAt,
      };
      // Only the feed secret's hash is stored; the bench never reads the feed.
      await accounts.insertUser(trx, user, sha256(newSecret('', 24)));
      await accounts.addMembership(trx, workspace.id, user.id, u === 0 ? 'owner' : 'member', createdAt);
      const token = newSecret('ft_');
      await accounts.insertToken(trx, { id: newId(), workspaceId: workspace.id, userId: user.id, name: 'bench', createdAt, lastUsedAt: null }, sha256(token));
      users.push({ id: user.id, email: user.email, timeZone: user.timeZone, token, contactIds: [] });
    }
  });
  await store.close();

  const { dialect, target } = parseDatabaseUrl(options.databaseUrl);
  const writer = dialect === 'sqlite' ? sqliteWriter(target) : postgresWriter(target);
  try {
    // Contacts: created over the year before the history starts; contact j belongs to user j % users.
    const contactIds: string[] = new Array<string>(contactCount);
    const contactZones: string[] = new Array<string>(contactCount);
    const contactOk: boolean[] = new Array<boolean>(contactCount);
    const contacts = new Batcher(writer, CONTACTS);
    const contactsFrom = now - 3 * 365 * DAY;
    for (let j = 0; j < contactCount; j++) {
      const created = contactsFrom + Math.floor((j * 365 * DAY) / contactCount);
      const id = newId(created);
      const zone = pick(rand, CONTACT_ZONES);
      const owner = users[j % userCount] as BenchUser;
      const first = pick(rand, FIRST);
      const last = pick(rand, LAST);
      const name = `${first} ${last}`;
      const company = `${pick(rand, COMPANIES)} ${Math.floor(j / 7)}`;
      const email = `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${last.toLowerCase()}.${j}@${company.toLowerCase().replace(/\s+/g, '-')}.example`;
      const dnc = rand() < 0.01;
      const interests = [pick(rand, INTERESTS), ...(rand() < 0.4 ? [pick(rand, INTERESTS)] : [])];
      contactIds[j] = id;
      contactZones[j] = zone;
      contactOk[j] = !dnc;
      if (!dnc && owner.contactIds.length < 2_000) owner.contactIds.push(id);
      await contacts.push([
        id, workspace.id, owner.id, name, [name, company, email].join(' ').toLowerCase(), email, `+44 20 7${String(j).padStart(7, '0')}`,
        company, pick(rand, TITLES), zone, rand() < 0.5 ? 'call' : 'email', JSON.stringify([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' }]),
        JSON.stringify([...new Set(interests)]), rand() < 0.3 ? 'customer' : 'prospect', pick(rand, ['unknown', 'passing', 'real']), pick(rand, ['unknown', 'yes', 'no']),
        dnc ? 1 : 0, dnc ? 'asked not to be contacted' : null, dnc ? iso(created + 30 * DAY) : null,
        rand() < 0.2 ? 'Met at the spring trade fair.' : null, iso(created), iso(created),
      ]);
    }
    await contacts.flush();
    log(`    contacts ${contactCount.toLocaleString('en')}`);

    // Interactions: two years of history in time order, so ids arrive in order; touch numbers count up.
    const touches = new Uint32Array(contactCount);
    const interactions = new Batcher(writer, INTERACTIONS);
    const historyFrom = now - 2 * 365 * DAY;
    const historySpan = 2 * 365 * DAY - DAY;
    for (let i = 0; i < interactionCount; i++) {
      const at = historyFrom + Math.floor(((i + rand()) * historySpan) / interactionCount);
      const j = Math.floor(rand() * contactCount);
      const channel = pick(rand, CHANNELS);
      const direction = rand() < 0.8 ? 'out' : 'in';
      const result = channel === 'call' ? pick(rand, ['connected', 'connected', 'no-answer', 'voicemail']) : channel === 'email' ? (direction === 'in' ? 'replied' : null) : 'held';
      const outcome = result === 'connected' || result === 'held' ? pick(rand, ['next-step', 'next-step', 'no-agreement', 'yes']) : null;
      const owner = users[j % userCount] as BenchUser;
      await interactions.push([
        newId(at), workspace.id, contactIds[j] ?? '', owner.id, channel, direction, result, iso(at), pick(rand, NOTES), outcome, (touches[j] = (touches[j] ?? 0) + 1), iso(at),
      ]);
    }
    await interactions.flush();
    log(`    interactions ${interactionCount.toLocaleString('en')}`);

    // Follow-ups: history (done, missed, cancelled, skipped), open ones ahead, and each user's day.
    const followUps = new Batcher(writer, FOLLOW_UPS);
    const dayItems = userCount * (TODAY_PER_USER + OVERDUE_PER_USER);
    const ahead = Math.round((followUpCount - dayItems) * 0.1);
    const history = followUpCount - dayItems - ahead;
    const followUpRow = (id: string, j: number, due: { dueAt: string; dueLocal: string; timeZone: string; allDay: boolean }, status: string, created: number, doneAt: string | null): Cell[] => {
      const owner = users[j % userCount] as BenchUser;
      const promised = rand() < 0.6;
      return [
        id, workspace.id, contactIds[j] ?? '', owner.id, 'next-step', rand() < 0.6 ? 'call' : 'email', due.dueAt, due.dueLocal, due.timeZone,
        due.allDay ? 1 : 0, rand() < 0.7 ? pick(rand, INTERESTS) : null, promised ? 1 : 0, promised ? 'agreement' : 'manual', status,
        status === 'cancelled' ? 'contact asked to pause' : status === 'skipped' ? 'covered in a meeting' : null, (touches[j] ?? 0) + 1, iso(created), doneAt,
      ];
    };
    for (let k = 0; k < history; k++) {
      const created = historyFrom + Math.floor(((k + rand()) * (historySpan - 14 * DAY)) / history);
      const dueMs = created + DAY + Math.floor(rand() * 10 * DAY);
      const j = Math.floor(rand() * contactCount);
      const zone = contactZones[j] ?? 'UTC';
      const r = rand();
      const status = r < 0.8 ? 'done' : r < 0.85 ? 'missed' : r < 0.95 ? 'cancelled' : 'skipped';
      await followUps.push(followUpRow(newId(created), j, { dueAt: iso(dueMs), dueLocal: wallDateTimeOf(dueMs, zone), timeZone: zone, allDay: false }, status, created, status === 'done' ? iso(dueMs + 3_600_000) : null));
    }
    // Open and ahead: agreed in the last two weeks, due from tomorrow to three months out.
    for (let k = 0; k < ahead; k++) {
      const created = now - 14 * DAY + Math.floor(((k + rand()) * 13 * DAY) / ahead);
      const dueMs = now + 2 * DAY + Math.floor(rand() * 90 * DAY);
      let j = Math.floor(rand() * contactCount);
      while (!contactOk[j]) j = (j + 1) % contactCount;
      const zone = contactZones[j] ?? 'UTC';
      await followUps.push(followUpRow(newId(created), j, { dueAt: iso(dueMs), dueLocal: wallDateTimeOf(dueMs, zone), timeZone: zone, allDay: false }, 'open', created, null));
    }
    // Each user's day: due today (one in six all-day) and overdue, on contacts they own, in their zone's day.
    for (let u = 0; u < userCount; u++) {
      const user = users[u] as BenchUser;
      const { start, end } = dayRange(todayIn(now, user.timeZone), user.timeZone);
      for (let n = 0; n < TODAY_PER_USER + OVERDUE_PER_USER; n++) {
        let j = u + userCount * Math.floor(rand() * Math.floor(contactCount / userCount));
        while (!contactOk[j]) j = (j + userCount) % contactCount;
        const zone = contactZones[j] ?? 'UTC';
        const overdue = n >= TODAY_PER_USER;
        const dueMs = overdue ? start - DAY - Math.floor(rand() * 6 * DAY) : start + Math.floor(rand() * (end - start));
        const due = !overdue && n % 6 === 0 ? resolveDue({ date: todayIn(now, user.timeZone) }, zone) : resolveDue({ at: iso(dueMs) }, zone);
        const created = Math.min(now - DAY, dueMs - 7 * DAY);
        await followUps.push(followUpRow(newId(created), j, due, 'open', created, null));
      }
    }
    await followUps.flush();
    log(`    follow-ups ${followUps.count.toLocaleString('en')} (${ahead.toLocaleString('en')} open ahead, ${dayItems} due today or overdue)`);
    await writer.finish();
    log('    statistics gathered (ANALYZE)');
    // What the worker's search upkeep does after a bulk load: the touches' notes and agendas into search.
    const searchStore = connect(options.databaseUrl);
    try {
      // The app's own statistics upkeep after the ANALYZE: it keeps SQLite's search index planned by key.
      await refreshStatistics(searchStore.db, dialect);
      const refreshed = await refreshAllStaleSearchDocuments(searchStore.db);
      log(`    search documents refreshed for ${refreshed.toLocaleString('en')} contacts`);
    } finally {
      await searchStore.close();
    }
    return {
      workspaceId: workspace.id,
      users,
      rows: { contacts: contactCount, interactions: interactionCount, followUps: followUps.count },
      openPerUser: { today: TODAY_PER_USER, overdue: OVERDUE_PER_USER },
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    await writer.finish().catch(() => undefined);
    throw error;
  }
}

// Standalone: tsx bench/generate.ts --url <DATABASE_URL> [--scale 1]
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const arg = (name: string): string | undefined => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const url = arg('url') ?? process.env.DATABASE_URL;
  if (!url) throw new Error('usage: tsx bench/generate.ts --url file:/tmp/bench.db|postgres://… [--scale 1]');
  const dataset = await generate({ databaseUrl: url, scale: Number(arg('scale') ?? 1), log: console.log });
  console.log(`generated in ${dataset.seconds.toFixed(1)} s; a token for ${dataset.users[0]?.email}: ${dataset.users[0]?.token}`);
}
