import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app.js';
import { LoginPage, SetupPage } from './pages/auth.js';
import { TodayPage } from './pages/today.js';
import { closeAll, startE2e, watchDialogs, type Browser, type E2eServer } from './support/harness.js';

describe('first run, login and workspaces', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    ({ server, browser } = await startE2e({ timeZone: null }));
  });
  afterAll(() => closeAll(browser, server));

  it('sets up the first account, logs out, refuses a wrong password and logs in again', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    await page.goto(`${server.url}/`);
    const setup = new SetupPage(page);
    await setup.heading.waitFor();

    // A short password comes back from the API as a field error next to the field; nothing typed is lost.
    await setup.fill({ name: 'Sam Seller', email: 'sam@example.com', password: 'short', workspace: 'Sam Sales', timeZone: 'Europe/London' });
    await setup.submit();
    await expect.poll(() => setup.fieldError('Password').textContent()).toMatch(/10 characters/);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Sam Seller');
    expect(await page.getByLabel('Workspace name').inputValue()).toBe('Sam Sales');

    await page.getByLabel('Password').fill('a much longer password');
    await setup.submit();
    const today = new TodayPage(page, server.url);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await today.loadDemoButton.waitFor(); // an empty workspace offers demo data
    await expect.poll(() => page.getByRole('heading', { name: 'Your workspace is empty' }).count()).toBe(1);

    const shell = new AppShell(page, server.url);
    await shell.logOut();
    const login = new LoginPage(page);
    await login.heading.waitFor();
    await login.logIn('sam@example.com', 'not the password');
    await expect.poll(() => login.error.textContent()).toMatch(/wrong email or password/);
    await login.logIn('sam@example.com', 'a much longer password');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();

    // A second page load keeps the session (HttpOnly cookie), and the setup form is gone for good.
    await page.reload();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    const setupAgain = await server.api('POST', '/setup', { email: 'x@example.com', password: 'correct horse battery', name: 'X', workspace: 'X', timeZone: 'UTC' });
    expect(setupAgain.status).toBe(409);
    // The Content-Security-Policy is intact: the page refuses an inline script.
    await expect(page.addScriptTag({ content: 'window.injected = true' })).rejects.toThrow(/Content Security Policy/);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('asks for Today\'s agenda as soon as the login is accepted, beside the session, and only once', async () => {
    await browser.context.clearCookies(); // signed out
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const login = new LoginPage(page);
    await login.heading.waitFor();
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) asked.push(`${request.method()} ${path}`);
    });
    await login.logIn('sam@example.com', 'a much longer password');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Your workspace is empty' }).waitFor();
    // Not after the session has loaded and Today has drawn its frame: one round trip sooner.
    expect(asked.indexOf('GET /api/v1/agenda')).toBeGreaterThan(asked.indexOf('POST /api/v1/auth/login'));
    expect(asked.indexOf('GET /api/v1/agenda')).toBeLessThan(asked.indexOf('GET /api/v1/me'));
    expect(asked.filter((request) => request === 'GET /api/v1/agenda')).toHaveLength(1);
    await page.close();
  });

  it('switches between workspaces', async () => {
    const page = await browser.newPage();
    const shell = new AppShell(page, server.url);
    await shell.open('#/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await shell.workspaceSwitcher.count()).toBe(0); // one workspace: no switcher

    await page.getByLabel('Workspace name').fill('Second Team');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await shell.workspaceSwitcher.waitFor();
    await expect.poll(() => shell.workspaceSwitcher.locator('option:checked').textContent()).toBe('Second Team');

    await shell.workspaceSwitcher.selectOption({ label: 'Sam Sales' });
    await expect.poll(() => shell.toast.textContent()).toMatch(/Switched to Sam Sales/);
    await expect.poll(() => shell.workspaceSwitcher.locator('option:checked').textContent()).toBe('Sam Sales');
    await page.close();
  });
});
