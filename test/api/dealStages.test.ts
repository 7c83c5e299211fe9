import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, Forecast, Stage } from '../../src/shared/deals.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { memberOf } from '../helpers/teamMembers.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type List<T> = { items: T[] };
type Deal = {
  id: string; contactId: string; title: string; status: string; closedOnTouch: number | null; closedAt: string | null; stalled: boolean;
  stage: { id: string; name: string; probability: number; kind: string } | null;
  amount: number | null; currency: string; expectedCloseDate: string | null; weightedAmount: number | null;
};

const NOW = '2026-03-02T15:00:00Z';

describe.each(testDialects())('deal stages on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW }));
  });
  afterAll(() => closeAll(t));

  const stagesOf = async (api: ApiClient) => {
    const response = await api.get<List<Stage>>('/api/v1/stages');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  };

  async function dealIn(api: ApiClient, name: string, value: Record<string, unknown> = {}): Promise<Deal> {
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name, company: `${name} Ltd` });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const deal = await api.post<Deal>('/api/v1/opportunities', { contactId: contact.body.id, title: `${name} pilot`, ...value });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    return deal.body;
  }

  const nextStep = { due: { local: '2026-03-05T10:00' }, channel: 'call', agenda: 'walk through the proposal' };

  describe('stages', () => {
    it('a new workspace has the default stages, open ones in order then won and lost', async () => {
      const api = await newWorkspace(t, owner);
      const stages = await stagesOf(api);
      expect(stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
        ['Qualified', 10, 'open'], ['Meeting held', 30, 'open'], ['Proposal sent', 60, 'open'], ['Negotiation', 80, 'open'], ['Won', 100, 'won'], ['Lost', 0, 'lost'],
      ]);
    });

    it('an owner renames, reorders, re-weights, adds and removes stages', async () => {
      const api = await newWorkspace(t, owner);
      const [q, m, p, n, won, lost] = await stagesOf(api);
      const replaced = await api.put<List<Stage>>('/api/v1/stages', { stages: [
        { id: m!.id, name: 'Demo done', probability: 25, kind: 'open' },
        { id: q!.id, name: 'Qualified', probability: 10, kind: 'open' },
        { name: 'Trial', probability: 50, kind: 'open' },
        { id: n!.id, name: 'Negotiation', probability: 85, kind: 'open' },
        { id: won!.id, name: 'Signed', probability: 100, kind: 'won' },
        { id: lost!.id, name: 'Lost', probability: 0, kind: 'lost' },
      ] });
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
      expect(replaced.body.items.map((s) => `${s.name} ${s.probability}`)).toEqual(['Demo done 25', 'Qualified 10', 'Trial 50', 'Negotiation 85', 'Signed 100', 'Lost 0']);
      expect((await stagesOf(api)).some((s) => s.id === p!.id)).toBe(false);
    });

    it('refuses bad lists with a 400 naming the field, and changes nothing', async () => {
      const api = await newWorkspace(t, owner);
      const before = await stagesOf(api);
      const keep = before.map(({ id, name, probability, kind }) => ({ id, name, probability, kind }));
      const cases: [unknown, string][] = [
        [{ stages: keep.map((s, i) => (i === 1 ? { ...s, probability: 140 } : s)) }, 'stages.1.probability'],
        [{ stages: keep.map((s, i) => (i === 2 ? { ...s, name: '' } : s)) }, 'stages.2.name'],
        [{ stages: keep.filter((s) => s.kind !== 'lost') }, 'stages'],
        [{ stages: [...keep, { name: 'qualified', probability: 5, kind: 'open' }] }, 'stages.6.name'],
        [{ stages: keep.map((s, i) => (i === 0 ? { ...s, kind: 'won' } : s)) }, 'stages.0.probability'],
        [{ stages: keep.map((s, i) => (i === 0 ? { ...s, kind: 'lost', probability: 0 } : s)) }, 'stages'],
        [{ stages: keep.map((s, i) => (i === 5 ? { ...s, kind: 'open', probability: 0 } : s)) }, 'stages'],
      ];
      for (const [body, path] of cases) {
        const problem = expectProblem(await api.put('/api/v1/stages', body), 400);
        expect(problemPaths(problem), JSON.stringify(problem)).toContain(path);
      }
      expect(await stagesOf(api)).toEqual(before);
    });

    it('a stage holding deals is removed only when its deals are given a stage to go to', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Ada');
      const [q, ...rest] = await stagesOf(api);
      expect(deal.stage?.id).toBe(q!.id);
      const without = rest.map(({ id, name, probability, kind }) => ({ id, name, probability, kind }));
      const refused = expectProblem(await api.put('/api/v1/stages', { stages: without }), 400);
      expect(problemPaths(refused)).toEqual(['moveDealsTo']);
      expect(refused.detail).toMatch(/"Qualified" still holds 1 deal/);
      const moved = await api.put<List<Stage>>('/api/v1/stages', { stages: without, moveDealsTo: { [q!.id]: rest[0]!.id } });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.items[0]).toMatchObject({ name: 'Meeting held', deals: 1 });
      expect((await api.get<Deal>(`/api/v1/opportunities/${deal.id}`)).body.stage?.name).toBe('Meeting held');
    });

    it('members read the stages but may not change them (403, nothing changed)', async () => {
      const api = await newWorkspace(t, owner);
      const member = (await memberOf(t, api)).api;
      const stages = await stagesOf(member);
      expect(stages).toHaveLength(6);
      const body = { stages: stages.map(({ id, probability, kind }) => ({ id, name: 'Renamed', probability, kind })) };
      expectProblem(await member.put('/api/v1/stages', body), 403);
      expect(await stagesOf(api)).toEqual(stages);
    });

    it('never reaches across workspaces: another workspace\'s stage id is refused', async () => {
      const mine = await newWorkspace(t, owner);
      const theirs = await newWorkspace(t, owner);
      const [theirStage] = await stagesOf(theirs);
      const stages = (await stagesOf(mine)).map(({ id, name, probability, kind }) => ({ id, name, probability, kind }));
      const problem = expectProblem(await mine.put('/api/v1/stages', { stages: [{ ...stages[0]!, id: theirStage!.id }, ...stages.slice(1)] }), 400);
      expect(problemPaths(problem)).toEqual(['stages.0.id']);
      const deal = await dealIn(mine, 'Bea');
      const move = expectProblem(await mine.patch(`/api/v1/opportunities/${deal.id}`, { stageId: theirStage!.id, withoutNextStep: true }), 400);
      expect(problemPaths(move)).toEqual(['stageId']);
      expectProblem(await theirs.patch(`/api/v1/opportunities/${deal.id}`, { amount: 100 }), 404);
      expect((await theirs.get<Board>('/api/v1/pipeline/board')).body.columns.every((c) => c.count === 0)).toBe(true);
    });
  });

  describe('deals', () => {
    it('carries amount, currency, close date, stage and weighted amount', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Cy', { amount: 1_250_000, currency: 'usd', expectedCloseDate: '2026-04-15' });
      expect(deal).toMatchObject({ amount: 1_250_000, currency: 'USD', expectedCloseDate: '2026-04-15', stage: { name: 'Qualified', probability: 10 }, weightedAmount: 125_000 });
      const patched = await api.patch<Deal>(`/api/v1/opportunities/${deal.id}`, { amount: 2_000_000, currency: 'EUR', expectedCloseDate: null, title: 'Cy rollout' });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body).toMatchObject({ amount: 2_000_000, currency: 'EUR', expectedCloseDate: null, title: 'Cy rollout', weightedAmount: 200_000 });
      const list = await api.get<List<Deal>>('/api/v1/opportunities');
      expect(list.body.items[0]).toMatchObject({ amount: 2_000_000, stage: { name: 'Qualified' } });
    });

    it('refuses bad values with a 400 naming the field, and changes nothing', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Di', { amount: 500 });
      for (const [body, path] of [[{ amount: 12.5 }, 'amount'], [{ amount: -1 }, 'amount'], [{ currency: 'euro' }, 'currency'], [{ expectedCloseDate: '15/04/2026' }, 'expectedCloseDate'], [{ stageId: 'nope', withoutNextStep: true }, 'stageId']] as const) {
        const problem = expectProblem(await api.patch(`/api/v1/opportunities/${deal.id}`, body), 400);
        expect(problemPaths(problem)).toEqual([path]);
      }
      expect((await api.get<Deal>(`/api/v1/opportunities/${deal.id}`)).body).toMatchObject({ amount: 500, currency: 'EUR', expectedCloseDate: null });
    });

    it('moving a deal with no agreed next step asks for one (409 next-step-needed) and moves nothing', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Ed');
      const proposal = (await stagesOf(api)).find((s) => s.name === 'Proposal sent')!;
      const problem = expectProblem(await api.patch(`/api/v1/opportunities/${deal.id}`, { stageId: proposal.id }), 409, '/next-step-needed');
      expect(problem.detail).toMatch(/no agreed next step/);
      expect((await api.get<Deal>(`/api/v1/opportunities/${deal.id}`)).body.stage?.name).toBe('Qualified');
    });

    it('a move with a next step creates the follow-up in the same transaction', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Flo');
      const proposal = (await stagesOf(api)).find((s) => s.name === 'Proposal sent')!;
      const moved = await api.patch<Deal>(`/api/v1/opportunities/${deal.id}`, { stageId: proposal.id, nextStep });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ stage: { name: 'Proposal sent' }, stalled: false });
      const followUps = await api.get<List<{ contactId: string; source: string; agenda: string; opportunityId: string }>>(`/api/v1/follow-ups?contactId=${deal.contactId}`);
      expect(followUps.body.items).toEqual([expect.objectContaining({ source: 'agreement', agenda: 'walk through the proposal', opportunityId: deal.id })]);
      // Now it has an agreed next step: the next move needs none.
      const negotiation = (await stagesOf(api)).find((s) => s.name === 'Negotiation')!;
      expect((await api.patch<Deal>(`/api/v1/opportunities/${deal.id}`, { stageId: negotiation.id })).status).toBe(200);
    });

    it('a bad next step or a do-not-contact contact refuses the whole move', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Gus');
      const proposal = (await stagesOf(api)).find((s) => s.name === 'Proposal sent')!;
      const bad = expectProblem(await api.patch(`/api/v1/opportunities/${deal.id}`, { stageId: proposal.id, nextStep: { ...nextStep, channel: 'pigeon' } }), 400);
      expect(problemPaths(bad)[0]).toMatch(/^nextStep/);
      await api.post(`/api/v1/contacts/${deal.contactId}/opt-out`, { reason: 'asked to stop' });
      expectProblem(await api.patch(`/api/v1/opportunities/${deal.id}`, { stageId: proposal.id, nextStep }), 409, '/do-not-contact');
      const after = (await api.get<Deal>(`/api/v1/opportunities/${deal.id}`)).body;
      expect(after.stage?.name).toBe('Qualified');
      expect((await api.get<List<unknown>>(`/api/v1/follow-ups?contactId=${deal.contactId}`)).body.items).toEqual([]);
    });

    it('withoutNextStep moves it anyway, and it shows as stalled', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Hal');
      const meeting = (await stagesOf(api)).find((s) => s.name === 'Meeting held')!;
      const moved = await api.patch<Deal>(`/api/v1/opportunities/${deal.id}`, { stageId: meeting.id, withoutNextStep: true });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ stage: { name: 'Meeting held' }, stalled: true });
    });

    it('moving to won closes it by the same rule as logging a yes; won is final', async () => {
      const api = await newWorkspace(t, owner);
      const deal = await dealIn(api, 'Ivy', { amount: 900 });
      const stages = await stagesOf(api);
      const won = stages.find((s) => s.kind === 'won')!;
      const moved = await api.patch<Deal>(`/api/v1/opportunities/${deal.id}`, { stageId: won.id });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ status: 'won', stage: { kind: 'won' }, closedOnTouch: 0, closedAt: expect.any(String), weightedAmount: 900 });
      const back = expectProblem(await api.patch(`/api/v1/opportunities/${deal.id}`, { stageId: stages[0]!.id, withoutNextStep: true }), 409);
      expect(back.detail).toMatch(/final/);
    });

    it('logging a yes or a no moves the deal to the won or lost stage', async () => {
      const api = await newWorkspace(t, owner);
      const yes = await dealIn(api, 'Jo');
      const no = await dealIn(api, 'Kai');
      const loggedYes = await api.post('/api/v1/interactions', { contactId: yes.contactId, channel: 'meeting', outcome: { type: 'yes' } });
      expect(loggedYes.status, JSON.stringify(loggedYes.body)).toBe(201);
      const loggedNo = await api.post('/api/v1/interactions', { contactId: no.contactId, channel: 'call', result: 'connected', outcome: { type: 'no' } });
      expect(loggedNo.status, JSON.stringify(loggedNo.body)).toBe(201);
      expect((await api.get<Deal>(`/api/v1/opportunities/${yes.id}`)).body).toMatchObject({ status: 'won', stage: { kind: 'won', name: 'Won' }, closedOnTouch: 1 });
      expect((await api.get<Deal>(`/api/v1/opportunities/${no.id}`)).body).toMatchObject({ status: 'lost', stage: { kind: 'lost', name: 'Lost' } });
      const stages = await stagesOf(api);
      expect(stages.find((s) => s.kind === 'won')?.deals).toBe(1);
      expect(stages.find((s) => s.kind === 'lost')?.deals).toBe(1);
      const stored = await t.store.db.selectFrom('opportunities').select(['id', 'stage_id']).where('id', 'in', [yes.id, no.id]).execute();
      expect(new Set(stored.map((r) => r.stage_id))).toEqual(new Set([stages.find((s) => s.kind === 'won')!.id, stages.find((s) => s.kind === 'lost')!.id]));
    });
  });

  describe('board and forecast', () => {
    it('the board has a column per stage with cards showing the next step or stalled; won and lost only lately', async () => {
      const api = await newWorkspace(t, owner);
      const a = await dealIn(api, 'Lea', { amount: 1000 });
      const b = await dealIn(api, 'Max', { amount: 3000 });
      const c = await dealIn(api, 'Ned', { amount: 500, currency: 'USD' });
      const stages = await stagesOf(api);
      await api.patch(`/api/v1/opportunities/${b.id}`, { stageId: stages[2]!.id, nextStep });
      await api.patch(`/api/v1/opportunities/${c.id}`, { stageId: stages.find((s) => s.kind === 'won')!.id });
      const board = (await api.get<Board>('/api/v1/pipeline/board')).body;
      expect(board.columns.map((col) => col.stage.name)).toEqual(['Qualified', 'Meeting held', 'Proposal sent', 'Negotiation', 'Won', 'Lost']);
      expect(board.columns[0]).toMatchObject({ count: 1, totals: [{ currency: 'EUR', amount: 1000 }] });
      expect(board.columns[0]!.cards[0]).toMatchObject({ id: a.id, title: 'Lea pilot', contactName: 'Lea', company: 'Lea Ltd', ownerName: 'Olivia Owner', stalled: true, nextStep: null });
      expect(board.columns[2]!.cards[0]).toMatchObject({ id: b.id, stalled: false, nextStep: { channel: 'call', dueLocal: '2026-03-05T10:00' } });
      expect(board.columns[4]).toMatchObject({ count: 1, totals: [{ currency: 'USD', amount: 500 }] });
      t.clock.set('2026-04-10T15:00:00Z');
      try {
        const later = (await api.get<Board>('/api/v1/pipeline/board')).body;
        expect(later.columns[4]!.count).toBe(0);
      } finally {
        t.clock.set(NOW);
      }
    });

    it('the forecast weights open deals by stage probability, by month of expected close, per currency', async () => {
      const api = await newWorkspace(t, owner);
      const stages = await stagesOf(api);
      await dealIn(api, 'Ola', { amount: 100_000, expectedCloseDate: '2026-03-20' }); // Qualified 10%
      const p = await dealIn(api, 'Pia', { amount: 200_000, expectedCloseDate: '2026-04-02' });
      await api.patch(`/api/v1/opportunities/${p.id}`, { stageId: stages[2]!.id, withoutNextStep: true }); // Proposal 60%
      await dealIn(api, 'Quin', { amount: 50_000, currency: 'GBP', expectedCloseDate: '2026-04-30' });
      await dealIn(api, 'Rae', { amount: 70_000, expectedCloseDate: '2026-02-10' });
      await dealIn(api, 'Sol', { amount: 70_000 });
      const forecast = await api.get<Forecast>('/api/v1/pipeline/forecast?months=3');
      expect(forecast.status, JSON.stringify(forecast.body)).toBe(200);
      expect(forecast.body.months).toEqual([
        { month: '2026-03', count: 1, totals: [{ currency: 'EUR', amount: 100_000, weighted: 10_000, count: 1 }] },
        { month: '2026-04', count: 2, totals: [{ currency: 'EUR', amount: 200_000, weighted: 120_000, count: 1 }, { currency: 'GBP', amount: 50_000, weighted: 5_000, count: 1 }] },
        { month: '2026-05', count: 0, totals: [] },
      ]);
      expect(forecast.body.overdue).toEqual({ count: 1, totals: [{ currency: 'EUR', amount: 70_000, weighted: 7_000, count: 1 }] });
      expect(forecast.body.undated).toEqual({ count: 1 });
      expectProblem(await api.get('/api/v1/pipeline/forecast?months=99'), 400);
    });
  });
});
