import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsPage } from './pages/contacts.js';
import { ImportExportPage } from './pages/importExport.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

interface ContactRow { name: string; email: string | null; company: string | null; timeZone: string; phone: string | null }

/** Switching from another tool through the web app: a CSV and a vCard in, everything out. */
describe('import and export in the web app', () => {
  let server: E2eServer;
  let browser: Browser;

  const contacts = async (): Promise<ContactRow[]> => (await server.api<{ items: ContactRow[] }>('GET', '/contacts?limit=500')).body.items;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
  });
  afterAll(() => closeAll(browser, server));

  it('is offered on an empty workspace\'s Today', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/`);
    await page.getByRole('heading', { name: 'Your workspace is empty' }).waitFor();
    await page.getByRole('link', { name: 'Import contacts' }).click();
    await new ImportExportPage(page, server.url).heading.waitFor();
  });

  it('imports a CSV: the columns shown and changed, a dry run naming the broken line, a progress bar, then the contacts', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    const dialogs = watchDialogs(page);
    await new ContactsPage(page, server.url).open();
    await page.getByRole('link', { name: 'Import / export' }).click();
    const importer = new ImportExportPage(page, server.url);
    await importer.heading.waitFor();

    const file = [
      'Name,Email,Firm,Phone', //                              line 1
      'Ada Lovelace,ada@engines.example,Analytical Ltd,+44 20 7946 0001',
      'Bad Row,not-an-email,Nowhere Inc,',  //                  line 3
      'Grace Hopper,grace@navy.example,Cobol Corp,+1 212 555 0100',
    ].join('\n');
    await importer.chooseFile('hubspot-export.csv', file);
    await importer.summary.filter({ hasText: 'A CSV file, with 4 columns' }).waitFor();
    expect(await importer.columnChoice('Name').inputValue()).toBe('name');
    expect(await importer.columnChoice('Firm').inputValue()).toBe('');
    expect(await page.getByTestId('mapping-row').filter({ hasText: 'Firm' }).textContent()).toContain('Analytical Ltd');
    await importer.columnChoice('Firm').selectOption({ label: 'Company' });

    await importer.checkFile();
    const dry = importer.dryRunReport;
    expect(await importer.rejectedRows(dry).allTextContents()).toEqual(['Line 3 Email: not a valid email address']);
    expect(await dry.textContent()).toMatch(/New contacts to create2/);
    expect(await contacts()).toEqual([]);
    await screenshot(page, 'import-dry-run-desktop');

    // The progress bar shows while the file is sent and read. A three-line file is read in tens of
    // milliseconds, so a watcher in the page records the bar appearing rather than polling for it.
    await page.evaluate(`window.sawImportProgress = false;
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="import-progress"]')) { window.sawImportProgress = true; observer.disconnect(); }
      }).observe(document.body, { childList: true, subtree: true });`);
    await importer.importNow();
    await page.getByRole('status').filter({ hasText: 'Import finished' }).waitFor();
    expect(await page.evaluate('window.sawImportProgress')).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Import finished' }).textContent())
      .toBe('Import finished: 2 contacts created, 0 updated, 0 duplicates left as they were, 1 rejected.');
    expect(await importer.rejectedRows(importer.importReport).allTextContents()).toEqual(['Line 3 Email: not a valid email address']);
    const imported = await contacts();
    expect(imported.map((c) => c.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(imported.find((c) => c.name === 'Ada Lovelace')).toMatchObject({ company: 'Analytical Ltd', email: 'ada@engines.example' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'import-done-desktop');

    await page.getByRole('link', { name: 'See your contacts' }).click();
    await new ContactsPage(page, server.url).rows.filter({ hasText: 'Grace Hopper' }).waitFor();
    expect(dialogs).toEqual([]);
  });

  it('imports a vCard whose TZ is a UTC offset, and shows the zone it assumed', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    const importer = new ImportExportPage(page, server.url);
    await importer.open();
    const card = [
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Lena Pacific', 'EMAIL;TYPE=WORK:lena@west.example', 'ADR;TYPE=WORK:;;1 Market St;San Francisco;CA;94105;USA',
      'TZ:-08:00', 'END:VCARD', '',
    ].join('\r\n');
    await importer.chooseFile('lena.vcf', card, 'text/vcard');
    await importer.summary.filter({ hasText: 'A vCard file, with 1 card' }).waitFor();
    await importer.checkFile();
    expect(await importer.assumptions(importer.dryRunReport).allTextContents())
      .toEqual(['Line 1 Time zone assumed America/Los_Angeles from UTC offset -08:00 and the address (San Francisco, USA)']);
    await importer.assumptions(importer.dryRunReport).first().scrollIntoViewIfNeeded();
    await screenshot(page, 'import-dry-run-phone');
    await importer.importNow();
    expect(await importer.assumptions(importer.importReport).allTextContents())
      .toEqual(['Line 1 Time zone assumed America/Los_Angeles from UTC offset -08:00 and the address (San Francisco, USA)']);
    expect((await contacts()).find((c) => c.name === 'Lena Pacific')?.timeZone).toBe('America/Los_Angeles');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'import-done-phone');
  });

  it('refuses a spreadsheet workbook with a clear reason and imports nothing', async () => {
    const before = (await contacts()).length;
    const page = await browser.newPage({ width: 1280, height: 800 });
    const importer = new ImportExportPage(page, server.url);
    await importer.open();
    await importer.chooseFile('contacts.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 9)]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await importer.error.waitFor();
    expect(await importer.error.textContent()).toMatch(/^This file cannot be imported: this is a spreadsheet workbook.*"CSV \(UTF-8\)"/);
    expect(await page.getByRole('button', { name: 'Check the file' }).count()).toBe(0);
    expect((await contacts()).length).toBe(before);
    await screenshot(page, 'import-refused-desktop');

    // Another file can be chosen straight away; the columns fit a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await importer.chooseFile('people.csv', 'First Name,Last Name,E-mail Address,Mobile\nAlan,Turing,alan@bletchley.example,+44 7700 900001\n');
    await importer.summary.filter({ hasText: 'A CSV file, with 4 columns' }).waitFor();
    expect(await importer.error.count()).toBe(0);
    expect(await importer.columnChoice('E-mail Address').inputValue()).toBe('email');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('mapping-row').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'import-columns-phone');
  });

  it('downloads the whole workspace as JSON and the contacts and interactions as CSV', async () => {
    const grace = (await contacts()).find((c) => c.name === 'Grace Hopper') as ContactRow & { id: string };
    expect((await server.api('POST', '/interactions', { contactId: grace.id, channel: 'call', result: 'no-answer', notes: 'rang about compilers' })).status).toBe(201);
    const page = await browser.newPage({ width: 1280, height: 800 });
    const importer = new ImportExportPage(page, server.url);
    await importer.open();

    const json = await importer.download('Download everything (JSON)');
    expect(json.download.suggestedFilename()).toBe('followthrough-export.json');
    const document = JSON.parse(json.text) as { format: string; contacts: Array<{ name: string }>; interactions: Array<{ notes: string | null }> };
    expect(document.format).toBe('followthrough-export');
    expect(document.contacts.map((c) => c.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Lena Pacific']);
    expect(document.interactions.map((i) => i.notes)).toEqual(['rang about compilers']);

    const people = await importer.download('Download contacts (CSV)');
    expect(people.download.suggestedFilename()).toBe('contacts.csv');
    const lines = people.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,name,email,phone,company/);
    expect(lines.some((l) => l.includes('Grace Hopper') && l.includes('grace@navy.example') && l.includes("'+1 212 555 0100"))).toBe(true);
    expect(lines).toHaveLength(4);

    const touches = await importer.download('Download interactions (CSV)');
    expect(touches.download.suggestedFilename()).toBe('interactions.csv');
    expect(touches.text).toMatch(/Grace Hopper,grace@navy\.example,.*rang about compilers/);
    await screenshot(page, 'export-desktop');
  });
});
