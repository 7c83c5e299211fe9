import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushWorker } from '../../src/jobs/pushWorker.js';
import type { PushReminderPayload, PushSubscriptionView } from '../../src/shared/push.js';
import { pushDeliveriesOf } from '../../src/store/pushDeliveries.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { StandInPushService } from '../helpers/pushService.js';

/**
 * "Exactly once under a worker kill" (issue 15 item 4): a push worker in a child process is killed
 * (SIGKILL) while its sends are in flight; a second worker finishes. The push service receives each
 * reminder at most once, and every reminder due is either sent or recorded as `unknown` (the
 * claims the dead worker held: they may or may not have arrived, so they are never sent again).
 */
const CHILD = fileURLToPath(new URL('./pushWorkerChild.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-12-07T08:00:00.000Z';
const LEASE_MS = 60_000;
const REMINDERS = 6;
const BATCH = 2;

describe.each(testDialects())('a push worker killed mid-send on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let userId: string;
  let service: StandInPushService;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    [{ t, api, userId }, service] = await Promise.all([startTestAppWithOwner(dialect, { at: NOW }), StandInPushService.start()]);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await closeAll(t, service);
  });

  function startChild(): { child: ChildProcess; exited: Promise<NodeJS.Signals | null>; output: () => string } {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: t.url, NOW, LEASE_MS: String(LEASE_MS), BATCH_SIZE: String(BATCH) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => {
      children.delete(child);
      resolve(signal);
    }));
    return { child, exited, output: () => output };
  }

  it('never sends a reminder twice, and leaves nothing due unsent except what it records as unknown', async () => {
    const { publicKey } = (await api.get<{ publicKey: string }>('/api/v1/push/public-key')).body;
    const browser = service.subscribe(publicKey, { kind: 'hold' });
    expect((await api.post<PushSubscriptionView>('/api/v1/push/subscriptions', browser.json)).status).toBe(201);
    const contact = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ana Souza', timeZone: 'America/New_York' })).body;
    const followUps: string[] = [];
    for (let i = 0; i < REMINDERS; i++) {
      const due = new Date(Date.parse(NOW) + (5 + i) * 60_000).toISOString();
      const made = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId: contact.id, due: { at: due }, channel: 'call' });
      expect(made.status).toBe(201);
      followUps.push(made.body.id);
    }

    // The push service takes the first claim's messages and never answers: the worker is mid-send when killed.
    const run = startChild();
    await Promise.race([service.arrived(1), run.exited.then(() => { throw new Error(`the worker exited by itself:\n${run.output()}`); })]);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe('SIGKILL');
    const afterKill = await pushDeliveriesOf(t.store.db, userId);
    expect(afterKill.length).toBeGreaterThanOrEqual(1);
    expect(afterKill.length).toBeLessThanOrEqual(BATCH);
    expect(afterKill.every((d) => d.status === 'sending')).toBe(true);

    // A second worker, once the dead one's lease has run out, and with the push service answering again.
    service.behave(browser.id, { kind: 'accept' });
    t.clock.set(new Date(Date.parse(NOW) + LEASE_MS + 1000).toISOString());
    const successor = new PushWorker({ deps: t.deps, subject: 'mailto:ops@example.com', leaseMs: LEASE_MS, batchSize: BATCH });
    for (let round = 0; round < 20 && (await successor.runOnce()).claimed > 0; round++);

    const arrivedFor = service.received.map((r) => (r.payload as PushReminderPayload).followUpId);
    expect(new Set(arrivedFor).size, 'a reminder reached the push service twice').toBe(arrivedFor.length);
    const rows = await pushDeliveriesOf(t.store.db, userId);
    expect(rows.map((d) => d.followUpId).sort()).toEqual([...followUps].sort());
    const killedIds = new Set(afterKill.map((d) => d.id));
    for (const row of rows) {
      if (killedIds.has(row.id)) {
        expect(row.status, 'a claim of the dead worker').toBe('unknown');
      } else {
        expect(row).toMatchObject({ status: 'sent', attempt: 1 });
        expect(arrivedFor.filter((id) => id === row.followUpId)).toHaveLength(1);
      }
    }
    // What did arrive of the dead worker's claims arrived once; the rest never will.
    expect(rows.filter((d) => d.status === 'sent')).toHaveLength(REMINDERS - afterKill.length);
    expect((await successor.runOnce()).claimed).toBe(0);
  }, 60_000);
});
