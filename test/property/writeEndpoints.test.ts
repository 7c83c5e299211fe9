import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, followUpKinds, interestLevels, canBuyValues, relationships, results, roles } from '../../src/shared/vocabulary.js';
import { client, setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { snapshotDatabase, type DatabaseSnapshot } from '../helpers/tableSnapshot.js';

/**
 * Every write endpoint, fed random bodies and valid bodies with mutated fields, answers 2xx or a
 * problem+json 4xx; a 4xx changes no row of any table; nothing pollutes Object.prototype.
 */

const RUNS = Number(process.env.FT_PROPERTY_RUNS ?? 120);
const IT_TIMEOUT = 60_000;

// ---------------------------------------------------------------------------------------------
// A JSON document as a tree we render ourselves: keys such as __proto__ stay plain keys, duplicate
// keys and numbers JSON.stringify cannot write (1e999) are possible, and deep nesting is raw text.

type PoolName = 'contacts' | 'followUps' | 'opportunities';
type Scalar = string | number | boolean | null;
type JsonTree =
  | { kind: 'scalar'; value: Scalar }
  | { kind: 'array'; items: JsonTree[] }
  | { kind: 'object'; entries: Array<readonly [string, JsonTree]> }
  | { kind: 'raw'; text: string }
  | { kind: 'ref'; pool: PoolName; index: number };

/** A placeholder for the id of an existing row, resolved when the request is sent. */
class Ref {
  constructor(readonly pool: PoolName, readonly index: number) {}
}

const rawJson = (text: string): JsonTree => ({ kind: 'raw', text });

function toTree(value: unknown): JsonTree {
  if (value instanceof Ref) return { kind: 'ref', pool: value.pool, index: value.index };
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toTree) };
  if (typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toTree(v)] as const) };
  }
  return { kind: 'scalar', value: null };
}

type Pools = Record<PoolName, string[]>;

function render(tree: JsonTree, pools: Pools): string {
  switch (tree.kind) {
    case 'scalar': return JSON.stringify(tree.value) ?? 'null';
    case 'raw': return tree.text;
    case 'ref': {
      const ids = pools[tree.pool];
      return JSON.stringify(ids.length ? ids[tree.index % ids.length] : 'no-such-id');
    }
    case 'array': return `[${tree.items.map((item) => render(item, pools)).join(',')}]`;
    case 'object': return `{${tree.entries.map(([key, value]) => `${JSON.stringify(key)}:${render(value, pools)}`).join(',')}}`;
  }
}

type NodePath = number[];

function nodePaths(tree: JsonTree): NodePath[] {
  const paths: NodePath[] = [];
  const pending: Array<{ node: JsonTree; path: NodePath }> = [{ node: tree, path: [] }];
  while (pending.length) {
    const { node, path } = pending.pop() as { node: JsonTree; path: NodePath };
    paths.push(path);
    if (node.kind === 'array') node.items.forEach((item, i) => pending.push({ node: item, path: [...path, i] }));
    if (node.kind === 'object') node.entries.forEach(([, value], i) => pending.push({ node: value, path: [...path, i] }));
  }
  return paths.sort((a, b) => a.length - b.length || a.join('.').localeCompare(b.join('.')));
}

/** Rewrites the node at path; `null` from the edit removes it (the root becomes an empty body). */
function editAt(tree: JsonTree, path: NodePath, edit: (node: JsonTree) => JsonTree | null): JsonTree | null {
  const [head, ...rest] = path;
  if (head === undefined) return edit(tree);
  if (tree.kind === 'array') {
    const items = tree.items.flatMap((item, i) => {
      if (i !== head) return [item];
      const edited = editAt(item, rest, edit);
      return edited ? [edited] : [];
    });
    return { kind: 'array', items };
  }
  if (tree.kind === 'object') {
    const entries = tree.entries.flatMap(([key, value], i) => {
      if (i !== head) return [[key, value] as const];
      const edited = editAt(value, rest, edit);
      return edited ? [[key, edited] as const] : [];
    });
    return { kind: 'object', entries };
  }
  return tree;
}

