import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

/** `{"name":"Caf` 0xC3 0x28 `"}`: 0xC3 starts a two-byte sequence that 0x28 ("(") cannot continue. */
const INVALID_UTF8 = Buffer.from([0xc3, 0x28]);
const withBadBytes = (before: string, after: string): Buffer => Buffer.concat([Buffer.from(before), INVALID_UTF8, Buffer.from(after)]);
/** A lone high surrogate, spelled as JSON allows: the parsed string is not well-formed UTF-16. */
const LONE_SURROGATE = '\\ud800x';

describe.each(testDialects())('issue 12 finding 6: invalid text stored, on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let contactId: string;

  const send = (url: string, payload: Buffer | string): Promise<LightMyRequestResponse> => t.app.inject({
    method: 'POST', url, payload,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
  });
  const count = async (table: 'contacts' | 'interactions' | 'follow_ups'): Promise<number> => {
    const row = await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const counts = async () => ({ contacts: await count('contacts'), interactions: await count('interactions'), followUps: await count('follow_ups') });

  /** A 400 naming `path` in words, and nothing written. */
  async function refused(url: string, payload: Buffer | string, path: string, words: RegExp): Promise<void> {
    const before = await counts();
    const response = await send(url, payload);
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json<Problem>();
    expect(problem.detail).toMatch(/not valid text/);
    expect(problem.detail).toMatch(words);
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    let setup;
    ({ t, ...setup } = await startTestAppWithOwner(dialect));
    api = setup.api;
    const created = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Bob Marsh', timeZone: 'Europe/London', email: 'bob@example.com' });
    expect(created.status).toBe(201);
    contactId = created.body.id;
  });
  afterAll(async () => { await closeAll(t); });

  const interaction = (notes: string, agenda: string): string =>
    `{"contactId":"${contactId}","channel":"call","result":"connected","notes":"${notes}",` +
    `"outcome":{"type":"next-step","next":{"due":{"local":"2026-12-10T10:00"},"channel":"call","agenda":"${agenda}"}}}`;

  it('refuses invalid UTF-8 in a contact’s name, naming the name', async () => {
    await refused('/api/v1/contacts', withBadBytes('{"name":"Caf', '","timeZone":"Europe/London"}'), 'name', /^Name/);
  });

  it('refuses a lone surrogate in a contact’s name, naming the name', async () => {
    await refused('/api/v1/contacts', `{"name":"${LONE_SURROGATE}","timeZone":"Europe/London"}`, 'name', /^Name/);
  });

  it('refuses invalid UTF-8 and lone surrogates in a touch’s notes and its next step’s agenda', async () => {
    const [notesBefore, notesAfter] = interaction('CUT', 'call back').split('CUT') as [string, string];
    await refused('/api/v1/interactions', withBadBytes(notesBefore, notesAfter), 'notes', /^Notes/);
    await refused('/api/v1/interactions', interaction(LONE_SURROGATE, 'call back'), 'notes', /^Notes/);
    await refused('/api/v1/interactions', interaction('good call', `pilot ${LONE_SURROGATE}`), 'outcome.next.agenda', /gend/i);
    const [agendaBefore, agendaAfter] = interaction('good call', 'CUT').split('CUT') as [string, string];
    await refused('/api/v1/interactions', withBadBytes(agendaBefore, agendaAfter), 'outcome.next.agenda', /gend/i);
  });

  it('says "the request body" when the bad bytes are not inside a field', async () => {
    await refused('/api/v1/contacts', withBadBytes('{"name":"Cafe"', ',"timeZone":"Europe/London"}'), 'body', /^The request body/);
  });

  it('names a field whose key is not valid text', async () => {
    await refused('/api/v1/contacts', `{"name":"Eve","timeZone":"Europe/London","x${LONE_SURROGATE}":1}`, 'x\ufffdx', /not valid text/);
  });

  it('still takes any valid text: accents, emoji, paired surrogates spelled as escapes, and U+FFFD itself', async () => {
    const before = await count('contacts');
    const name = 'Zoë 😀 \ud83d\ude00 \ufffd';
    const response = await send('/api/v1/contacts', `{"name":"Zoë 😀 \\ud83d\\ude00 \\ufffd","timeZone":"Europe/London"}`);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ name: string }>().name).toBe(name);
    expect(await count('contacts')).toBe(before + 1);
  });

  it('keeps Fastify’s other JSON refusals: an empty body and __proto__', async () => {
    expect((await send('/api/v1/contacts', '')).statusCode).toBe(400);
    expect((await send('/api/v1/contacts', '{"name":"Eve","timeZone":"Europe/London","__proto__":{"x":1}}')).statusCode).toBe(400);
  });
});
