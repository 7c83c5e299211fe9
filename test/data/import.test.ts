import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateToken } from '../../src/services/accounts.js';
import type { Actor } from '../../src/services/deps.js';
import { createImport, runImport } from '../../src/services/importContacts.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';
import type { ImportWorker } from '../../src/jobs/importWorker.js';
import { allContacts, byEmail, freshWorkspace, importFile, startImportWorker, waitForImport, type Contact, type Report } from './helpers.js';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

describe.each(testDialects())('contact import on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let worker: ImportWorker;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    worker = startImportWorker(t);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  describe('presets, each with a sample of its tool\'s export', () => {
    it('hubspot: first/last name, lifecycle stage, HubSpot zone values', async () => {
      const api = await freshWorkspace(t, owner);
      const file = crlf([
        '"Record ID","First Name","Last Name","Email","Phone Number","Mobile Phone Number","Company Name","Job Title","Lifecycle Stage","Time Zone","Create Date"',
        '"101","Hana","Sato","Hana.Sato@Example.jp","+81 3-1234-5678","","Kaizen KK","CTO","Customer","america_slash_new_york","2024-01-02 10:00"',
        '"102","Liam","O\'Brien","liam@example.ie","","+353 85 123 4567","Emerald Ltd","","Lead","",""',
        '"103","","","nobody@example.com","","","","","Subscriber","",""',
      ]);
      const report = await importFile(t, api, file, 'preset=hubspot');
      expect(report).toMatchObject({ state: 'done', preset: 'hubspot', total: 3, imported: 2, rejectedCount: 1, rejected: [{ line: 4, reason: 'missing name' }] });
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'hana.sato@example.jp')).toMatchObject({
        name: 'Hana Sato', phone: '+81 3-1234-5678', company: 'Kaizen KK', title: 'CTO', relationship: 'customer', timeZone: 'America/New_York',
      });
      expect(byEmail(contacts, 'liam@example.ie')).toMatchObject({ name: 'Liam O\'Brien', phone: '+353 85 123 4567', relationship: 'prospect', timeZone: 'Europe/London' });
    });

    it('pipedrive: "Person - …" columns, work email first, then home', async () => {
      const api = await freshWorkspace(t, owner);
      const file = [
        'Person - ID,Person - Name,Person - Label,Person - Organization,Person - Email - Work,Person - Email - Home,Person - Phone - Work,Person - Phone - Mobile,Person - Owner',
        '7,Marta Nowak,Customer,Wisła SA,,marta@home.example,,+48 600 100 200,Sam Seller',
        '8,Piotr Zieliński,Hot lead,Odra sp. z o.o.,piotr@odra.example,piotr@home.example,+48 22 100 20 30,,Sam Seller',
        '',
      ].join('\n');
      const report = await importFile(t, api, file);
      expect(report).toMatchObject({ state: 'done', preset: 'pipedrive', imported: 2, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'marta@home.example')).toMatchObject({ name: 'Marta Nowak', company: 'Wisła SA', phone: '+48 600 100 200', relationship: 'customer' });
      expect(byEmail(contacts, 'piotr@odra.example')).toMatchObject({ name: 'Piotr Zieliński', phone: '+48 22 100 20 30', relationship: 'prospect' });
    });

    it('google: " ::: " multi-values, multi-line notes, the first e-mail and phone', async () => {
      const api = await freshWorkspace(t, owner);
      const file = crlf([
        'First Name,Middle Name,Last Name,Nickname,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title',
        'Zoe,,Achebe,,"Met at the fair\r\nbring samples",* myContacts,* Work,zoe@work.example ::: zoe@other.example,Home,zoe@home.example,Mobile,+234 803 000 0000,Lagos Labs,COO',
        'Tomás,María,García,,,* myContacts,,,,,Mobile,+34 600 000 000,,',
      ]);
      const report = await importFile(t, api, file, 'preset=google');
      expect(report).toMatchObject({ state: 'done', preset: 'google', imported: 2, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'zoe@work.example')).toMatchObject({ name: 'Zoe Achebe', notes: 'Met at the fair\r\nbring samples', company: 'Lagos Labs', title: 'COO', phone: '+234 803 000 0000' });
      expect(contacts.find((c) => c.name === 'Tomás María García')).toMatchObject({ email: null, phone: '+34 600 000 000' });
    });

    it('followthrough: the product\'s own columns, lists as JSON, quoted formula cells restored, do-not-contact kept', async () => {
      const api = await freshWorkspace(t, owner);
      const file = crlf([
        'id,name,email,phone,company,title,timeZone,preferredChannel,relationship,interest,canBuy,authority,buyingProcess,interests,reachable,doNotContact,doNotContactReason,doNotContactAt,customerSince,notes,createdAt,updatedAt',
        'x1,Dana Lee,dana@globex.example,\'+1 212 555 0100,Globex,CFO,America/New_York,coffee,customer,real,yes,signs,"RFP, then legal","[""pricing"",""security""]","[{""days"":[1,2,3],""from"":""09:00"",""to"":""12:00""}]",false,,,2023-04-01,\'=not a formula,2020-01-01T00:00:00.000Z,2020-01-01T00:00:00.000Z',
        'x2,Quinn Out,quinn@example.com,,,,Europe/Paris,,prospect,passing,no,,,,,true,said no on the phone,2025-05-05T10:00:00.000Z,,,2020-01-01T00:00:00.000Z,2020-01-01T00:00:00.000Z',
      ]);
      const report = await importFile(t, api, file);
      expect(report).toMatchObject({ state: 'done', preset: 'followthrough', imported: 2, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'dana@globex.example')).toMatchObject({
        name: 'Dana Lee', phone: '+1 212 555 0100', company: 'Globex', title: 'CFO', timeZone: 'America/New_York', preferredChannel: 'coffee',
        relationship: 'customer', interest: 'real', canBuy: 'yes', authority: 'signs', buyingProcess: 'RFP, then legal',
        interests: ['pricing', 'security'], reachable: [{ days: [1, 2, 3], from: '09:00', to: '12:00' }], doNotContact: false,
        customerSince: '2023-04-01', notes: '=not a formula',
      });
      expect(byEmail(contacts, 'quinn@example.com')).toMatchObject({ doNotContact: true, doNotContactReason: 'said no on the phone', doNotContactAt: '2025-05-05T10:00:00.000Z', interest: 'passing', canBuy: 'no' });
    });

    it('vCard 3.0 and 4.0: folding, escapes, TYPE/PREF parameters, tel: URIs, KIND checks, a TZ offset kept with a zone', async () => {
      const api = await freshWorkspace(t, owner);
      const file = crlf([
        'BEGIN:VCARD', 'VERSION:3.0', 'N:Müller;Jürgen;;Dr.;', 'FN:Dr. Jürgen Müller', 'ORG:Müller\\, Schmidt & Co.;Vertrieb', 'TITLE:Geschäftsführer',
        'EMAIL;TYPE=INTERNET,HOME:juergen@privat.example', 'EMAIL;TYPE=INTERNET,WORK,PREF:J.Mueller@Firma.example', 'TEL;TYPE=CELL:+49 151 2345 6789',
        'NOTE:Line one\\nLine two\\; with a semicolon and a long line that is fol', ' ded across two lines', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:4.0', 'FN:Aiko Tanaka', 'EMAIL;PREF=2:aiko@old.example', 'EMAIL;PREF=1:aiko@new.example',
        'TEL;VALUE=uri;TYPE="voice,cell":tel:+81-90-1234-5678;ext=12', 'TZ:Asia/Tokyo', 'KIND:individual', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:4.0', 'KIND:group', 'FN:Sales team', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:4.0', 'FN:Offset Zone', 'TZ:-05:00', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'N:Only;Family;;;', 'EMAIL:family.only@example.com', 'END:VCARD',
      ]);
      const report = await importFile(t, api, file, '', 'text/vcard');
      expect(report.format).toBe('vcard');
      expect(report).toMatchObject({ state: 'done', imported: 4, rejectedCount: 1 });
      expect(report.rejected).toEqual([{ line: 22, reason: 'not a person (KIND:group)' }]);
      expect(report.assumptions).toEqual([{ line: 27, note: 'time zone assumed America/New_York from UTC offset -05:00' }]);
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'j.mueller@firma.example')).toMatchObject({
        name: 'Dr. Jürgen Müller', company: 'Müller, Schmidt & Co.', title: 'Geschäftsführer', phone: '+49 151 2345 6789',
        notes: 'Line one\nLine two; with a semicolon and a long line that is folded across two lines\n\nOther e-mail: juergen@privat.example (home)',
      });
      expect(byEmail(contacts, 'aiko@new.example')).toMatchObject({ name: 'Aiko Tanaka', phone: '+81-90-1234-5678 ext. 12', timeZone: 'Asia/Tokyo' });
      expect(byEmail(contacts, 'family.only@example.com')).toMatchObject({ name: 'Family Only' });
    });
  });

  describe('files as they come', () => {
    it('detects ; tab and | delimiters and skips a UTF-8 byte-order mark', async () => {
      for (const delimiter of [';', '\t', '|']) {
        const api = await freshWorkspace(t, owner);
        const file = `\ufeff${['Name', 'Email', 'Company'].join(delimiter)}\n${['Ana Ruiz', 'ana@example.es', 'Sol, S.L.'].join(delimiter)}\n`;
        const report = await importFile(t, api, Buffer.from(file, 'utf8'));
        expect(report, JSON.stringify(delimiter)).toMatchObject({ state: 'done', imported: 1, rejectedCount: 0 });
        expect((await allContacts(api))[0]).toMatchObject({ name: 'Ana Ruiz', email: 'ana@example.es', company: 'Sol, S.L.' });
      }
    });

    it('accepts the file under any of its usual content types', async () => {
      for (const type of ['text/csv; charset=utf-8', 'text/plain', 'application/octet-stream']) {
        const api = await freshWorkspace(t, owner);
        expect(await importFile(t, api, 'Name,Email\nAna,ana@types.example\n', '', type), type).toMatchObject({ format: 'csv', imported: 1 });
      }
      for (const type of ['text/vcard; charset=utf-8', 'text/x-vcard', 'text/directory']) {
        const api = await freshWorkspace(t, owner);
        expect(await importFile(t, api, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n', '', type), type).toMatchObject({ format: 'vcard', imported: 1 });
      }
    });

    it('reads Windows-1252 and UTF-16 files', async () => {
      const text = 'Name,Email\r\nJosé Müller,jose@example.com\r\nFrançoise “Fran” Œuvre,fran@example.com\r\n';
      const cp1252 = Buffer.from(text.replace('“', '\u0093').replace('”', '\u0094').replace('Œ', '\u008c'), 'latin1');
      const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      for (const file of [cp1252, utf16le]) {
        const api = await freshWorkspace(t, owner);
        const report = await importFile(t, api, file);
        expect(report).toMatchObject({ state: 'done', imported: 2, rejectedCount: 0 });
        const names = (await allContacts(api)).map((c) => c.name).sort();
        expect(names).toEqual(['Françoise “Fran” Œuvre', 'José Müller']);
      }
    });

    it('lists every rejected row with its file line and reason; quoted newlines shift the lines', async () => {
      const api = await freshWorkspace(t, owner);
      const file = [
        'Name,Email,Time Zone,Notes', //                                 line 1
        'Good One,one@example.com,Europe/Berlin,"first line', //        line 2
        'second line', //                                                line 3
        'third line"', //                                                line 4
        'Bad Email,not-an-email,,', //                                   line 5
        'Bad Zone,zone@example.com,Mars/Olympus_Mons,', //               line 6
        ',noname@example.com,Europe/Paris,', //                          line 7
        'Broken "quote",x@example.com,,', //                             line 8 (a quote inside a field is kept)
        'Broken,"quo"te@example.com,,', //                               line 9
        'Nul\u0000Name,nul@example.com,,', //                            line 10
        'Too,many@example.com,,,surplus', //                             line 11
        '', //                                                           line 12 (blank: not a row)
        'Good Two,two@example.com,,"a ""quoted"" note"', //              line 13
      ].join('\n');
      const report = await importFile(t, api, file);
      expect(report).toMatchObject({ state: 'done', total: 9, processed: 9, imported: 3, rejectedCount: 6 });
      expect(report.rejected).toEqual([
        { line: 5, reason: 'email: not a valid email address' },
        { line: 6, reason: 'timeZone: unknown time zone "Mars/Olympus_Mons"' },
        { line: 7, reason: 'missing name' },
        { line: 9, reason: 'malformed quotes: text after the closing quote of field 2' },
        { line: 10, reason: 'name: contains the NUL character (U+0000), which cannot be stored' },
        { line: 11, reason: 'the row has 5 cells but the header has 4 columns (a delimiter or quote out of place?)' },
      ]);
      const contacts = await allContacts(api);
      expect(byEmail(contacts, 'one@example.com')?.notes).toBe('first line\nsecond line\nthird line');
      expect(byEmail(contacts, 'x@example.com')?.name).toBe('Broken "quote"');
      expect(byEmail(contacts, 'two@example.com')?.notes).toBe('a "quoted" note');
      const page = await api.get<{ items: unknown[]; nextCursor: string | null }>(`/api/v1/imports/${report.id}/rejected?limit=4`);
      expect(page.body.items).toHaveLength(4);
      const rest = await api.get<{ items: Array<{ line: number }>; nextCursor: string | null }>(`/api/v1/imports/${report.id}/rejected?limit=4&cursor=${page.body.nextCursor ?? ''}`);
      expect(rest.body.items.map((r) => r.line)).toEqual([10, 11]);
    });

    it('fails a file whose header names no name column, importing nothing', async () => {
      const api = await freshWorkspace(t, owner);
      const report = await importFile(t, api, 'Foo,Bar\nx,y\n');
      expect(report.state).toBe('failed');
      expect(report.error).toMatch(/no column holds the name/);
      expect(await allContacts(api)).toEqual([]);
    });

    it('refuses a JSON body, an unknown preset and another workspace\'s import', async () => {
      const api = await freshWorkspace(t, owner);
      const json = await api.post('/api/v1/imports', { rows: [] });
      expect(json.status).toBe(400);
      const preset = await t.app.inject({ method: 'POST', url: '/api/v1/imports?preset=salesforce', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' }, payload: 'Name\nA\n' });
      expect(preset.statusCode).toBe(400);
      const report = await importFile(t, api, 'Name\nA\n');
      const other = await freshWorkspace(t, owner);
      expect((await other.get(`/api/v1/imports/${report.id}`)).status).toBe(404);
      expect((await other.get(`/api/v1/imports/${report.id}/rejected`)).status).toBe(404);
    });
  });

  describe('an interrupted import', () => {
    it('is reported failed with what it committed, and resumes over HTTP with the same file only', async () => {
      const api = await freshWorkspace(t, owner);
      const actor = (await authenticateToken(t.deps, api.token)) as Actor;
      const file = Buffer.from(`Name,Email\n${Array.from({ length: 6000 }, (_, i) => `Person ${i},p${i}@resume.example`).join('\n')}\n`);
      // The upload breaks off after 60% of the file: the batches before the break stay committed.
      const record = await createImport(t.deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false });
      const broken = async function* () {
        yield file.subarray(0, Math.floor(file.length * 0.6));
        throw new Error('connection reset');
      };
      await expect(runImport(t.deps, actor, record.id, broken, { batchSize: 500 })).rejects.toThrow(/connection reset/);
      const failed = (await api.get<Report>(`/api/v1/imports/${record.id}`)).body;
      expect(failed).toMatchObject({ state: 'failed', error: 'internal error: connection reset' });
      expect(failed.processed % 500).toBe(0);
      expect(failed.processed).toBeGreaterThanOrEqual(3000);
      expect(failed.imported).toBe(failed.processed);
      expect(failed.bytesProcessed).toBeGreaterThan(0);
      expect(await allContacts(api)).toHaveLength(failed.processed);

      const upload = (id: string, body: Buffer) => t.app.inject({
        method: 'POST', url: `/api/v1/imports/${id}/resume`, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' }, payload: body,
      });
      const other = Buffer.from(`Name,Email\nSomeone Else,else@resume.example\n`);
      expect((await upload(record.id, other)).statusCode).toBe(409);
      const resumed = await upload(record.id, file);
      expect(resumed.statusCode, resumed.body).toBe(202);
      expect(await waitForImport(api, record.id)).toMatchObject({ state: 'done', total: 6000, processed: 6000, imported: 6000, rejectedCount: 0 });
      const emails = (await allContacts(api)).map((c) => c.email);
      expect(emails).toHaveLength(6000);
      expect(new Set(emails).size).toBe(6000);
      expect((await upload(record.id, file)).statusCode).toBe(409); // done: nothing to resume
      const stranger = await freshWorkspace(t, owner);
      const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${record.id}/resume`, headers: { authorization: `Bearer ${stranger.token}`, 'content-type': 'text/csv' }, payload: file });
      expect(foreign.statusCode).toBe(404);
    });
  });

  describe('dry run', () => {
    it('reports what would happen and changes no contact (every other table byte for byte)', async () => {
      const api = await freshWorkspace(t, owner);
      await api.post('/api/v1/contacts', { name: 'Existing Person', email: 'existing@example.com', company: 'Old Co' });
      const file = [
        'Name,Email,Company',
        'Existing Person,EXISTING@example.com,New Co',
        'New Person,new@example.com,',
        'New Person Again,new@example.com,Later Co',
        'Broken,bad@,',
      ].join('\n');
      const ignore = new Set(['imports', 'import_rejections', 'import_keys']);
      const strip = (snapshot: Record<string, unknown>) => Object.fromEntries(Object.entries(snapshot).filter(([table]) => !ignore.has(table)));
      const before = strip(await snapshotDatabase(t.store.db));
      const report = await importFile(t, api, file, 'dryRun=true&duplicates=update');
      expect(report).toMatchObject({ state: 'done', dryRun: true, total: 4, imported: 1, updated: 2, skipped: 0, rejectedCount: 1, rejected: [{ line: 5, reason: 'email: not a valid email address' }] });
      expect(strip(await snapshotDatabase(t.store.db))).toEqual(before);
      expect(await t.store.db.selectFrom('import_keys').selectAll().where('import_id', '=', report.id).execute()).toEqual([]);

      const real = await importFile(t, api, file, 'duplicates=update');
      expect({ imported: real.imported, updated: real.updated, skipped: real.skipped, rejected: real.rejectedCount })
        .toEqual({ imported: report.imported, updated: report.updated, skipped: report.skipped, rejected: report.rejectedCount });
    });
  });

  describe('duplicates: by email, then by phone, by an explicit policy', () => {
    async function workspaceWithExisting(): Promise<{ api: ApiClient; existing: Contact; other: Contact }> {
      const api = await freshWorkspace(t, owner);
      const existing = (await api.post<Contact>('/api/v1/contacts', {
        name: 'Dana Lee', email: 'dana@globex.example', phone: '+1 (212) 555-0100', company: 'Globex', interests: ['pricing'], notes: 'met at the fair',
      })).body;
      const other = (await api.post<Contact>('/api/v1/contacts', { name: 'Phone Only', phone: '+44 20 7946 0000' })).body;
      await api.post(`/api/v1/contacts/${existing.id}/opt-out`, { reason: 'asked for a pause' });
      return { api, existing, other };
    }
    const file = [
      'Name,Email,Phone,Company,Title,Interests,Notes,Do Not Contact',
      'Dana Lee-Smith,Dana@Globex.example,,Globex Corp,CFO,security,prefers mornings,false', // by email
      'Phone Person,,+44 (0)20 7946 0000,Acme,Buyer,,,', //                                       by phone, written differently
      'Phone Again,,+44 20 7946 0000,Acme,Buyer,,,', //                                           by phone, same digits
      'Fresh Face,fresh@example.com,,,,,,', //                                                     new
      'Fresh Face Twin,FRESH@example.com,,,Twin,,,', //                                           duplicate inside the file
    ].join('\n');

    it('skip: duplicates are counted and left alone', async () => {
      const { api, existing, other } = await workspaceWithExisting();
      const report = await importFile(t, api, file, 'duplicates=skip');
      expect(report).toMatchObject({ imported: 1, updated: 0, skipped: 4, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(contacts).toHaveLength(3);
      expect(contacts.find((c) => c.id === existing.id)).toMatchObject({ name: 'Dana Lee', company: 'Globex', title: null });
      expect(contacts.find((c) => c.id === other.id)).toMatchObject({ name: 'Phone Only', company: null });
    });

    it('update: the row\'s values replace the contact\'s, but never lift a do-not-contact', async () => {
      const { api, existing, other } = await workspaceWithExisting();
      const report = await importFile(t, api, file, 'duplicates=update');
      expect(report).toMatchObject({ imported: 1, updated: 4, skipped: 0, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(contacts).toHaveLength(3);
      expect(contacts.find((c) => c.id === existing.id)).toMatchObject({
        name: 'Dana Lee-Smith', email: 'dana@globex.example', phone: '+1 (212) 555-0100', company: 'Globex Corp', title: 'CFO',
        interests: ['security'], notes: 'prefers mornings', doNotContact: true, doNotContactReason: 'asked for a pause',
      });
      expect(contacts.find((c) => c.id === other.id)).toMatchObject({ name: 'Phone Again', company: 'Acme', title: 'Buyer' });
      expect(byEmail(contacts, 'fresh@example.com')).toMatchObject({ name: 'Fresh Face Twin', title: 'Twin' });
      const audit = await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('entity_id', '=', existing.id).where('action', '=', 'import-update').execute();
      expect(audit).toHaveLength(1);
    });

    it('merge: fills only what is empty, unites interests, appends new notes', async () => {
      const { api, existing, other } = await workspaceWithExisting();
      const report = await importFile(t, api, file, 'duplicates=merge');
      expect(report).toMatchObject({ imported: 1, updated: 3, skipped: 1, rejectedCount: 0 });
      const contacts = await allContacts(api);
      expect(contacts).toHaveLength(3);
      expect(contacts.find((c) => c.id === existing.id)).toMatchObject({
        name: 'Dana Lee', company: 'Globex', title: 'CFO', interests: ['pricing', 'security'],
        notes: 'met at the fair\n\nprefers mornings', doNotContact: true,
      });
      expect(contacts.find((c) => c.id === other.id)).toMatchObject({ name: 'Phone Only', company: 'Acme', title: 'Buyer' });
      expect(byEmail(contacts, 'fresh@example.com')).toMatchObject({ name: 'Fresh Face', title: 'Twin' });
      // The same file again changes nothing: every row is now a duplicate with nothing new to say.
      const again = await importFile(t, api, file, 'duplicates=merge');
      expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 5 });
    });

    it('does not match by phone when the emails say these are two people', async () => {
      const api = await freshWorkspace(t, owner);
      await api.post('/api/v1/contacts', { name: 'Switchboard A', email: 'a@corp.example', phone: '+1 212 555 0199' });
      const report = await importFile(t, api, 'Name,Email,Phone\nSwitchboard B,b@corp.example,+1 212 555 0199\n', 'duplicates=update');
      expect(report).toMatchObject({ imported: 1, updated: 0 });
    });
  });
});