type Mutation =
  | { op: 'replace'; value: JsonTree }
  | { op: 'remove' }
  | { op: 'addKey'; key: string; value: JsonTree }
  | { op: 'duplicateKey'; pick: number; value: JsonTree }
  | { op: 'nest'; depth: number };

function applyMutation(node: JsonTree, mutation: Mutation, pools: Pools): JsonTree | null {
  switch (mutation.op) {
    case 'replace': return mutation.value;
    case 'remove': return null;
    case 'addKey':
      return node.kind === 'object'
        ? { kind: 'object', entries: [...node.entries, [mutation.key, mutation.value] as const] }
        : { kind: 'object', entries: [[mutation.key, mutation.value] as const] };
    case 'duplicateKey': {
      if (node.kind !== 'object' || node.entries.length === 0) return mutation.value;
      const entry = node.entries[mutation.pick % node.entries.length];
      return entry ? { kind: 'object', entries: [...node.entries, [entry[0], mutation.value] as const] } : node;
    }
    case 'nest': return rawJson(`${'['.repeat(mutation.depth)}${render(node, pools)}${']'.repeat(mutation.depth)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Values a mutation puts in place of a field.

const hugeString = fc.tuple(
  fc.constantFrom('x', 'é', '😀', ' ', '\u0000', 'a\u0301', '\u202e'),
  fc.constantFrom(201, 321, 501, 1_001, 2_001, 5_001, 10_001, 20_001, 100_000, 600_000),
).map(([unit, n]) => toTree(unit.repeat(n)));

const unknownZone = fc.constantFrom(
  'Mars/Olympus_Mons', 'Europe/Londn', 'UTC+5', '+05:00', '-03:30', 'Etc/GMT+99', '', ' ', 'europe/london', 'EUROPE/PARIS',
  '../../etc/passwd', 'America/New_York\u0000', 'Z', 'Local', 'America/', '/', 'Asia/Calcutta', 'US/Pacific-New', '2026-03-02T15:00:00Z',
  'Europe/London[u-ca=japanese]', 'x'.repeat(65),
).map(toTree);

const impossibleDate = fc.oneof(
  fc.constantFrom(
    '2026-02-30', '2026-02-29', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-00-00', '9999-12-31', '10000-01-01',
    '2026-03-08T25:00', '2026-03-08T24:00', '2026-03-08T23:60', '2026-03-29T01:30', '2026-03-08T02:30', '2026-11-01T01:30',
    '2026-02-30T10:00:00Z', '2026-03-02T15:00:00+25:00', '2026-03-02T15:00:00', '2026-03-02T15:00:60Z', '2026-03-02 15:00:00Z',
    '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z', '+275761-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '2026-W10-1', '2026-061', 'now', 'tomorrow',
    '2026-03-02T15:00:00.123456789Z', '2026-03-02T15:00:00Z[Europe/London]', '1e10', '2026-3-2', '２０２６-０３-０２',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(fc.integer({ min: -1, max: 10_001 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), fc.integer({ min: -1, max: 25 }), fc.integer({ min: -1, max: 61 }))
    .map(([y, mo, d, h, mi]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`),
).map(toTree);

const wrongType = fc.constantFrom<unknown>(
  0, -1, 1.5, -0, 2 ** 53 + 2, 1e308, true, false, null, '', ' ', '0', 'true', 'null', [], [1, 2], [''], {}, { a: 1 }, { due: {} }, [null],
).map(toTree);

const oddNumber = fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '-0', '1E+2', '0.0000000000000000000001', '1.0').map(rawJson);

const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', '\ufeff', '\u202eevil', '𝕏', '\u200b', 'Ω'.repeat(3), '\r\n', '\\', '"', '%00', '<script>', "'; drop table contacts; --"),
).map(toTree);

const specialKeyObject = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":null}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
).map(rawJson);

