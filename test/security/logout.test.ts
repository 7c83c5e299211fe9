import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOwner, startTestApp, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

describe.each(testDialects())('issue 12 finding 4: logout ends the session (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await setUpOwner(t.app, { email: OWNER.email });
  });
  afterAll(async () => { await t?.close(); });

  async function logIn(): Promise<{ cookie: string; csrfToken: string }> {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: OWNER });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ft_session');
    if (!cookie) throw new Error('no ft_session cookie');
    return { cookie: `${cookie.name}=${cookie.value}`, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
  }

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

  it.each([
    ['with the CSRF header', true],
    ['without the CSRF header', false],
  ])('%s: 204, the cookie is cleared and the old cookie then gets 401', async (_label, withHeader) => {
    const session = await logIn();
    expect((await me(session.cookie)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, ...(withHeader ? { 'x-csrf-token': session.csrfToken } : {}) },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'ft_session')?.value).toBe('');
    expect((await me(session.cookie)).statusCode).toBe(401);
    const sessions = await t.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(sessions).toEqual([]);
  });

  it('a logout without any cookie still answers 204 and ends no one else\'s session', async () => {
    const session = await logIn();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    expect((await me(session.cookie)).statusCode).toBe(200);
  });
});
