import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/core/time.js';
import { finalStatuses } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { followthrough } from '../helpers/cli.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects, type Dialect } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { setPostalAddress } from './support.js';

/**
 * Chaos: many due sends, the worker process SIGKILLed again and again at random moments (on
 * PostgreSQL two workers compete). Afterwards every row is in exactly one final state, none is
 * lost, and the SMTP server saw no Message-ID twice except for rows recorded `unknown`.
 * Sizes come from CHAOS_SENDS / CHAOS_KILLS (the target is 2,000 and 30).
 */
const SENDS = Number(process.env.CHAOS_SENDS ?? 200);
const KILLS = Number(process.env.CHAOS_KILLS ?? 10);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT_MS = 600_000 + SENDS * 400 + KILLS * 5_000;
const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

const oneEmail = {
  key: 'one-email', name: 'One email', description: 'A single automated email.', kind: 'hard-to-reach',
  maxTouches: 2, timeBudgetMinutes: 30, exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [{
    id: 'only', type: 'email', channel: 'email', title: 'The email', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
    template: { subject: 'Hello {{contact.firstName}}', body: 'Hi {{contact.firstName}},\n\nA note.\n\nReply STOP to opt out.\nAcme Sales, 1 Main St, Springfield' },
  }],
};

describe.each(testDialects())('outbox chaos on %s', (dialect: Dialect) => {
  const workers = dialect === 'postgres' ? 2 : 1;
  let t: TestApp;
  let api: ApiClient;
  let smtp: TestSmtpServer;
  const children = new Set<ChildProcess>();

  const spawnWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [...followthrough(), 'worker'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: t.url, SMTP_URL: smtp.url, SMTP_HOURLY_CAP: '100000', SMTP_DAILY_CAP: '100000', WORKER_LEASE_MS: '3000', WORKER_POLL_MS: '20', PUBLIC_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'error' },
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const started = (child: ChildProcess): Promise<void> => new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { if (chunk.includes('sending the outbox')) resolve(); });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting: ${err}`)));
  });
  const kill = (child: ChildProcess): Promise<void> => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
  const statusCounts = async (): Promise<Record<string, number>> => {
    const rows = await t.store.db.selectFrom('outbox').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'step').groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };

  beforeAll(async () => {
    [{ t, api }, smtp] = await Promise.all([startTestAppWithOwner(dialect, { at: '2026-03-02T17:00:00Z' }), startSmtpServer({ delayMs: 15 })]);
    // The workers, on the real clock, also queue morning digests and (on a Monday) the weekly team
    // summary to owners; only the playbook sends are under test here.
    expect((await api.patch('/api/v1/me', { digest: false, weeklySummary: false })).status).toBe(200);
    await setPostalAddress(api);
    const playbook = await api.post<{ id: string }>('/api/v1/playbooks', oneEmail);
    expect(playbook.status, JSON.stringify(playbook.body)).toBe(201);
    for (let i = 0; i < SENDS; i++) {
      const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: `Chaos Contact${i}`, timeZone: 'America/Los_Angeles', email: `chaos${i}@example.com` });
      const enrolled = await api.post('/api/v1/enrollments', { contactId: contact.body.id, playbookId: playbook.body.id });
      expect(enrolled.status).toBe(201);
    }
    // The workers run on the real clock: every send is due now.
    const now = formatInstant(Date.now());
    await t.store.db.updateTable('outbox').set({ due_at: now, available_at: now }).execute();
  }, TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([...children].map(kill));
    await closeAll(t, smtp);
  });

  it(`${SENDS} sends, ${KILLS} SIGKILLs of ${workers} worker process(es): one final state each, 0 lost, 0 duplicate Message-IDs except rows recorded unknown`, async () => {
    expect((await statusCounts()).queued).toBe(SENDS);
    const running: ChildProcess[] = [];
    for (let i = 0; i < workers; i++) {
      const child = spawnWorker();
      await started(child);
      running.push(child);
    }
    let kills = 0;
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, randomInt(50, 700)));
      const victim = running.splice(randomInt(0, running.length - 1), 1)[0]!;
      await kill(victim);
      kills += 1;
      const replacement = spawnWorker();
      await started(replacement);
      running.push(replacement);
    }
    // Let the survivors finish: leases of killed attempts run out and become `unknown`.
    const deadline = Date.now() + 60_000 + SENDS * 200;
    let counts = await statusCounts();
    while ((counts.queued ?? 0) + (counts.sending ?? 0) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      counts = await statusCounts();
    }
    await Promise.all(running.map(kill));

    const rows = await t.store.db.selectFrom('outbox').select(['id', 'status', 'message_id', 'follow_up_id', 'attempt']).where('kind', '=', 'step').execute();
    expect(rows).toHaveLength(SENDS);
    const notFinal = rows.filter((r) => !(finalStatuses as readonly string[]).includes(r.status));
    expect(notFinal, JSON.stringify(counts)).toEqual([]);

    const received = new Map<string, number>();
    for (const m of smtp.messages) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
    const byMessageId = new Map(rows.map((r) => [r.message_id, r]));
    const duplicates = [...received].filter(([, n]) => n > 1).map(([id]) => byMessageId.get(id));
    expect(duplicates.filter((r) => r?.status !== 'unknown')).toEqual([]);
    expect([...received.keys()].filter((id) => !byMessageId.has(id))).toEqual([]); // nothing but our rows
    // Lost: a row recorded sent that the server never saw, or a row the server took but recorded as not sent.
    const sentNotReceived = rows.filter((r) => r.status === 'sent' && !received.has(r.message_id));
    const receivedNotSent = rows.filter((r) => received.has(r.message_id) && r.status !== 'sent' && r.status !== 'unknown');
    expect(sentNotReceived).toEqual([]);
    expect(receivedNotSent).toEqual([]);
    // A sent step is logged exactly once: its follow-up is done.
    const sentIds = rows.filter((r) => r.status === 'sent').map((r) => r.follow_up_id!);
    const done = sentIds.length ? await t.store.db.selectFrom('follow_ups').select('id').where('id', 'in', sentIds).where('status', '=', 'done').execute() : [];
    expect(done).toHaveLength(sentIds.length);
    const interactions = await t.store.db.selectFrom('interactions').select('follow_up_id').where('channel', '=', 'email').execute();
    expect(interactions.filter((i) => i.follow_up_id && sentIds.includes(i.follow_up_id))).toHaveLength(sentIds.length);

    const summary = { ...counts, kills, workers, smtpMessages: smtp.messages.length, duplicateMessageIds: duplicates.length };
    console.info(`outbox chaos on ${dialect}: ${JSON.stringify(summary)}`);
    expect(counts.sent ?? 0).toBeGreaterThan(SENDS / 2);
  }, TIMEOUT_MS);
});
