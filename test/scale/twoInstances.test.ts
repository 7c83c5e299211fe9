import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, followUpSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

type Agenda = z.infer<typeof agendaSchema>;
type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;

const root = resolve(import.meta.dirname, '..', '..');
const DAY = '2030-01-15'; // a fixed future day: the agenda is asked for it explicitly, whatever today is

interface Instance { url: string; child: ChildProcess; output: () => string }

/** `followthrough serve` as its own process on PORT=0; resolves with the URL it prints. */
function serve(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Followthrough listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ url: match[1], child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${output}`));
    });
  });
}

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((r) => instance.child.once('exit', r));
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function call<T>(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const ids = (agenda: Agenda): string[] => [...agenda.overdue, ...agenda.today].map((item) => item.followUp.id);

describe.skipIf(!testDialects().includes('postgres'))('two server processes on one PostgreSQL', () => {
  let databaseUrl = '';
  let a: Instance | undefined;
  let b: Instance | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabaseUrl('postgres');
    // Both start at once on an empty database: each migrates first, and Kysely's migration lock
    // makes one wait for the other instead of both creating the tables.
    [a, b] = await Promise.all([serve(databaseUrl), serve(databaseUrl)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('serve the same agenda, and a follow-up logged through one is seen through the other', async () => {
    if (!a || !b) throw new Error('servers did not start');
    expect(a.url).not.toBe(b.url);

    const setup = await call<{ token: string }>(a.url, null, 'POST', '/api/v1/setup', {
      email: 'owner@example.com', password: 'correct horse battery', name: 'Olivia Owner', workspace: 'Acme Sales', timeZone: 'UTC',
    });
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    const token = setup.body.token;
    // A second setup through the other instance sees the first: one database, one owner.
    expect((await call(b.url, null, 'POST', '/api/v1/setup', { email: 'x@example.com', password: 'correct horse battery', name: 'X', workspace: 'X', timeZone: 'UTC' })).status).toBe(409);

    const contact = await call<Contact>(a.url, token, 'POST', '/api/v1/contacts', { name: 'Dana Client', email: 'dana@example.org', timeZone: 'UTC' });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const first = await call<FollowUp>(b.url, token, 'POST', '/api/v1/follow-ups', {
      contactId: contact.body.id, due: { local: `${DAY}T10:00` }, channel: 'call', agenda: 'the quote',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    const agendaA = await call<Agenda>(a.url, token, 'GET', `/api/v1/agenda?date=${DAY}`);
    const agendaB = await call<Agenda>(b.url, token, 'GET', `/api/v1/agenda?date=${DAY}`);
    expect(agendaA.status).toBe(200);
    expect(agendaB.body).toEqual(agendaA.body);
    expect(ids(agendaA.body)).toEqual([first.body.id]);

    // Logged through A: the call kept the promise and agreed the next step the same day.
    const logged = await call<Logged>(a.url, token, 'POST', '/api/v1/interactions', {
      contactId: contact.body.id, followUpId: first.body.id, channel: 'call', result: 'connected',
      outcome: { type: 'next-step', next: { due: { local: `${DAY}T16:30` }, channel: 'email', agenda: 'send the revised quote' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const next = logged.body.next;
    expect(next).not.toBeNull();

    // Seen through B at once: no cache in front of the database.
    const after = await call<Agenda>(b.url, token, 'GET', `/api/v1/agenda?date=${DAY}`);
    expect(ids(after.body)).toEqual([next?.id]);
    expect(after.body.today[0]?.lastInteraction?.id).toBe(logged.body.interaction.id);
    const done = await call<FollowUp>(b.url, token, 'GET', `/api/v1/follow-ups/${first.body.id}`);
    expect(done.body.status).toBe('done');
    expect((await call<Agenda>(a.url, token, 'GET', `/api/v1/agenda?date=${DAY}`)).body).toEqual(after.body);
  });
});
