import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSection, ResetPasswordPage, UsersSection } from './pages/accounts.js';
import { AppShell } from './pages/app.js';
import { closeAll, horizontalOverflow, OWNER, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer } from './support/harness.js';

interface Created { id: string }

describe('accounts a team can run (issue 12 item 9): change password, reset links, deactivating a leaver', () => {
  let server: E2eServer;
  let browser: Browser;
  let sam: Created;
  let lee: Created;
  let leesContact: Created;

  const loginStatus = async (email: string, password: string): Promise<number> =>
    (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    sam = (await server.api<Created>('POST', '/users', { email: 'sam@example.com', password: 'sam password 123', name: 'Sam Seller', role: 'member' })).body;
    lee = (await server.api<Created>('POST', '/users', { email: 'lee@example.com', password: 'lee password 123', name: 'Lee Leaver', role: 'member' })).body;
    leesContact = (await server.api<Created>('POST', '/contacts', { name: 'Ada Client', ownerId: lee.id })).body;
  });
  afterAll(() => closeAll(browser, server));

  it('changes your own password: a wrong current one is refused at the field, the right one works', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    const dialogs = watchDialogs(page);
    await new AppShell(page, server.url).open('#/settings');
    const account = new AccountSection(page);
    await account.section.waitFor();
    await account.changePassword('not my password', 'a new owner password');
    await expect.poll(() => account.fieldError('Current password').textContent()).toMatch(/not your current password/);

    await account.changePassword(OWNER.password, 'a new owner password');
    await expect.poll(() => new AppShell(page, server.url).toast.textContent()).toMatch(/Password changed/);
    expect(await loginStatus(OWNER.email, 'a new owner password')).toBe(200);
    expect(await loginStatus(OWNER.email, OWNER.password)).toBe(401);
    // This browser's session stays.
    await page.reload();
    await account.section.waitFor();
    await account.section.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-settings-1280');
    expect(await seriousViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('issues a reset link shown once (no mailbox), and the link sets a new password', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await new AppShell(page, server.url).open('#/settings');
    const users = new UsersSection(page);
    await users.section.waitFor();
    const link = await users.issueReset('Sam Seller');
    expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{40,}$/);
    await users.section.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-users-reset-link-1280');

    const reset = new ResetPasswordPage(page);
    await page.goto(`${server.url}${new URL(link).pathname}`);
    await reset.heading.waitFor();
    await screenshot(page, 'accounts-reset-page-1280');
    await reset.choose('sam chose this one');
    await reset.done.waitFor();
    expect(await loginStatus('sam@example.com', 'sam chose this one')).toBe(200);
    expect(await loginStatus('sam@example.com', 'sam password 123')).toBe(401);

    // Used once: the same link refuses a second time, saying what to do.
    await page.goto(`${server.url}${new URL(link).pathname}`);
    await reset.heading.waitFor();
    await reset.choose('another password 123');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/not valid any more/);
    await page.close();
  });

  it('deactivates a leaver after a confirm, handing their contacts to the colleague chosen', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await new AppShell(page, server.url).open('#/settings');
    const users = new UsersSection(page);
    await users.section.waitFor();
    await users.openDeactivate('Lee Leaver');
    await screenshot(page, 'accounts-deactivate-dialog-1280');
    await users.confirmDeactivate('Lee Leaver', 'Sam Seller');
    await expect.poll(() => new AppShell(page, server.url).toast.textContent()).toMatch(/Lee Leaver is deactivated; 1 contacts/);
    await expect.poll(() => users.row('Lee Leaver').textContent()).toMatch(/Deactivated/);
    expect(await users.row('Lee Leaver').getByRole('button').count()).toBe(0);
    const contact = await server.api<{ ownerId: string | null }>('GET', `/contacts/${leesContact.id}`);
    expect(contact.body.ownerId).toBe(sam.id);
    expect(await loginStatus('lee@example.com', 'lee password 123')).toBe(401);
    await page.close();
  });

  it('fits a phone: Settings, the deactivate dialog and the reset page at 390×844 without sideways scrolling', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    await new AppShell(page, server.url).open('#/settings');
    const account = new AccountSection(page);
    await account.section.waitFor();
    await account.section.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-settings-390');
    const users = new UsersSection(page);
    await users.section.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-users-390');
    expect(await horizontalOverflow(page)).toBe(0);
    await users.openDeactivate('Sam Seller');
    await screenshot(page, 'accounts-deactivate-dialog-390');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/reset/not-a-real-token-but-shaped-right`);
    await new ResetPasswordPage(page).heading.waitFor();
    await screenshot(page, 'accounts-reset-page-390');
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  });
});
