import { expect } from 'vitest';
import { client, type ApiClient, type TestApp } from './app.js';

const PASSWORD = 'correct horse battery';
let seq = 0;

/** A member (or admin) of the workspace `api` acts in, signed in with a token of their own. */
export async function memberOf(t: TestApp, api: ApiClient, role: 'member' | 'admin' = 'member'): Promise<{ api: ApiClient; id: string }> {
  const email = `team-${role}-${++seq}-${Date.now()}@example.com`;
  const made = await api.post<{ id: string }>('/api/v1/users', { email, password: PASSWORD, name: `Mia ${role} ${seq}`, role });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const me = await api.get<{ workspace: { id: string } }>('/api/v1/me');
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD, workspaceId: me.body.workspace.id } });
  const cookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
  const session = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
  const token = await t.app.inject({
    method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': (session.json() as { csrfToken: string }).csrfToken },
    payload: { name: 'tests' },
  });
  return { api: client(t.app, (token.json() as { token: string }).token), id: made.body.id };
}
