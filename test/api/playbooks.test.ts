import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { authenticateToken } from '../../src/services/accounts.js';
import { onInteractionLogged } from '../../src/services/enrollments.js';
import type { FollowUp, Interaction } from '../../src/core/types.js';

interface Problem { type: string; status: number; errors?: Array<{ path: string; message: string }> }
interface Playbook { id: string; key: string; builtin: boolean; steps: Array<{ id: string }> }

const step = (id: string, extra: Record<string, unknown> = {}) => ({
  id, type: 'call', channel: 'call', title: `Call ${id}`, script: 'Hi {{contact.firstName}}, about {{agenda}}: shall we pick a time?',
  wait: { amount: 1, unit: 'business-days' }, branches: {}, next: 'end', estimatedMinutes: 5, ...extra,
});
const playbook = (steps: unknown[], key = 'renewal-calls') => ({
  key, name: 'Renewal calls', description: 'Two calls before renewal', kind: 'service', steps, maxTouches: 4, timeBudgetMinutes: 60, exitOn: ['replied', 'outcome'],
});

describe.each(testDialects())('playbooks, enrollments and the coach on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  beforeAll(async () => { ({ t, api } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));

  it('lists the six built-ins by their stable keys', async () => {
    const list = await api.get<{ items: Playbook[] }>('/api/v1/playbooks');
    expect(list.body.items.filter((p) => p.builtin).map((p) => p.key).sort()).toEqual(
      ['hard-to-reach', 'referral', 'service-check-in', 'thank-you', 'upgrade-reminder', 'voicemail-series'],
    );
  });

  it('creates, reads, replaces and deletes a workspace playbook', async () => {
    const created = await api.post<Playbook>('/api/v1/playbooks', playbook([step('first', { next: 'second' }), step('second')]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.builtin).toBe(false);
    const replaced = await api.put<Playbook>(`/api/v1/playbooks/${created.body.id}`, playbook([step('only')]));
    expect(replaced.body.steps.map((s) => s.id)).toEqual(['only']);
    expect((await api.get<Playbook>(`/api/v1/playbooks/${created.body.id}`)).body.key).toBe('renewal-calls');
    expect((await api.delete(`/api/v1/playbooks/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/playbooks/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    ['a branch to a missing step', [step('first', { branches: { voicemail: 'nowhere' } })], /^steps\.0\.branches\.voicemail$/],
    ['a cycle with no wait', [step('a', { wait: { amount: 0, unit: 'minutes' }, next: 'b' }), step('b', { wait: { amount: 0, unit: 'minutes' }, next: 'a' })], /^steps\.\d/],
    ['an unknown merge field', [step('first', { script: 'Hi {{contact.nickname}}' })], /^steps\.0\.script$/],
  ])('refuses %s with a 400 naming the step', async (_what, steps, path) => {
    const before = (await api.get<{ items: Playbook[] }>('/api/v1/playbooks')).body.items.length;
    const refused = await api.post<Problem>('/api/v1/playbooks', playbook(steps, 'broken'));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.some((e) => path.test(e.path)), JSON.stringify(refused.body)).toBe(true);
    expect((await api.get<{ items: Playbook[] }>('/api/v1/playbooks')).body.items.length).toBe(before);
  });

  it('will not save automated email without an opt-out line and the sender\'s postal address, and saves nothing', async () => {
    const email = (body: string) => step('mail', { type: 'email', channel: 'email', script: undefined, template: { subject: 'About {{agenda}}', body } });
    const plain = 'Hi {{contact.firstName}},\n\nA thought on {{agenda}}.';
    const before = await t.store.db.selectFrom('playbooks').selectAll().execute();

    const noAddressYet = await api.post<Problem>('/api/v1/playbooks', playbook([email(`${plain}\nUnsubscribe: {{unsubscribeUrl}}\n{{sender.postalAddress}}`)], 'mail-1'));
    expect(noAddressYet.status).toBe(400);
    expect(noAddressYet.body.errors).toEqual([{ path: 'steps.0.template.body', message: expect.stringMatching(/set the workspace's postal address/) }]);

    expect((await api.patch('/api/v1/workspace/settings', { postalAddress: 'Acme Sales, 1 Main St, Springfield' })).status).toBe(200);
    const bare = await api.post<Problem>('/api/v1/playbooks', playbook([email(plain)], 'mail-2'));
    expect(bare.status).toBe(400);
    expect(bare.body.errors?.map((e) => [e.path, /opt-out|postal/.exec(e.message)?.[0]])).toEqual([['steps.0.template.body', 'opt-out'], ['steps.0.template.body', 'postal']]);
    expect(await t.store.db.selectFrom('playbooks').selectAll().execute()).toEqual(before);

    const compliant = await api.post<Playbook>('/api/v1/playbooks', playbook([email(`${plain}\n\n{{sender.postalAddress}}\nUnsubscribe: {{unsubscribeUrl}}`)], 'mail-3'));
    expect(compliant.status, JSON.stringify(compliant.body)).toBe(201);
  });

  it('refuses to overwrite a built-in', async () => {
    const refused = await api.post<Problem>('/api/v1/playbooks', playbook([step('x')], 'voicemail-series'));
    expect(refused.status).toBe(409);
  });

  it('enrols into a workspace playbook by id, once per contact unless the workspace allows more', async () => {
    const own = await api.post<Playbook>('/api/v1/playbooks', playbook([step('first')], 'one-call'));
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ana Lima', timeZone: 'America/Sao_Paulo' });
    const first = await api.post<{ state: string; nextFollowUp: { dueLocal: string; script: string } }>('/api/v1/enrollments', { contactId: contact.body.id, playbookId: own.body.id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.nextFollowUp.script).toMatch(/^Hi Ana, about /);
    const second = await api.post<Problem>('/api/v1/enrollments', { contactId: contact.body.id, playbookKey: 'hard-to-reach' });
    expect(second.status).toBe(409);
    const settings = await api.patch<{ allowMultipleEnrollments: boolean }>('/api/v1/workspace/settings', { allowMultipleEnrollments: true });
    expect(settings.body.allowMultipleEnrollments).toBe(true);
    expect((await api.post('/api/v1/enrollments', { contactId: contact.body.id, playbookKey: 'hard-to-reach' })).status).toBe(201);
    const listed = await api.get<{ items: unknown[] }>(`/api/v1/enrollments?contactId=${contact.body.id}`);
    expect(listed.body.items).toHaveLength(2);
  });

  it('pauses, resumes and exits an enrollment by hand', async () => {
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ola Berg', timeZone: 'Europe/Oslo' });
    const enrolled = await api.post<{ id: string }>('/api/v1/enrollments', { contactId: contact.body.id, playbookKey: 'hard-to-reach' });
    const paused = await api.post<{ state: string; nextFollowUp: unknown }>(`/api/v1/enrollments/${enrolled.body.id}/pause`);
    expect(paused.body).toMatchObject({ state: 'paused', nextFollowUp: null });
    const resumed = await api.post<{ state: string; nextFollowUp: unknown }>(`/api/v1/enrollments/${enrolled.body.id}/resume`);
    expect(resumed.body.state).toBe('active');
    expect(resumed.body.nextFollowUp).not.toBeNull();
    const exited = await api.post<{ state: string; exitReason: string }>(`/api/v1/enrollments/${enrolled.body.id}/exit`);
    expect(exited.body).toMatchObject({ state: 'exited', exitReason: 'manual' });
    expect((await api.post(`/api/v1/enrollments/${enrolled.body.id}/resume`)).status).toBe(409);
  });

  it('says what a logged touch did to the series: the step now due, when, and why it moved', async () => {
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 in Los Angeles
    const contact = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Vera Moss', timeZone: 'America/Los_Angeles' })).body;
    const enrolled = await api.post<{ id: string; nextFollowUp: FollowUp }>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series', agreed: true });
    const first = enrolled.body.nextFollowUp;
    const actor = await authenticateToken(t.deps, api.token);
    if (!actor) throw new Error('no actor');
    const call: Interaction = {
      id: 'call-left-voicemail', workspaceId: actor.workspace.id, contactId: contact.id, userId: actor.user.id, opportunityId: null, followUpId: first.id,
      channel: 'call', direction: 'out', result: 'voicemail', occurredAt: first.dueAt, notes: null, changed: null, outcome: null, touchNumber: 1, createdAt: first.dueAt,
    };
    const moves = await t.store.db.transaction().execute((trx) => onInteractionLogged(trx, actor, call, first, first.dueAt));
    expect(moves).toEqual([expect.objectContaining({
      enrollmentId: enrolled.body.id, playbookName: 'Voicemail series', state: 'active', exitReason: null,
      nextFollowUp: expect.objectContaining({ channel: 'call', dueLocal: '2026-03-02T09:15', scheduleNote: null }),
      summary: 'Voicemail series: next, Call again, 15 minutes later, Mon 2 Mar, 09:15 their time.',
    })]);
    const answered = await t.store.db.transaction().execute((trx) => onInteractionLogged(
      trx, actor, { ...call, id: 'retry-answered', followUpId: moves[0]!.nextFollowUp!.id, result: 'connected', outcome: 'no-agreement' }, moves[0]!.nextFollowUp, '2026-03-02T17:16:00.000Z',
    ));
    expect(answered).toEqual([expect.objectContaining({ state: 'completed', nextFollowUp: null, summary: 'Voicemail series is complete.' })]);
  });

  it('the log response says what the touch did to the series (no "kept as promised" for a voicemail)', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contact = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ida Lund', timeZone: 'America/Los_Angeles' })).body;
    const enrolled = await api.post<{ nextFollowUp: FollowUp }>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series', agreed: true });
    const logged = await api.post<{ enrollments: Array<{ summary: string; state: string }> }>('/api/v1/interactions', {
      contactId: contact.id, channel: 'call', result: 'voicemail', followUpId: enrolled.body.nextFollowUp.id,
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.enrollments).toEqual([expect.objectContaining({ state: 'active', summary: 'Voicemail series: next, Call again, 15 minutes later, Mon 2 Mar, 09:15 their time.' })]);
  });

  it('coaches a generic draft and leaves a tailored one alone', async () => {
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Kim Ito', interests: ['SOC 2 audit'] });
    const generic = await api.post<{ findings: Array<{ code: string }>; suggestedOpener: string }>('/api/v1/coach', { text: 'Just checking in. Any questions?', contactId: contact.body.id });
    expect(generic.body.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['generic-opener', 'no-interest-reference']));
    expect(generic.body.suggestedOpener).toMatch(/SOC 2 audit/);
    const tailored = await api.post<{ findings: unknown[] }>('/api/v1/coach', {
      text: 'Hi Kim, the SOC 2 audit checklist you asked about is ready. Could we walk through it on Tuesday at 10:00 or Wednesday at 14:00?',
      contactId: contact.body.id,
    });
    expect(tailored.body.findings).toEqual([]);
  });
});
