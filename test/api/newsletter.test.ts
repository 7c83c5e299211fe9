import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, newsletterConsentSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
type Newsletter = z.infer<typeof newsletterConsentSchema>;

/** Issue 10 item 10 (seed 001): "would you like to be added to an email newsletter" — consent with evidence, and the list. */
describe.each(testDialects())('keep me posted (newsletter consent) on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    t.clock.set('2026-12-07T09:00:00Z');
  });
  afterAll(() => closeAll(t));

  const newContact = async (name: string, email: string | null): Promise<Contact> => {
    const created = await api.post<Contact>('/api/v1/contacts', { name, email, timeZone: 'Europe/London' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const answer = (id: string, body: Record<string, unknown>) => api.post<Newsletter>(`/api/v1/contacts/${id}/newsletter`, body);
  const csvRows = async (): Promise<string[][]> => {
    const res = await api.get<string>('/api/v1/export/newsletter.csv');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/text\/csv/);
    return parse(res.body.replace(/^\ufeff/, '')) as string[][];
  };

  it('records their answer with what they said, how and when, and the latest answer counts', async () => {
    const ana = await newContact('Ana Silva', 'ana@example.com');
    const none = await api.get<Newsletter>(`/api/v1/contacts/${ana.id}/newsletter`);
    expect(none.body).toMatchObject({ consent: null, onList: false, summary: 'Not asked yet whether they want the newsletter.' });

    const yes = await answer(ana.id, { consent: true, evidence: 'Yes, keep me posted about the new release', channel: 'call', at: '2026-12-04T15:30:00Z' });
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    expect(yes.body).toMatchObject({
      consent: true, at: '2026-12-04T15:30:00.000Z', onList: true,
      evidence: 'A call: Yes, keep me posted about the new release',
      summary: 'Wants the newsletter (said yes on Fri 4 Dec, 15:30).',
    });
    const records = await api.get<{ items: { kind: string; detail: string }[] }>(`/api/v1/contacts/${ana.id}/consent`);
    expect(records.body.items.map((r) => r.kind)).toContain('newsletter-yes');

    const no = await answer(ana.id, { consent: false, evidence: 'Too much email, take me off', channel: 'email' });
    expect(no.body).toMatchObject({ consent: false, onList: false, evidence: 'An email: Too much email, take me off' });
    expect(no.body.summary).toBe('Said no to the newsletter on Mon 7 Dec, 09:00.');
  });

  it('refuses an answer without evidence, a non-boolean consent or a future time, naming the field, and records nothing', async () => {
    const ben = await newContact('Ben Okafor', 'ben@example.com');
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ consent: true }, /evidence/],
      [{ consent: true, evidence: '   ' }, /evidence/],
      [{ consent: 'yes', evidence: 'sure' }, /consent/],
      [{ consent: true, evidence: 'sure', channel: 'pigeon' }, /channel/],
      [{ consent: true, evidence: 'sure', at: '2026-12-09T09:00:00Z' }, /at/],
    ];
    for (const [body, field] of bad) {
      const res = await answer(ben.id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(field);
    }
    expect((await api.get<Newsletter>(`/api/v1/contacts/${ben.id}/newsletter`)).body.consent).toBeNull();
    expect((await answer('no-such-contact', { consent: true, evidence: 'sure' })).status).toBe(404);
  });

  it('exports those who said yes (with an email, not opted out) as formula-safe CSV', async () => {
    const cara = await newContact('Cara Diaz', 'cara@example.com');
    await answer(cara.id, { consent: true, evidence: '=HYPERLINK("http://evil.example","click")', channel: 'meeting', at: '2026-12-05T10:00:00Z' });
    const dev = await newContact('Dev Patel', 'dev@example.com');
    await answer(dev.id, { consent: true, evidence: 'Yes please' });
    await api.post(`/api/v1/contacts/${dev.id}/opt-out`, { reason: 'asked us to stop' });
    const noEmail = await newContact('Eli Noemail', null);
    const eli = await answer(noEmail.id, { consent: true, evidence: 'Yes' });
    expect(eli.body).toMatchObject({ onList: false, summary: expect.stringMatching(/add their email address/) as unknown });
    const fay = await newContact('+Fay Formula', 'fay@example.com');
    await answer(fay.id, { consent: true, evidence: '@SUM(1)', at: '2026-12-06T08:00:00Z' });

    const rows = await csvRows();
    expect(rows[0]).toEqual(['name', 'email', 'consentedAt', 'evidence']);
    const body = rows.slice(1);
    expect(body.map((r) => r[1])).toEqual(['fay@example.com', 'cara@example.com']);
    expect(body[0]).toEqual(["'+Fay Formula", 'fay@example.com', '2026-12-06T08:00:00.000Z', "'@SUM(1)"]);
    expect(body[1]).toEqual(['Cara Diaz', 'cara@example.com', '2026-12-05T10:00:00.000Z', 'A meeting: =HYPERLINK("http://evil.example","click")']);
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