const deepNesting = fc.tuple(fc.constantFrom(50, 500, 5_000, 20_000), fc.boolean())
  .map(([n, arrays]) => rawJson(arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}null${'}'.repeat(n)}`));

const foreignRef = fc.tuple(fc.constantFrom<PoolName>('contacts', 'followUps', 'opportunities'), fc.nat()).map(([pool, index]): JsonTree => ({ kind: 'ref', pool, index }));

const replacement: fc.Arbitrary<JsonTree> = fc.oneof(
  { weight: 3, arbitrary: wrongType },
  { weight: 2, arbitrary: hugeString },
  { weight: 2, arbitrary: unknownZone },
  { weight: 3, arbitrary: impossibleDate },
  { weight: 3, arbitrary: unicode },
  { weight: 1, arbitrary: specialKeyObject },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: oddNumber },
  { weight: 1, arbitrary: foreignRef },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(toTree) },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: replacement.map((value): Mutation => ({ op: 'replace', value })) },
  { weight: 2, arbitrary: fc.constant<Mutation>({ op: 'remove' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'unknownField', '', 'id', 'workspaceId', 'doNotContact'), fc.string({ maxLength: 10 })),
      value: replacement,
    }).map(({ key, value }): Mutation => ({ op: 'addKey', key, value })),
  },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(), value: replacement }).map(({ pick, value }): Mutation => ({ op: 'duplicateKey', pick, value })) },
  { weight: 1, arbitrary: fc.constantFrom(1, 3, 1_000).map((depth): Mutation => ({ op: 'nest', depth })) },
);

const randomBody: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map(toTree),
  fc.string({ unit: 'binary', maxLength: 200 }).map(rawJson),
  fc.constantFrom(
    '', ' ', 'null', 'true', '0', '[]', '{}', '"x"', '{', '}', '{"a":1,}', "{'a':1}", '\u0000', '\ufeff{}', 'NaN', '1e999',
    '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '[{"__proto__":{"polluted":"yes"}}]',
    '{"name":"a","name":"b"}', '{"a":"\\ud800"}', '{"a":"\\u0000"}',
  ).map(rawJson),
  deepNesting,
);

const contentType = fc.oneof(
  { weight: 20, arbitrary: fc.constant<string | null>('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | null>(
      'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', null, 'application/vnd.api+json',
      'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json, text/plain',
    ),
  },
);

/** A path segment for `{id}`: an existing row's id most of the time, otherwise anything. */
type PathId = { kind: 'pool'; index: number } | { kind: 'raw'; segment: string };
const pathId: fc.Arbitrary<PathId> = fc.oneof(
  { weight: 8, arbitrary: fc.nat().map((index): PathId => ({ kind: 'pool', index })) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 70 }).map(encodeURIComponent),
      fc.constantFrom('%00', '%zz', '%', 'x'.repeat(65), '..', '%2e%2e', '%2F', '00000000-0000-7000-8000-000000000000', '%F0%9F%98%80', '%C0%AE', '%E2%80%AE', 'null', 'undefined', '__proto__'),
    ).map((segment): PathId => ({ kind: 'raw', segment })),
  },
);

// ---------------------------------------------------------------------------------------------
// Valid bodies of each endpoint; mutations start from these.

const zone = fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC', 'Asia/Kathmandu', 'America/St_Johns');
const shortText = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
const optionalRare = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const futureDate = fc.date({ min: new Date('2026-03-03T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
const pastInstant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-03-02T14:59:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

const due = fc.oneof(
  futureDate.map((d) => ({ at: d.toISOString() })),
  fc.record({ local: futureDate.map((d) => d.toISOString().slice(0, 16)), timeZone: zone }, { requiredKeys: ['local'] }),
  futureDate.map((d) => ({ date: d.toISOString().slice(0, 10) })),
);

const followUpInput = {
  due, channel: fc.constantFrom(...channels), agenda: shortText, progress: shortText, kind: fc.constantFrom(...followUpKinds), promised: fc.boolean(),
};

const ref = (pool: PoolName) => fc.nat().map((index) => new Ref(pool, index));

const contactFields = {
  name: shortText,
  email: fc.constantFrom('dana@example.com', 'lee.s+crm@example.org', null),
  phone: fc.constantFrom('+1 212 555 0100', '020 7946 0000', null),
  company: shortText,
  title: shortText,
  timeZone: zone,
  preferredChannel: fc.constantFrom(...channels, null),
  reachable: fc.array(fc.record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    from: fc.constantFrom('00:00', '08:00', '09:30', '12:15'),
    to: fc.constantFrom('13:00', '17:00', '23:59', '24:00'),
  }), { maxLength: 3 }),
  interests: fc.array(shortText, { maxLength: 4 }),
  relationship: fc.constantFrom(...relationships),
  interest: fc.constantFrom(...interestLevels),
  canBuy: fc.constantFrom(...canBuyValues),
  notes: fc.string({ maxLength: 200 }),
  customerSince: fc.constantFrom('2024-05-01', null),
};

const outcome = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('next-step'), next: fc.record(followUpInput, { requiredKeys: ['due', 'channel'] }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('yes', 'no-agreement') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('no') }) },
);

interface Endpoint {
  name: string;
  method: 'POST' | 'PATCH' | 'PUT';
  /** The path, with `{id}` standing for an id of `idPool`. */
  path: string;
  idPool?: PoolName;
  validBody: fc.Arbitrary<unknown>;
}

const endpoints: Endpoint[] = [
  { name: 'POST /api/v1/contacts', method: 'POST', path: '/api/v1/contacts', validBody: fc.record(contactFields, { requiredKeys: ['name'] }) },
  { name: 'PATCH /api/v1/contacts/{id}', method: 'PATCH', path: '/api/v1/contacts/{id}', idPool: 'contacts', validBody: fc.record(contactFields, { requiredKeys: [] }) },
  {
    name: 'POST /api/v1/interactions', method: 'POST', path: '/api/v1/interactions',
    validBody: fc.record({
      contactId: ref('contacts'),
      channel: fc.constantFrom(...channels),
      result: optionalRare(fc.constantFrom(...results)),
      direction: optionalRare(fc.constantFrom('out', 'in')),
      occurredAt: optionalRare(pastInstant),
      notes: optionalRare(fc.string({ maxLength: 100 })),
      changed: optionalRare(shortText),
      followUpId: optionalRare(ref('followUps')),
      opportunityId: optionalRare(ref('opportunities')),
      outcome,
    }),
  },
  {
    name: 'POST /api/v1/follow-ups', method: 'POST', path: '/api/v1/follow-ups',
    validBody: fc.record({ contactId: ref('contacts'), ...followUpInput, opportunityId: ref('opportunities') }, { requiredKeys: ['contactId', 'due', 'channel'] }),
  },
  {
    name: 'PATCH /api/v1/follow-ups/{id}', method: 'PATCH', path: '/api/v1/follow-ups/{id}', idPool: 'followUps',
    validBody: fc.tuple(
      fc.record({ due, channel: fc.constantFrom(...channels), agenda: shortText, progress: shortText }, { requiredKeys: [] }),
      optionalRare(fc.record({ status: fc.constantFrom('cancelled', 'skipped'), reason: shortText }, { requiredKeys: ['status'] })),
    ).map(([fields, status]) => ({ ...fields, ...status })),
  },
  { name: 'POST /api/v1/contacts/{id}/opt-out', method: 'POST', path: '/api/v1/contacts/{id}/opt-out', idPool: 'contacts', validBody: fc.record({ reason: shortText }) },
  { name: 'POST /api/v1/contacts/{id}/opt-in', method: 'POST', path: '/api/v1/contacts/{id}/opt-in', idPool: 'contacts', validBody: fc.record({ evidence: shortText }) },
  { name: 'POST /api/v1/opportunities', method: 'POST', path: '/api/v1/opportunities', validBody: fc.record({ contactId: ref('contacts'), title: shortText }) },
  { name: 'POST /api/v1/tokens', method: 'POST', path: '/api/v1/tokens', validBody: fc.record({ name: shortText }) },
  {
    name: 'POST /api/v1/users', method: 'POST', path: '/api/v1/users',
    validBody: fc.record({
      email: fc.oneof(fc.uuid().map((u) => `user-${u}@example.com`), fc.emailAddress(), fc.constant('owner@example.com')),
      password: fc.string({ minLength: 10, maxLength: 40 }),
      name: shortText,
      role: fc.constantFrom(...roles),
      timeZone: zone,
    }, { requiredKeys: ['email', 'password', 'name', 'role'] }),
  },
  { name: 'POST /api/v1/workspaces', method: 'POST', path: '/api/v1/workspaces', validBody: fc.record({ name: shortText, timeZone: zone }) },
  {
    name: 'PUT /api/v1/mail-settings/me', method: 'PUT', path: '/api/v1/mail-settings/me',
    validBody: fc.record({
      fromAddress: fc.emailAddress(),
      fromName: fc.option(shortText, { nil: null }),
      smtp: fc.record({
        host: fc.constantFrom('smtp.example.com', '127.0.0.1', 'mail.acme.example'), port: fc.integer({ min: 1, max: 65535 }),
        security: fc.constantFrom('tls', 'starttls', 'none'), user: fc.option(shortText, { nil: null }), password: fc.string({ minLength: 1, maxLength: 30 }),
      }, { requiredKeys: ['host'] }),
      hourlyCap: fc.integer({ min: 1, max: 20 }),
      dailyCap: fc.integer({ min: 20, max: 500 }),
    }, { requiredKeys: ['fromAddress', 'smtp'] }),
  },
  {
    name: 'PATCH /api/v1/workspace/settings', method: 'PATCH', path: '/api/v1/workspace/settings',
    validBody: fc.record({ postalAddress: fc.option(fc.string({ minLength: 5, maxLength: 80 }), { nil: null }), allowMultipleEnrollments: fc.boolean() }, { requiredKeys: [] }),
  },
];

interface WriteRequest {
  /** A valid body (or a random one) and the mutations to apply to it, in order. */
  base: JsonTree;
  mutations: Array<{ pick: number; mutation: Mutation }>;
  contentType: string | null;
  id: PathId;
}

function requestsFor(endpoint: Endpoint): fc.Arbitrary<WriteRequest> {
  const mutated = fc.record({
    base: endpoint.validBody.map(toTree),
    mutations: fc.array(fc.record({ pick: fc.nat(), mutation }), { minLength: 0, maxLength: 3 }),
  });
  const random = randomBody.map((base) => ({ base, mutations: [] }));
  return fc.record({ body: fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: random }), contentType, id: pathId })
    .map(({ body, contentType: type, id }) => ({ ...body, contentType: type, id }));
}

/** The request's body text: each mutation edits the node its `pick` selects among all nodes. */
function payloadOf(request: WriteRequest, pools: Pools): string {
  const tree = request.mutations.reduce<JsonTree>((current, { pick, mutation: m }) => {
    const paths = nodePaths(current);
    const path = paths[pick % paths.length] ?? [];
    return editAt(current, path, (node) => applyMutation(node, m, pools)) ?? rawJson('');
  }, request.base);
  return render(tree, pools);
}

// ---------------------------------------------------------------------------------------------

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function assertPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
}

interface ProblemBody {
  type: unknown;
  title: unknown;
  status: unknown;
}

describe.each(testDialects())('write endpoints under random and mutated bodies on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  /** The database's snapshot when the last request was a 4xx that changed nothing. */
  let unchanged: DatabaseSnapshot | null = null;

  /** Ids of existing rows; cached until a 2xx may have added some. */
  let cachedPools: Pools | null = null;
  async function pools(): Promise<Pools> {
    if (cachedPools) return cachedPools;
    const db = t.store.db;
    const [contacts, followUps, opportunities] = await Promise.all([
      db.selectFrom('contacts').select('id').orderBy('id').execute(),
      db.selectFrom('follow_ups').select('id').orderBy('id').execute(),
      db.selectFrom('opportunities').select('id').orderBy('id').execute(),
    ]);
    cachedPools = { contacts: contacts.map((r) => r.id), followUps: followUps.map((r) => r.id), opportunities: opportunities.map((r) => r.id) };
    return cachedPools;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app)).api;
    const made = async (path: string, body: unknown, api: ApiClient = owner): Promise<string> => {
      const response = await api.post<{ id: string }>(path, body);
      if (response.status !== 201) throw new Error(`fixture ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id;
    };
    const contactIds: string[] = [];
    for (const [name, timeZone] of [['Dana Lee', 'America/New_York'], ['Ravi Rao', 'Asia/Kolkata'], ['Mia Kim', 'Europe/London'], ['Tom Ng', 'Pacific/Chatham']] as const) {
      contactIds.push(await made('/api/v1/contacts', { name, timeZone, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` }));
    }
    for (const contactId of contactIds) {
      await made('/api/v1/follow-ups', { contactId, due: { local: '2026-03-10T10:00' }, channel: 'call', agenda: 'check in' });
      await made('/api/v1/follow-ups', { contactId, due: { date: '2026-03-12' }, channel: 'email' });
    }
    await made('/api/v1/opportunities', { contactId: contactIds[0], title: 'Pilot' });
    // Rows of another workspace: ids that exist but must read as missing.
    const other = await owner.post<{ token: string }>('/api/v1/workspaces', { name: 'Other', timeZone: 'Asia/Tokyo' });
    const stranger = client(t.app, other.body.token);
    const strangerContact = await made('/api/v1/contacts', { name: 'Stranger' }, stranger);
    await made('/api/v1/follow-ups', { contactId: strangerContact, due: { date: '2026-03-11' }, channel: 'call' }, stranger);
  });
  afterAll(async () => { await t?.close(); });

  async function send(endpoint: Endpoint, request: WriteRequest): Promise<void> {
    const current = await pools();
    const ids = endpoint.idPool ? current[endpoint.idPool] : [];
    const segment = request.id.kind === 'raw' ? request.id.segment : encodeURIComponent(ids[request.id.index % Math.max(ids.length, 1)] ?? 'none');
    const url = endpoint.path.replace('{id}', segment);
    const payload = payloadOf(request, current);
    // After a 4xx the database was just proven unchanged, so that snapshot is still current.
    const before = unchanged ?? await snapshotDatabase(t.store.db);
    unchanged = null;
    const response = await t.app.inject({
      method: endpoint.method, url, payload,
      headers: { authorization: `Bearer ${owner.token}`, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
    });
    const context = `${endpoint.method} ${url.slice(0, 200)} [${request.contentType}] ${payload.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    const status = response.statusCode;
    expect(status >= 200 && status < 300 || status >= 400 && status < 500, context).toBe(true);
    if (status < 300) cachedPools = null;
    if (status >= 400) {
      expect(String(response.headers['content-type']), context).toMatch(/^application\/problem\+json/);
      const problem = response.json<ProblemBody>();
      expect(typeof problem.type, context).toBe('string');
      expect(typeof problem.title, context).toBe('string');
      expect(problem.status, context).toBe(status);
      expect(await snapshotDatabase(t.store.db), `${context}\n(a 4xx changed the database)`).toEqual(before);
      unchanged = before;
    }
    assertPrototypesClean();
  }

  for (const endpoint of endpoints) {
    it(`${endpoint.name} answers 2xx or an unchanged-database problem 4xx`, async () => {
      await fc.assert(fc.asyncProperty(requestsFor(endpoint), (request) => send(endpoint, request)), { numRuns: RUNS });
    }, IT_TIMEOUT);
  }

  it('leaves Object.prototype unpolluted by __proto__ and constructor.prototype bodies', async () => {
    const poison = ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"name":"x","reachable":[{"__proto__":{"polluted":"yes"}}]}'];
    for (const endpoint of endpoints) {
      for (const payload of poison) {
        await t.app.inject({
          method: endpoint.method, url: endpoint.path.replace('{id}', (await pools()).contacts[0] ?? 'x'), payload,
          headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
        });
      }
    }
    assertPrototypesClean();
  });
});
