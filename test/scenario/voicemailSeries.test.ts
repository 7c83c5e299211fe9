import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { testDialects } from '../helpers/databases.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';

interface FollowUp {
  id: string; channel: string; dueAt: string; dueLocal: string; stepId: string; enrollmentId: string; agenda: string | null;
  script: string | null; subject: string | null; scheduleNote?: string | null; promised: boolean;
}
interface HistoryEntry { event: string; stepTitle: string | null; nextStepTitle: string | null; note: string | null; summary: string }
interface Enrollment {
  id: string; state: string; exitReason: string | null; nextFollowUp: FollowUp | null; touches: number; voicemails: number; emails: number;
  currentStep: { id: string; title: string } | null; history: HistoryEntry[];
}
type Answer = 'voicemail' | 'connected';

const LA = 'America/Los_Angeles';
const laDate = (iso: string): Temporal.PlainDate => Temporal.Instant.from(iso).toZonedDateTimeISO(LA).toPlainDate();

/** Mon–Fri days after one instant's date up to another's (the later date counted). */
function businessDaysBetween(fromIso: string, toIso: string): number {
  let day = laDate(fromIso);
  const end = laDate(toIso);
  let n = 0;
  while (Temporal.PlainDate.compare(day, end) < 0) {
    day = day.add({ days: 1 });
    if (day.dayOfWeek <= 5) n++;
  }
  return n;
}

/**
 * Runs the series through the API, one log per item: each call with the result `answer` gives
 * it; each email as the worker logs it once sent. Returns the items in the order they came.
 */
