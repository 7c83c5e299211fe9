import { useCallback } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken, type Contact, type Me, type Page, type User } from './api.js';
import { dropOfflineCopies } from './sw/register.js';

export type Session = { state: 'setup' } | { state: 'login' } | { state: 'ready'; me: Me };

export async function loadSession(): Promise<Session> {
  try {
    const me = await api.get<Me>('/me');
    setCsrfToken(me.csrfToken);
    return { state: 'ready', me };
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      const setup = await api.get<{ needed: boolean }>('/setup');
      return setup.needed ? { state: 'setup' } : { state: 'login' };
    }
    throw error;
  }
}

export const sessionKey = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: loadSession, retry: false, staleTime: Infinity });
}

/** The signed-in user; only called below the gate that waits for a ready session. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data || data.state !== 'ready') throw new Error('useMe outside a signed-in session');
  return data.me;
}

/** Workspace-wide acts (its mailbox, demo data): the server's rule, as GET /me reports it. */
export const canManage = (me: Me): boolean => me.permissions.manageWorkspace;

/** After a login, logout or workspace switch nothing cached may leak into the next view, nor stay for offline use. */
export async function dropSessionCaches(client: QueryClient): Promise<void> {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  await dropOfflineCopies();
}

/** Asks the server again who is signed in, and where: the app redraws from the answer. */
export async function reloadSession(client: QueryClient): Promise<void> {
  await client.invalidateQueries({ queryKey: sessionKey });
}

export async function resetSession(client: QueryClient): Promise<void> {
  await dropSessionCaches(client);
  await reloadSession(client);
}

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => api.get<Page<User>>('/users'), staleTime: 60_000 });
}

/** Contacts seen in any list are cached one by one, so pages that only hold ids can show names. */
export function useContact(id: string | null | undefined) {
  return useQuery({ queryKey: ['contact', id], queryFn: () => api.get<Contact>(`/contacts/${encodeURIComponent(id ?? '')}`), enabled: !!id, staleTime: 30_000 });
}

export function useSeedContacts() {
  const client = useQueryClient();
  return useCallback((contacts: Contact[]) => {
    for (const c of contacts) {
      const cached = client.getQueryData<Contact>(['contact', c.id]);
      if (!cached || cached.updatedAt !== c.updatedAt) client.setQueryData(['contact', c.id], c);
    }
  }, [client]);
}
