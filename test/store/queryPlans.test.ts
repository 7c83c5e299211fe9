import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely';
import { findSessionActor, findTokenActor } from '../../src/store/accounts.js';
import { connect, type Store } from '../../src/store/connect.js';
import { findContactsByIds, listContacts } from '../../src/store/contacts.js';
import type { Db } from '../../src/store/db.js';
import { liveEnrollmentsOfContacts } from '../../src/store/enrollments.js';
import { openFollowUpsDueBefore, renumberOpenFollowUps } from '../../src/store/followUps.js';
import { contactsMatching } from '../../src/store/importsContacts.js';
import { lastTouchesAndConversations } from '../../src/store/interactions.js';
import { touchContextOf } from '../../src/store/touchContext.js';
import { noNextStepByOwner, noNextStepPage, openPromisesDueBefore, stalledByOwner, stalledPage, teamPromiseRows, touchesByAuthorMinute, touchesPage } from '../../src/store/team.js';
import { refreshStatistics } from '../../src/store/maintenance.js';
import { generate } from '../../bench/generate.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/** The tables that grow with the business (a million touches at scale 1): never read whole. */
const LARGE = ['contacts', 'interactions', 'follow_ups', 'opportunities', 'enrollments', 'contact_search_docs', 'api_tokens', 'sessions', 'users', 'memberships'];

interface Statement { sql: string; parameters: readonly unknown[] }

/** The statements a store function sends (only those executed: a subquery compiled on its own is not one). */
async function statementsOf(store: Store, run: (db: Db) => Promise<unknown>): Promise<Statement[]> {
  const compiled = new Map<QueryId, Statement>();
  const executed: Statement[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const query = store.db.getExecutor().compileQuery(args.node as RootOperationNode, args.queryId);
      compiled.set(args.queryId, { sql: query.sql, parameters: query.parameters });
      return args.node;
    },
    async transformResult(args) {
      const statement = compiled.get(args.queryId);
      if (statement) executed.push(statement);
      return args.result;
    },
  };
  await run(store.db.withPlugin(plugin));
  return executed;
}

/** The large tables a statement reads in full, by the database's own plan. */
async function fullScans(store: Store, statement: Statement): Promise<string[]> {
  if (store.dialect === 'sqlite') {
    const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, [...statement.parameters]));
    // "SCAN t" reads the table; "SCAN t USING [COVERING] INDEX" and "SEARCH" use an index.
    return plan.rows.map((r) => /^SCAN (\w+)(?: AS \w+)?$/.exec(r.detail)?.[1]).filter((t): t is string => t !== undefined)
      .filter((table) => LARGE.includes(table) || LARGE.some((l) => statement.sql.includes(`"${l}" as "${table}"`)));
  }
  // PostgreSQL plans a sequential scan for a small table whatever its indexes: with sequential scans
  // priced out, one that remains means no index serves the statement.
  return store.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const plan = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]));
    const scans: string[] = [];
    const walk = (node: Record<string, unknown>): void => {
      if (node['Node Type'] === 'Seq Scan' && LARGE.includes(String(node['Relation Name']))) scans.push(String(node['Relation Name']));
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
    };
    const root = (plan.rows[0]?.['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }> | undefined)?.[0]?.Plan;
    if (root) walk(root);
    return scans;
  });
}

/** The statements a store function sent that read a large table in full (it must send at least one). */
async function scanningStatements(store: Store, run: (db: Db) => Promise<unknown>): Promise<Array<{ sql: string; fullScans: string[] }>> {
  const statements = await statementsOf(store, run);
  expect(statements.length).toBeGreaterThan(0);
  const scanning = [];
  for (const statement of statements) {
    const scans = await fullScans(store, statement);
    if (scans.length > 0) scanning.push({ sql: statement.sql, fullScans: scans });
  }
  return scanning;
}

