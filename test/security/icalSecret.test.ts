import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { everyCell } from '../helpers/tableSnapshot.js';

interface Made { icalUrl: string; createdAt: string }
interface Me { icalUrl: string | null; icalFeed: { active: boolean; createdAt: string | null } }

const secretOf = (url: string): string => new URL(url).pathname.slice('/ical/'.length, -'.ics'.length);

describe.each(testDialects())('issue 12 finding 10: the iCal secret is stored only as its hash (%s)', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app)).api;
  });
  afterAll(async () => { await t?.close(); });

  it('keeps no plain-text column: users has only the hash', async () => {
    const columns = Object.keys(await t.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow());
    expect(columns).toContain('ical_secret_hash');
    expect(columns).not.toContain('ical_secret');
  });

  it('no column of any table holds the raw secret after a new link is made; the link is shown once', async () => {
    const before = (await owner.get<Me>('/api/v1/me')).body;
    expect(before.icalFeed.active).toBe(false);
    const made = await owner.post<Made>('/api/v1/me/ical-secret');
    expect(made.status).toBe(200);
    const secret = secretOf(made.body.icalUrl);
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const cells = await everyCell(t.store.db);
    expect(cells.filter((c) => c.text.includes(secret))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: new URL(made.body.icalUrl).pathname })).statusCode).toBe(200);
    const after = (await owner.get<Me>('/api/v1/me')).body;
    expect(after.icalUrl).toBeNull();
    expect(after.icalFeed).toEqual({ active: true, createdAt: made.body.createdAt });
    expect(JSON.stringify(after)).not.toContain(secret);
  });

  it('the old feed URL stops working once a new link is made', async () => {
    const old = (await owner.post<Made>('/api/v1/me/ical-secret')).body.icalUrl;
    expect((await t.app.inject({ method: 'GET', url: new URL(old).pathname })).statusCode).toBe(200);
    const fresh = (await owner.post<Made>('/api/v1/me/ical-secret')).body.icalUrl;
    expect(fresh).not.toBe(old);
    expect((await t.app.inject({ method: 'GET', url: new URL(old).pathname })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: new URL(fresh).pathname })).statusCode).toBe(200);
  });
});
