import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOwner, startTestApp, type TestApp } from '../../test/helpers/app.js';
import { testDialects } from '../../test/helpers/databases.js';
import { AppError } from '../core/errors.js';
import { createWorkspace, localActor } from '../services/accounts.js';
import { agendaFor } from '../services/agenda.js';
import { seedDemo, type SeedDemoSummary } from './seedDemo.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { listPipeline } from '../services/opportunities.js';

const NOW = '2026-03-02T15:00:00Z';

async function freshWorkspace(deps: ServiceDeps, actor: Actor, name: string, timeZone?: string): Promise<Actor> {
  const { workspace } = await createWorkspace(deps, actor, { name, timeZone: actor.workspace.timeZone });
  return { user: timeZone ? { ...actor.user, timeZone } : actor.user, workspace, role: 'owner' };
}

/** The people and stories of a workspace, without ids or anything else random. */
async function fingerprint(deps: ServiceDeps, workspaceId: string) {
  const contacts = await deps.store.db.selectFrom('contacts').select(['name', 'email', 'time_zone', 'company', 'relationship', 'do_not_contact'])
    .where('workspace_id', '=', workspaceId).orderBy('email').execute();
  const touches = await deps.store.db.selectFrom('interactions').select(['occurred_at', 'channel', 'result', 'outcome', 'notes', 'touch_number'])
    .where('workspace_id', '=', workspaceId).orderBy('occurred_at').orderBy('notes').execute();
  const followUps = await deps.store.db.selectFrom('follow_ups').select(['due_at', 'due_local', 'kind', 'channel', 'status', 'agenda'])
    .where('workspace_id', '=', workspaceId).orderBy('due_at').orderBy('agenda').execute();
  return { contacts, touches, followUps };
}

