import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';

interface FollowUp { id: string; channel: string; dueAt: string; dueLocal: string; stepId: string; enrollmentId: string; script: string | null; subject: string | null }
interface Enrollment { id: string; state: string; exitReason: string | null; nextFollowUp: FollowUp | null; voicemails: number; emails: number }
interface Logged { next: FollowUp | null }
interface Step { stepId: string; channel: string; dueAt: string; dueLocal: string; script: string | null; subject: string | null }

const HOUR = 3_600_000;

/** Runs the series through the API; `answer` says how each call goes. */
async function runSeries(t: TestApp, api: ApiClient, contactId: string, answer: (call: number) => 'voicemail' | 'connected'): Promise<{ steps: Step[]; enrollment: Enrollment }> {
  const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId, playbookKey: 'voicemail-series', agreed: true });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  expect(enrolled.body.state).toBe('active');
  const steps: Step[] = [];
  let enrollment = enrolled.body;
  let calls = 0;
  for (let guard = 0; enrollment.state === 'active' && guard < 40; guard++) {
    const step = enrollment.nextFollowUp!;
    expect(step.enrollmentId).toBe(enrollment.id);
    steps.push({ stepId: step.stepId, channel: step.channel, dueAt: step.dueAt, dueLocal: step.dueLocal, script: step.script, subject: step.subject });
    t.clock.set(step.dueAt);
    const body: Record<string, unknown> = { contactId, channel: step.channel, followUpId: step.id };
    if (step.channel === 'call') {
      calls += 1;
      const result = answer(calls);
      body.result = result;
      if (result === 'connected') body.outcome = { type: 'next-step', next: { due: { local: '2026-04-01T10:00' }, channel: 'video', agenda: 'pilot scope' } };
    }
    const logged = await api.post<Logged>('/api/v1/interactions', body);
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    enrollment = (await api.get<Enrollment>(`/api/v1/enrollments/${enrollment.id}`)).body;
  }
  return { steps, enrollment };
}

describe.each(testDialects())('the voicemail series through the API on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 in Los Angeles
    ({ api } = await setUpOwner(t.app, { timeZone: 'America/New_York' }));
  });
  afterAll(async () => { await t.close(); });

  const newContact = async (name: string) => (await api.post<{ id: string }>('/api/v1/contacts', {
    name, timeZone: 'America/Los_Angeles', email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, interests: ['faster month-end close'],
  })).body.id;

  it('answered by voicemail every time: each step on time, at most 7 voicemails and 3 emails, then completed', async () => {
    const contactId = await newContact('Bob Marsh');
    const { steps, enrollment } = await runSeries(t, api, contactId, () => 'voicemail');
    expect(enrollment.state).toBe('completed');
    const channels = steps.map((s) => s.channel);
    expect(channels[0]).toBe('call');
    expect(steps[0]!.script).toMatch(/Hi Bob/);
    expect(steps[0]!.dueLocal).toBe('2026-03-02T09:00');
    // Voicemail 1 is left on the first call; the retry comes 15 minutes later.
    const firstRetry = steps.findIndex((s, i) => i > 0 && s.channel === 'call');
    expect(Date.parse(steps[firstRetry]!.dueAt) - Date.parse(steps[0]!.dueAt)).toBe(15 * 60_000);
    // After the second voicemail, the next call is 1–2 business days later, with an email of suggested times.
    const thirdCall = steps.map((s, i) => (s.channel === 'call' ? i : -1)).filter((i) => i >= 0)[2]!;
    const gapHours = (Date.parse(steps[thirdCall]!.dueAt) - Date.parse(steps[firstRetry]!.dueAt)) / HOUR;
    expect(gapHours).toBeGreaterThanOrEqual(24);
    expect(gapHours).toBeLessThanOrEqual(4 * 24);
    const email = steps.find((s) => s.channel === 'email')!;
    expect(email.script).toMatch(/\d{1,2}:\d{2}/); // suggested times are written out
    expect(email.script).not.toMatch(/\{\{/);
    expect(channels.filter((c) => c === 'voicemail').length + steps.filter((s) => s.channel === 'call').length).toBeGreaterThan(0);
    expect(enrollment.voicemails).toBeLessThanOrEqual(7);
    expect(enrollment.emails).toBeLessThanOrEqual(3);
    expect(enrollment.emails).toBeGreaterThanOrEqual(2);
    // The series closes with the polite last voicemail.
    expect(steps[steps.length - 1]!.script).toMatch(/end of my Voicemail Series|last voicemail/i);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.dueAt >= steps[i - 1]!.dueAt).toBe(true);
  });

  it('connected on the third call with a next step: exits with reason outcome and the agreed follow-up exists', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Carla Diaz');
    const { enrollment } = await runSeries(t, api, contactId, (call) => (call === 3 ? 'connected' : 'voicemail'));
    expect(enrollment).toMatchObject({ state: 'exited', exitReason: 'outcome' });
    const open = await api.get<{ items: Array<{ source: string; channel: string; dueLocal: string }> }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items).toEqual([expect.objectContaining({ source: 'agreement', channel: 'video', dueLocal: '2026-04-01T10:00' })]);
  });

  it('refuses to enrol a do-not-contact contact, and an opt-out mid-series cancels everything open', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Dev Patel');
    const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId, playbookKey: 'voicemail-series' });
    expect(enrolled.status).toBe(201);
    await api.post(`/api/v1/contacts/${contactId}/opt-out`, { reason: 'asked by email' });
    const after = await api.get<Enrollment>(`/api/v1/enrollments/${enrolled.body.id}`);
    expect(after.body).toMatchObject({ state: 'exited', exitReason: 'opted-out', nextFollowUp: null });
    const open = await api.get<{ items: unknown[] }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items).toHaveLength(0);
    const refused = await api.post<{ type: string }>('/api/v1/enrollments', { contactId, playbookKey: 'hard-to-reach' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/do-not-contact$/);
  });
});