async function runSeries(t: TestApp, api: ApiClient, contactId: string, answer: (call: number) => Answer): Promise<{ items: FollowUp[]; enrollment: Enrollment }> {
  const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId, playbookKey: 'voicemail-series', agreed: true });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  const items: FollowUp[] = [];
  let enrollment = enrolled.body;
  let calls = 0;
  for (let guard = 0; enrollment.state === 'active' && guard < 30; guard++) {
    const item = enrollment.nextFollowUp!;
    expect(item.enrollmentId).toBe(enrollment.id);
    items.push(item);
    t.clock.set(item.dueAt);
    const body: Record<string, unknown> = { contactId, channel: item.channel, followUpId: item.id };
    if (item.channel === 'call') {
      calls += 1;
      const result = answer(calls);
      body.result = result;
      if (result === 'connected') body.outcome = { type: 'next-step', next: { due: { local: '2026-04-01T10:00' }, channel: 'video', agenda: 'pilot scope' } };
    }
    const logged = await api.post('/api/v1/interactions', body);
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    enrollment = (await api.get<Enrollment>(`/api/v1/enrollments/${enrollment.id}`)).body;
  }
  return { items, enrollment };
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
    name, timeZone: LA, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, interests: ['faster month-end close'],
  })).body.id;

  it('seed 002, voicemail on every call: one log per call, a 15-minute retry, the same-day email, then completed after the closing message', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Bob Marsh');
    const { items, enrollment } = await runSeries(t, api, contactId, () => 'voicemail');
    expect(enrollment).toMatchObject({ state: 'completed', exitReason: null, nextFollowUp: null, voicemails: 7, emails: 3, touches: 10 });
    // One item per call: no follow-up of its own for a voicemail.
    expect(items.map((i) => i.channel)).toEqual(['call', 'call', 'email', 'call', 'email', 'call', 'call', 'email', 'call', 'call']);
    const calls = items.filter((i) => i.channel === 'call');
    // Each call carries the conversation and, below it, that call's voicemail message.
    for (const c of calls) {
      expect(c.script).toMatch(/^YOU \(about them\):\n"Hi Bob/);
      expect(c.script).toContain('If you get voicemail, leave this message');
      expect(c.script).not.toMatch(/\{\{/);
    }
    expect(calls[0]!.dueLocal).toBe('2026-03-02T09:00');
    expect(calls[0]!.promised).toBe(true);
    expect(calls[0]!.script).toContain("I'll give you another call in 15 minutes");
    // Voicemail on the first call: the retry comes 15 minutes later.
    expect(Date.parse(calls[1]!.dueAt) - Date.parse(calls[0]!.dueAt)).toBe(15 * 60_000);
    expect(calls[1]!.script).toContain('send you an email with a\nfew suggested times');
    // After the second voicemail: the email with suggested times the same day, the next call 1–2 business days later.
    const email = items[2]!;
    expect(laDate(email.dueAt).equals(laDate(calls[1]!.dueAt))).toBe(true);
    expect(email.script).toMatch(/- \w+day \d{1,2} \w+ at \d{2}:\d{2} \(your time\)/);
    expect(email.script).not.toMatch(/\{\{/);
    const gap = businessDaysBetween(calls[1]!.dueAt, calls[2]!.dueAt);
    expect(gap).toBeGreaterThanOrEqual(1);
    expect(gap).toBeLessThanOrEqual(2);
    // The last call carries the closing message, and only the last.
    expect(calls.at(-1)!.script).toContain('This is the end of my voicemail series');
    expect(calls.filter((c) => c.script?.includes('end of my voicemail series'))).toHaveLength(1);
    for (let i = 1; i < items.length; i++) expect(items[i]!.dueAt >= items[i - 1]!.dueAt).toBe(true);
    const open = await api.get<{ items: unknown[] }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items).toEqual([]);
  });

  it('a step the frequency cap moves says why, on the item and in the enrollment history', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Ann Lee');
    const { items, enrollment } = await runSeries(t, api, contactId, () => 'voicemail');
    // Three unagreed touches by Tuesday (retry, email, second call): the next email waits a week.
    const capped = items[4]!;
    expect(capped.dueLocal).toBe('2026-03-09T09:15');
    expect(capped.scheduleNote).toBe('Moved to Mon 9 Mar, 09:15 their time: at most 3 touches a week (frequency cap)');
    expect(items[1]!.scheduleNote).toBeNull();
    const entry = enrollment.history.find((h) => h.note === capped.scheduleNote);
    expect(entry).toMatchObject({ event: 'result', stepTitle: 'Second call, the next business day', nextStepTitle: 'Email to find the next best time' });
    expect(entry!.summary).toBe(
      'Second call, the next business day: left a voicemail. Next: Email to find the next best time, Mon 9 Mar, 09:15 their time. ' +
      'Moved to Mon 9 Mar, 09:15 their time: at most 3 touches a week (frequency cap).',
    );
    expect(enrollment.history[0]!.summary).toBe('Enrolled. First step: First call, at the agreed time, Mon 2 Mar, 09:00 their time.');
  });

  it('a third call that connects with an agreed next step exits the series with outcome, leaving only the agreed follow-up open', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Carla Diaz');
    const { items, enrollment } = await runSeries(t, api, contactId, (call) => (call === 3 ? 'connected' : 'voicemail'));
    expect(items.filter((i) => i.channel === 'call')).toHaveLength(3);
    expect(enrollment).toMatchObject({ state: 'exited', exitReason: 'outcome', nextFollowUp: null, voicemails: 2 });
    const open = await api.get<{ items: Array<{ source: string; channel: string; dueLocal: string; enrollmentId: string | null }> }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items).toEqual([expect.objectContaining({ source: 'agreement', channel: 'video', dueLocal: '2026-04-01T10:00', enrollmentId: null })]);
  });

  it('an enrollment stored at an old "Voicemail 1" step carries on: logging that item schedules the retry 15 minutes later', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    const contactId = await newContact('Dora Old');
    const enrolled = (await api.post<Enrollment>('/api/v1/enrollments', { contactId, playbookKey: 'voicemail-series', agreed: true })).body;
    const first = enrolled.nextFollowUp!;
    t.clock.set(first.dueAt);
    await api.post('/api/v1/interactions', { contactId, channel: 'call', result: 'voicemail', followUpId: first.id });
    // As the previous series stored it: the enrollment waits at voicemail-1, with its own voicemail item.
    const row = await t.store.db.selectFrom('enrollments').select('state').where('id', '=', enrolled.id).executeTakeFirstOrThrow();
    const state = JSON.parse(row.state) as Record<string, unknown>;
    const dueAt = Date.parse(first.dueAt);
    await t.store.db.updateTable('enrollments').set({ state: JSON.stringify({ ...state, currentStepId: 'voicemail-1', currentDueAtMs: dueAt }) }).where('id', '=', enrolled.id).execute();
    const retry = (await api.get<Enrollment>(`/api/v1/enrollments/${enrolled.id}`)).body.nextFollowUp!;
    await t.store.db.updateTable('follow_ups').set({ step_id: 'voicemail-1', channel: 'voicemail', agenda: 'Voicemail 1: sorry to miss you, calling back in 15 minutes', due_at: first.dueAt })
      .where('id', '=', retry.id).execute();
    t.clock.set(new Date(dueAt + 2 * 60_000).toISOString());
    const logged = await api.post('/api/v1/interactions', { contactId, channel: 'voicemail', followUpId: retry.id });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const after = (await api.get<Enrollment>(`/api/v1/enrollments/${enrolled.id}`)).body;
    expect(after).toMatchObject({ state: 'active', currentStep: { id: 'call-1-retry' }, voicemails: 2 });
    expect(after.nextFollowUp).toMatchObject({ channel: 'call', dueLocal: '2026-03-02T09:17' });
    expect(after.nextFollowUp!.script).toContain('If you get voicemail');
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