describe.each(testDialects())('demo data on %s', (dialect) => {
  let t: TestApp;
  let actor: Actor;
  let summary: SeedDemoSummary;
  let seconds = 0;
  const progress: number[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    t.clock.set(NOW);
    await setUpOwner(t.app, { timeZone: 'Europe/London' });
    actor = await localActor(t.deps);
    const started = performance.now();
    summary = await seedDemo(t.deps, actor, { seed: 7, onProgress: (done, total) => { expect(total).toBe(300); progress.push(done); } });
    seconds = (performance.now() - started) / 1000;
    console.info(`[demo ${dialect}] 300 contacts in ${seconds.toFixed(2)}s: ${JSON.stringify(summary)}`);
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const ws = () => actor.workspace.id;
  const db = () => t.store.db;

  it('seeds 300 contacts with a history, reporting progress and a summary that matches the agenda', async () => {
    expect(summary.contacts).toBe(300);
    expect(progress).toHaveLength(300);
    expect(progress[299]).toBe(300);
    const count = await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws()).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(300);
    const touches = await db().selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws()).executeTakeFirstOrThrow();
    expect(Number(touches.n)).toBe(summary.interactions);
    expect(summary.interactions).toBeGreaterThan(600);
    const open = await db().selectFrom('follow_ups').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws()).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(summary.followUps);
    // How fast it seeds is a bound on the machine: test/slow/demoSeed.test.ts asserts it, in the slow project.
  });

  it('gives a living agenda: items today, some overdue, promises with their openers', async () => {
    const agenda = await agendaFor(t.deps, actor);
    expect(agenda.date).toBe('2026-03-02');
    expect(agenda.today.length).toBeGreaterThanOrEqual(5);
    expect(agenda.overdue.length).toBeGreaterThanOrEqual(3);
    expect(agenda.today.length).toBe(summary.today);
    expect(agenda.overdue.length).toBe(summary.overdue);
    expect(agenda.overdue.every((item) => Date.parse(item.followUp.dueAt) < Date.parse('2026-03-02T00:00:00Z') || item.followUp.allDay)).toBe(true);
    const promised = [...agenda.today, ...agenda.overdue].filter((item) => item.followUp.promised);
    expect(promised.length).toBeGreaterThan(0);
    expect(promised.every((item) => item.opener.includes('You asked me'))).toBe(true);
    expect(promised.every((item) => item.lastInteraction !== null && item.followUp.agenda)).toBe(true);
    // An overdue promise is owned, not passed off as today's.
    const late = agenda.overdue.filter((item) => item.followUp.promised);
    expect(late.length).toBeGreaterThan(0);
    for (const item of late) {
      expect(item.opener).toContain('I\'m sorry this is late');
      expect(item.opener).not.toContain('get back to you today');
    }
    // Later promises exist beyond today, spread over the coming weeks.
    const later = await db().selectFrom('follow_ups').select('due_at').where('workspace_id', '=', ws()).where('status', '=', 'open').where('due_at', '>=', '2026-03-03T00:00:00.000Z').execute();
    expect(later.length).toBeGreaterThan(100);
  });

  it('logs every touch through the rules: conversations end with an outcome and every next step has its follow-up', async () => {
    const conversationsWithoutOutcome = await db().selectFrom('interactions').select('id').where('workspace_id', '=', ws()).where('outcome', 'is', null)
      .where((eb) => eb.or([eb('result', 'in', ['connected', 'held', 'replied']), eb.and([eb('result', 'is', null), eb('channel', 'in', ['meeting', 'video', 'coffee'])])]))
      .execute();
    expect(conversationsWithoutOutcome).toHaveLength(0);

    const nextSteps = await db().selectFrom('interactions as i').leftJoin('follow_ups as f', 'f.created_by_interaction_id', 'i.id')
      .select(['i.id as interactionId', 'f.id as followUpId', 'f.promised', 'f.source'])
      .where('i.workspace_id', '=', ws()).where('i.outcome', '=', 'next-step').execute();
    expect(nextSteps.length).toBeGreaterThan(300);
    expect(nextSteps.filter((row) => row.followUpId === null)).toHaveLength(0);
    expect(nextSteps.every((row) => row.promised === 1 && row.source === 'agreement')).toBe(true);

    const outcomes = await db().selectFrom('interactions').select(['outcome', 'channel', 'result']).where('workspace_id', '=', ws()).execute();
    const has = (pred: (o: (typeof outcomes)[number]) => boolean) => outcomes.some(pred);
    expect(has((o) => o.outcome === 'yes')).toBe(true);
    expect(has((o) => o.outcome === 'no')).toBe(true);
    expect(has((o) => o.outcome === 'no-agreement')).toBe(true);
    expect(has((o) => o.result === 'voicemail')).toBe(true);
    for (const channel of ['meeting', 'call', 'email', 'coffee', 'video']) expect(has((o) => o.channel === channel), channel).toBe(true);

    // Kept promises: most agreed follow-ups that were done were done by the touch that named them.
    const done = await db().selectFrom('follow_ups').select('id').where('workspace_id', '=', ws()).where('status', '=', 'done').execute();
    const fulfilled = await db().selectFrom('interactions').select('follow_up_id').where('workspace_id', '=', ws()).where('follow_up_id', 'is not', null).execute();
    expect(done.length).toBe(fulfilled.length);
  });

  it('keeps history in the past ~120 days and nothing in the future', async () => {
    const range = await db().selectFrom('interactions').select((eb) => [eb.fn.min('occurred_at').as('first'), eb.fn.max('occurred_at').as('last'), eb.fn.max('created_at').as('logged')])
      .where('workspace_id', '=', ws()).executeTakeFirstOrThrow();
    const now = Date.parse(NOW);
    expect(Date.parse(String(range.first))).toBeGreaterThan(now - 125 * 86_400_000);
    expect(Date.parse(String(range.first))).toBeLessThan(now - 60 * 86_400_000);
    expect(Date.parse(String(range.last))).toBeLessThanOrEqual(now);
    expect(Date.parse(String(range.logged))).toBeLessThanOrEqual(now);
    const contacts = await db().selectFrom('contacts').select('created_at').where('workspace_id', '=', ws()).execute();
    expect(contacts.every((c) => Date.parse(c.created_at) <= now)).toBe(true);
  });

  it('has people who said no: do-not-contact, with no open follow-up and a lost opportunity', async () => {
    const dnc = await db().selectFrom('contacts').select(['id', 'dnc_reason']).where('workspace_id', '=', ws()).where('do_not_contact', '=', 1).execute();
    expect(dnc.length).toBeGreaterThanOrEqual(10);
    const open = await db().selectFrom('follow_ups').select('id').where('workspace_id', '=', ws()).where('status', '=', 'open')
      .where('contact_id', 'in', dnc.map((c) => c.id)).execute();
    expect(open).toHaveLength(0);
    expect(dnc.every((c) => c.dnc_reason === 'said no')).toBe(true);
    // A "no" on a first conversation has no opportunity to close; later ones close theirs as lost.
    const lost = await db().selectFrom('opportunities').select('contact_id').where('workspace_id', '=', ws()).where('status', '=', 'lost').execute();
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThanOrEqual(dnc.length);
    expect(lost.every((o) => dnc.some((c) => c.id === o.contact_id))).toBe(true);
  });

  it('has won deals (after several touches), stalled opportunities and unqualified contacts', async () => {
    const won = await db().selectFrom('opportunities').select('closed_on_touch').where('workspace_id', '=', ws()).where('status', '=', 'won').execute();
    expect(won.length).toBeGreaterThanOrEqual(20);
    expect(won.every((o) => (o.closed_on_touch ?? 0) >= 3)).toBe(true);
    const pipeline = await listPipeline(t.deps, actor, { status: 'open', limit: 500 });
    expect(pipeline.items.filter((o) => o.stalled).length).toBeGreaterThanOrEqual(5);
    const unqualified = await db().selectFrom('contacts').select('id').where('workspace_id', '=', ws())
      .where((eb) => eb.or([eb('interest', '=', 'passing'), eb('can_buy', '=', 'no')])).execute();
    expect(unqualified.length).toBeGreaterThan(5);
    const relationships = await db().selectFrom('contacts').select('relationship').distinct().where('workspace_id', '=', ws()).execute();
    expect(relationships.map((r) => r.relationship).sort()).toEqual(['customer', 'partner', 'prospect', 'referral-source']);
  });

  it('spreads contacts over many zones with believable details', async () => {
    const contacts = await db().selectFrom('contacts').selectAll().where('workspace_id', '=', ws()).execute();
    const zones = new Set(contacts.map((c) => c.time_zone));
    expect(zones.size).toBeGreaterThanOrEqual(8);
    for (const zone of ['Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles', 'America/New_York', 'Europe/Berlin']) expect(zones.has(zone), zone).toBe(true);
    expect(new Set(contacts.map((c) => c.email)).size).toBe(contacts.length);
    expect(contacts.every((c) => /^[a-z]+\.[a-z]+\d*@[a-z]+\.example$/.test(c.email ?? ''))).toBe(true);
    expect(contacts.every((c) => JSON.parse(c.reachable).length > 0 && JSON.parse(c.interests).length > 0 && c.company && c.title)).toBe(true);
    expect(new Set(contacts.map((c) => c.preferred_channel)).size).toBeGreaterThanOrEqual(4);
    const interests = new Set(contacts.flatMap((c) => JSON.parse(c.interests) as string[]));
    expect(interests.has('SOC 2 audit') || interests.has('cutting onboarding time')).toBe(true);
  });

  it('refuses a workspace that already has contacts', async () => {
    const again = seedDemo(t.deps, actor, { contacts: 5 });
    await expect(again).rejects.toBeInstanceOf(AppError);
    await expect(seedDemo(t.deps, actor, { contacts: 5 })).rejects.toMatchObject({ code: 'conflict', message: 'this workspace already has contacts; demo data goes into an empty workspace' });
    const count = await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws()).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(300);
  });

  it('is deterministic for a seed and clock, and different for another seed', async () => {
    const a = await freshWorkspace(t.deps, actor, 'Demo A');
    const b = await freshWorkspace(t.deps, actor, 'Demo B');
    const c = await freshWorkspace(t.deps, actor, 'Demo C');
    await seedDemo(t.deps, a, { contacts: 40, seed: 99 });
    await seedDemo(t.deps, b, { contacts: 40, seed: 99 });
    await seedDemo(t.deps, c, { contacts: 40, seed: 100 });
    const [fa, fb, fc] = await Promise.all([fingerprint(t.deps, a.workspace.id), fingerprint(t.deps, b.workspace.id), fingerprint(t.deps, c.workspace.id)]);
    expect(fa).toEqual(fb);
    expect(fa.contacts).not.toEqual(fc.contacts);
  }, 60_000);

  it('still shows something today and overdue for a tiny demo, in a user zone far from UTC', async () => {
    const tiny = await freshWorkspace(t.deps, actor, 'Tiny', 'Pacific/Auckland');
    const result = await seedDemo(t.deps, tiny, { contacts: 4, seed: 3 });
    expect(result.contacts).toBe(4);
    expect(result.today).toBeGreaterThanOrEqual(1);
    expect(result.overdue).toBeGreaterThanOrEqual(1);
    const agenda = await agendaFor(t.deps, tiny);
    expect(agenda.date).toBe('2026-03-03'); // 15:00Z is the next morning in Auckland
    expect(agenda.today.length).toBe(result.today);
  });

  it('writes all or nothing: a failure part-way leaves the workspace empty, ready for another try', async () => {
    const ws2 = await freshWorkspace(t.deps, actor, 'Interrupted');
    const boom = seedDemo(t.deps, ws2, { contacts: 20, onProgress: (done) => { if (done === 12) throw new Error('interrupted'); } });
    await expect(boom).rejects.toThrow('interrupted');
    const count = async () => Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws2.workspace.id).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(0);
    const touches = await db().selectFrom('interactions').select('id').where('workspace_id', '=', ws2.workspace.id).execute();
    expect(touches).toHaveLength(0);
    expect((await seedDemo(t.deps, ws2, { contacts: 20 })).contacts).toBe(20);
    expect(await count()).toBe(20);
  });

  it('rejects bad options without writing anything', async () => {
    const empty = await freshWorkspace(t.deps, actor, 'Empty');
    await expect(seedDemo(t.deps, empty, { contacts: 0 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(seedDemo(t.deps, empty, { contacts: 2.5 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(seedDemo(t.deps, empty, { seed: Number.NaN })).rejects.toMatchObject({ code: 'invalid' });
    const count = await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', empty.workspace.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
