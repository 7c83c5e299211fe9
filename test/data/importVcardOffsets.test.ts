import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { allContacts, byEmail, freshWorkspace, importFile } from './helpers.js';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** Cards as other programs write them: a bare UTC offset in TZ, and several e-mails and phones. */
describe.each(testDialects())('vCards other programs write, on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => { await t.close(); });

  it('imports a card whose TZ is a UTC offset (2.1, 3.0, 4.0 forms) with a zone that fits, and says what it assumed', async () => {
    const api = await freshWorkspace(t, owner);
    const file = crlf([
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Lena Pacific', 'EMAIL:lena@west.example', //               line 1
      'ADR;TYPE=WORK:;;1 Market St;San Francisco;CA;94105;USA', 'TZ:-08:00', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Omar Offset', 'EMAIL:omar@west.example', //                line 8
      'ADR;TYPE=work:;;;;;;United States of America', 'TZ;VALUE=utc-offset:-0800', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'N:East;Erin', 'EMAIL;INTERNET:erin@east.example', 'TZ:-05:00', 'END:VCARD', // line 15
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Una User', 'EMAIL:una@home.example', 'TZ:+00:00', 'END:VCARD', // line 21
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Nora Nowhere', 'EMAIL:nora@odd.example', 'TZ:+05:17', 'END:VCARD', // line 27
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Aiko Named', 'EMAIL:aiko@tokyo.example', 'TZ:Asia/Tokyo', 'END:VCARD', // line 33
    ]);
    const report = await importFile(t, api, file, 'dryRun=true', 'text/vcard');
    expect(report).toMatchObject({ state: 'done', imported: 6, rejectedCount: 0 });
    expect(report.assumptions).toEqual([
      { line: 1, note: 'time zone assumed America/Los_Angeles from UTC offset -08:00 and the address (San Francisco, USA)' },
      { line: 8, note: 'time zone assumed America/Los_Angeles from UTC offset -08:00 and the address (United States of America)' },
      { line: 15, note: 'time zone assumed America/New_York from UTC offset -05:00' },
      { line: 21, note: 'time zone assumed Europe/London from UTC offset +00:00 (your own time zone has that offset)' },
      { line: 27, note: 'time zone assumed Europe/London (yours): no time zone has UTC offset +05:17' },
    ]);
    expect(await allContacts(api)).toEqual([]);

    const real = await importFile(t, api, file, '', 'text/vcard');
    expect(real).toMatchObject({ state: 'done', imported: 6, rejectedCount: 0 });
    expect(real.assumptions.map((a) => a.line)).toEqual([1, 8, 15, 21, 27]);
    const contacts = await allContacts(api);
    expect(byEmail(contacts, 'lena@west.example')?.timeZone).toBe('America/Los_Angeles');
    expect(byEmail(contacts, 'omar@west.example')?.timeZone).toBe('America/Los_Angeles');
    expect(byEmail(contacts, 'erin@east.example')?.timeZone).toBe('America/New_York');
    expect(byEmail(contacts, 'una@home.example')?.timeZone).toBe('Europe/London');
    expect(byEmail(contacts, 'nora@odd.example')?.timeZone).toBe('Europe/London');
    expect(byEmail(contacts, 'aiko@tokyo.example')?.timeZone).toBe('Asia/Tokyo');
  });

  it('keeps a card whose TZ names no zone we know, in the user\'s zone, and says so', async () => {
    const api = await freshWorkspace(t, owner);
    const report = await importFile(t, api, crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Pat Pacific', 'TZ:Pacific Standard Time', 'END:VCARD']), '', 'text/vcard');
    expect(report).toMatchObject({ imported: 1, rejectedCount: 0, assumptions: [{ line: 1, note: 'time zone assumed Europe/London (yours): the card\'s time zone "Pacific Standard Time" is not one we know' }] });
  });

  it('keeps the preferred e-mail and phone (PREF=1, TYPE=pref, 2.1 PREF) first, and the others after it', async () => {
    const api = await freshWorkspace(t, owner);
    const file = crlf([
      'BEGIN:VCARD', 'VERSION:2.1', 'N:Smith;Ann', 'EMAIL;INTERNET;HOME:ann@home.example', 'EMAIL;INTERNET;WORK;PREF:ann@work.example',
      'TEL;HOME;VOICE:+44 20 7946 0000', 'TEL;CELL;PREF:+44 7700 900123', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ben Jones', 'NOTE:Met at the fair', 'item1.EMAIL;type=INTERNET;type=HOME:ben@home.example',
      'item2.EMAIL;type=INTERNET;type=WORK;type=pref:ben@work.example', 'TEL;type=WORK:+1 212 555 0100', 'TEL;type=CELL;type=VOICE;type=pref:+1 917 555 0199', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Cleo Ray', 'EMAIL;PREF=2;TYPE=home:cleo@home.example', 'EMAIL;TYPE=work;PREF=1:cleo@work.example',
      'TEL;VALUE=uri;TYPE=home:tel:+33-1-23-45-67-89', 'TEL;VALUE=uri;PREF=1;TYPE="cell,voice":tel:+33-6-12-34-56-78', 'END:VCARD',
    ]);
    const report = await importFile(t, api, file, '', 'text/vcard');
    expect(report).toMatchObject({ state: 'done', imported: 3, rejectedCount: 0 });
    const contacts = await allContacts(api);
    expect(byEmail(contacts, 'ann@work.example')).toMatchObject({
      phone: '+44 7700 900123', notes: 'Other e-mail: ann@home.example (home)\nOther phone: +44 20 7946 0000 (home)',
    });
    expect(byEmail(contacts, 'ben@work.example')).toMatchObject({
      phone: '+1 917 555 0199', notes: 'Met at the fair\n\nOther e-mail: ben@home.example (home)\nOther phone: +1 212 555 0100 (work)',
    });
    expect(byEmail(contacts, 'cleo@work.example')).toMatchObject({
      phone: '+33-6-12-34-56-78', notes: 'Other e-mail: cleo@home.example (home)\nOther phone: +33-1-23-45-67-89 (home)',
    });
  });
});