/** Each hot path's store function, in the words a failure names, for a workspace, its contacts and a user. */
function hotQueries(ws: string, ids: string[], userId: string): Array<[string, (db: Db) => Promise<unknown>]> {
  const first = ids[0] ?? 'c1';
  return [
    ['every API request: who the token acts as', (db) => findTokenActor(db, 'token-hash')],
    ['every web app request: who the session acts as', (db) => findSessionActor(db, 'session-hash')],
    ['the agenda: open follow-ups due', (db) => openFollowUpsDueBefore(db, ws, userId, '2026-03-03T00:00:00.000Z')],
    ['the agenda: their contacts', (db) => findContactsByIds(db, ws, ids)],
    ['the agenda: last touches and last conversations', (db) => lastTouchesAndConversations(db, ws, ids)],
    ['the agenda: running series', (db) => liveEnrollmentsOfContacts(db, ws, ids)],
    ['logging: the touch context', (db) => touchContextOf(db, ws, first, { preferredOpportunityId: null, exceptFollowUpId: null })],
    ['logging: the touch context of a kept promise', (db) => touchContextOf(db, ws, first, { preferredOpportunityId: 'o1', exceptFollowUpId: 'f1' })],
    ['logging: the touch context with the capped touches around it', (db) => touchContextOf(db, ws, first, {
      preferredOpportunityId: null, exceptFollowUpId: null, cappedBetween: { fromIso: '2026-03-01T00:00:00.000Z', toIso: '2026-03-05T00:00:00.000Z' },
    })],
    ['logging: renumbering open follow-ups', (db) => renumberOpenFollowUps(db, ws, first, 3)],
    ['import: duplicates by email and phone', (db) => contactsMatching(db, ws, ['a@example.com', 'b@example.com'], ['15550100'])],
    ['search: words, on the FTS5 index or the GIN index', (db) => listContacts(db, ws, { q: 'ann harb', limit: 50 })],
    ['search: a phone fragment', (db) => listContacts(db, ws, { q: '0612', limit: 50 })],
    ['team: promises agreed in the period', (db) => teamPromiseRows(db, { workspaceId: ws, userId: null }, { fromDate: '2026-03-02', untilDate: '2026-03-21' }, { from: '2026-03-01T00:00:00.000Z', until: '2026-03-22T00:00:00.000Z' })],
    ['team: late promises', (db) => openPromisesDueBefore(db, { workspaceId: ws, userId: null }, '2026-03-20T12:00:00.000Z')],
    ['team: stalled deals per owner', (db) => stalledByOwner(db, { workspaceId: ws, userId: null })],
    ['team: contacts with no next step per owner', (db) => noNextStepByOwner(db, { workspaceId: ws, userId: null })],
    ['team: touches per author this week', (db) => touchesByAuthorMinute(db, { workspaceId: ws, userId: null }, { from: '2026-03-15T00:00:00.000Z', until: '2026-03-20T12:00:00.000Z' })],
    ['team: one salesperson\'s stalled deals', (db) => stalledPage(db, { workspaceId: ws, userId }, 25, undefined)],
    ['team: one salesperson\'s contacts with no next step', (db) => noNextStepPage(db, { workspaceId: ws, userId }, 25, undefined)],
    ['team: one salesperson\'s touches', (db) => touchesPage(db, { workspaceId: ws, userId }, { from: '2026-03-15T00:00:00.000Z', until: '2026-03-20T12:00:00.000Z' }, 25, undefined)],
  ];
}

/**
 * Issue 14: the hot queries (the agenda, logging a touch, import's duplicate lookups) stay on their
 * indexes. Each is run, and every statement it sent is explained by the database itself.
 */
describe.each(testDialects())('hot queries use indexes on %s', (dialect) => {
  let url: string;
  let store: Store;
  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect, { migrated: true });
    store = connect(url);
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  const hot = hotQueries('w1', ['c1', 'c2', 'c3'], 'u1');

  it('the check itself sees a full scan (touches by their notes, which no index covers)', async () => {
    const statements = await statementsOf(store, (db) => db.selectFrom('interactions').select('id').where('notes', '=', 'pricing').execute());
    expect(await fullScans(store, statements[0] ?? { sql: '', parameters: [] })).toEqual(['interactions']);
  });

  it.runIf(dialect === 'postgres')('search\'s GIN indexes keep no pending list, which every search would read end to end', async () => {
    const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`SELECT relname, reloptions FROM pg_class
      WHERE relname IN ('contact_search_document', 'contact_search_head') ORDER BY relname`.execute(store.db);
    expect(rows).toEqual([
      { relname: 'contact_search_document', reloptions: ['fastupdate=off'] },
      { relname: 'contact_search_head', reloptions: ['fastupdate=off'] },
    ]);
  });

  it.each(hot)('%s', async (_, run) => {
    expect(await scanningStatements(store, run)).toEqual([]);
  });
});

/**
 * The same on a database grown by the bench's generator (a thousand contacts, ten thousand touches),
 * with the statistics the app keeps: after `refreshStatistics` on SQLite, averages only (no STAT4
 * samples, which made SQLite prepare value-dependent statements again on every run); on PostgreSQL,
 * ANALYZE's. Plans chosen from real statistics must still be the indexes.
 */
describe.each(testDialects())('hot queries keep their indexes under a grown database\'s statistics on %s', (dialect) => {
  let url: string;
  let store: Store;
  let hot: ReturnType<typeof hotQueries> = [];

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect);
    const data = await generate({ databaseUrl: url, scale: 0.01, users: 5 });
    store = connect(url);
    await refreshStatistics(store.db, dialect);
    const [user] = data.users;
    // The generator makes one workspace, so a count over all of a workspace's contacts reads the table,
    // which is that workspace: as cheap as its index would be. Only that summary is left out here.
    hot = hotQueries(data.workspaceId, user?.contactIds.slice(0, 3) ?? [], user?.id ?? 'u1')
      .filter(([name]) => name !== 'team: contacts with no next step per owner');
  }, 120_000);
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  it.runIf(dialect === 'sqlite')('the upkeep leaves averages for the large tables and no STAT4 samples', async () => {
    const { rows } = await sql<{ tbl: string }>`SELECT DISTINCT tbl FROM sqlite_stat1`.execute(store.db);
    expect(rows.map((r) => r.tbl)).toEqual(expect.arrayContaining(['contacts', 'interactions', 'follow_ups']));
    const { rows: samples } = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_stat4`.execute(store.db);
    expect(Number(samples[0]?.n)).toBe(0);
  });

  it('every hot query', async () => {
    const scanning = [];
    for (const [name, run] of hot) scanning.push(...(await scanningStatements(store, run)).map((statement) => ({ name, ...statement })));
    expect(scanning).toEqual([]);
  });
});
