import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { actorForMessage } from '../../src/services/actors.js';
import type { Actor } from '../../src/services/deps.js';
import { logInteraction, type LogInteractionInput, type LoggedInteraction } from '../../src/services/logInteraction.js';
import { startTestAppWithOwner, type ApiClient, type TestAppWithOwner } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

/**
 * Every statement Kysely sends, by kind (select, insert, update, delete). Counted when its result
 * comes back: a query builder used as a subquery inside another statement is transformed too, but
 * never sent on its own.
 */
class StatementCounter implements KyselyPlugin {
  kinds: string[] = [];
  private readonly built = new WeakMap<object, string>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.built.set(args.queryId, args.node.kind.replace('QueryNode', '').toLowerCase());
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.kinds.push(this.built.get(args.queryId) ?? 'raw');
    return args.result;
  }
}

const NEXT_STEP = { type: 'next-step' as const, next: { due: { date: '2026-03-20' }, channel: 'call' as const, agenda: 'the revised quote' } };

/**
 * Issue 14 item 2: logging a touch holds the write lock for every statement it awaits, so it sends at
 * most six. Counted at the service, inside the one transaction a log is.
 */
describe.each(testDialects())('statements a log sends on %s', (dialect) => {
  let setup: TestAppWithOwner;
  let api: ApiClient;
  let actor: Actor;

  beforeAll(async () => {
    setup = await startTestAppWithOwner(dialect);
    api = setup.api;
    setup.t.clock.set('2026-03-02T15:00:00Z');
    const found = await actorForMessage(setup.t.store.db, { workspaceId: setup.workspaceId, userId: setup.userId });
    if (!found) throw new Error('no actor');
    actor = found;
  });
  afterAll(() => closeAll(setup.t));

  async function counted(input: LogInteractionInput): Promise<{ logged: LoggedInteraction; kinds: string[] }> {
    const counter = new StatementCounter();
    const { t } = setup;
    const deps = { ...t.deps, store: { ...t.store, db: t.store.db.withPlugin(counter) } };
    const logged = await logInteraction(deps, actor, input);
    return { logged, kinds: counter.kinds };
  }

  async function newContact(name: string): Promise<string> {
    const response = await api.post<{ id: string }>('/api/v1/contacts', { name, timeZone: 'America/New_York', company: 'Acme' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('an outcome with a next step on a new contact opens the opportunity and agrees the step in four', async () => {
    const contactId = await newContact('Dana Lee');
    const { logged, kinds } = await counted({ contactId, channel: 'call', result: 'connected', outcome: NEXT_STEP });
    expect(logged.next?.touchNumber).toBe(2);
    // the touch context with the capped touches around it, then the opportunity, the touch and the step
    // (no webhook endpoint listens, so no events are written)
    expect(kinds).toEqual(['select', 'insert', 'insert', 'insert']);
    const contact = await api.get<{ timeSpentMinutes: number }>(`/api/v1/contacts/${contactId}`);
    expect(contact.body.timeSpentMinutes).toBe(10); // a call's usual minutes, added by the database
  });

  it('the same again with a step still open renumbers it, in five', async () => {
    const contactId = await newContact('Sam Ortiz');
    await counted({ contactId, channel: 'call', result: 'connected', outcome: NEXT_STEP });
    const { logged, kinds } = await counted({ contactId, channel: 'call', result: 'connected', outcome: NEXT_STEP, minutes: 25 });
    expect(logged.interaction.touchNumber).toBe(2);
    expect(logged.next?.touchNumber).toBe(3);
    expect(kinds).toEqual(['select', 'insert', 'update', 'update', 'insert']);
    const contact = await api.get<{ timeSpentMinutes: number }>(`/api/v1/contacts/${contactId}`);
    expect(contact.body.timeSpentMinutes).toBe(35);
    const open = await api.get<{ items: Array<{ touchNumber: number }> }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items.map((f) => f.touchNumber)).toEqual([3, 3]);
  });

  it('keeping the promise and agreeing the next step sends six', async () => {
    const contactId = await newContact('Ira Chen');
    const first = await counted({ contactId, channel: 'call', result: 'connected', outcome: NEXT_STEP });
    const promise = first.logged.next;
    if (!promise) throw new Error('no next step');
    const { logged, kinds } = await counted({ contactId, channel: 'call', result: 'connected', followUpId: promise.id, outcome: NEXT_STEP });
    expect(logged.fulfilled?.status).toBe('done');
    // the promise, the touch context (no capped touches: keeping a promise is not pestering), the touch,
    // the promise kept, the opportunity's count, the next step
    expect(kinds).toEqual(['select', 'select', 'insert', 'update', 'update', 'insert']);
  });

  it('with a webhook endpoint listening, the events are one statement more', async () => {
    const hook = await api.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['interaction.logged', 'follow-up.created'] });
    expect(hook.status).toBe(201);
    const contactId = await newContact('Noor Haddad');
    const { kinds } = await counted({ contactId, channel: 'call', result: 'connected', outcome: NEXT_STEP });
    expect(kinds).toEqual(['select', 'insert', 'insert', 'insert', 'insert']);
    const queued = await setup.t.store.db.selectFrom('webhook_deliveries').select('event_type').execute();
    expect(queued.map((d) => d.event_type).sort()).toEqual(['follow-up.created', 'interaction.logged']);
  });
});
