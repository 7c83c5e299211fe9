import { useState, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../api.js';
import { focusWhenReady, useShortcuts } from '../keyboard.js';
import { navigate, useRoute } from '../router.js';
import { resetSession, useMe } from '../session.js';
import { Dialog, useToast } from './ui.js';
import { GlobalSearch } from './GlobalSearch.js';

const NAV = [
  { to: '/', label: 'Today', match: (p: string) => p === '/' || p === '/today' },
  { to: '/contacts', label: 'Contacts', match: (p: string) => p.startsWith('/contacts') },
  { to: '/pipeline', label: 'Pipeline', match: (p: string) => p.startsWith('/pipeline') },
  { to: '/playbooks', label: 'Playbooks', match: (p: string) => p.startsWith('/playbooks') },
  { to: '/insights', label: 'Insights', match: (p: string) => p.startsWith('/insights') },
  { to: '/team', label: 'Team', match: (p: string) => p.startsWith('/team') },
  { to: '/outbox', label: 'Outbox', match: (p: string) => p.startsWith('/outbox') },
  { to: '/settings', label: 'Settings', match: (p: string) => p.startsWith('/settings') },
];

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { path } = useRoute();
  const client = useQueryClient();
  const toast = useToast();
  const [help, setHelp] = useState(false);

  useShortcuts({
    '/': () => focusWhenReady('#global-search'),
    '?': () => setHelp(true),
  });

  const logout = useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: async () => {
      setCsrfToken(null);
      await resetSession(client);
    },
  });

  const switchWorkspace = useMutation({
    mutationFn: (workspaceId: string) => api.post<void>('/session/workspace', { workspaceId }),
    onSuccess: async (_data, workspaceId) => {
      await resetSession(client);
      navigate('/');
      toast(`Switched to ${me.workspaces.find((w) => w.id === workspaceId)?.name ?? 'workspace'}`);
    },
    onError: (error) => toast(`Could not switch workspace: ${error.message}`),
  });

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header className="topbar">
        <div className="topbar-row">
          <a className="brand" href="#/" aria-label="Followthrough, go to Today">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="22" height="22"><rect width="32" height="32" rx="7" fill="currentColor" /><path d="M9 17l5 5 9-12" fill="none" stroke="var(--on-primary)" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" /></svg>
            <span>Followthrough</span>
          </a>
          <GlobalSearch />
          <div className="topbar-tools">
            {me.workspaces.length > 1 ? (
              <label className="workspace-switcher">
                <span className="visually-hidden">Workspace</span>
                <select
                  aria-label="Workspace"
                  value={me.workspace.id}
                  onChange={(e) => switchWorkspace.mutate(e.target.value)}
                  disabled={switchWorkspace.isPending}
                >
                  {me.workspaces.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
                </select>
              </label>
            ) : (
              <span className="workspace-name" title="Workspace">{me.workspace.name}</span>
            )}
            <button type="button" className="button-link" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
            <button type="button" className="button-link" onClick={() => logout.mutate()} disabled={logout.isPending}>Log out</button>
          </div>
        </div>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.to}>
                <a href={`#${item.to}`} aria-current={item.match(path) ? 'page' : undefined}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
      {help ? <HelpDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

function HelpDialog({ onClose }: { onClose: () => void }) {
  const keys: [string, string][] = [
    ['j', 'next follow-up or contact'],
    ['k', 'previous follow-up or contact'],
    ['Enter', 'open the selected follow-up\'s context'],
    ['l', 'log an outcome for the selected follow-up'],
    ['/', 'search contacts'],
    ['?', 'this help'],
    ['Esc', 'close a dialog'],
  ];
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcuts">
        {keys.map(([key, what]) => (
          <div key={key}><dt><kbd>{key}</kbd></dt><dd>{what}</dd></div>
        ))}
      </dl>
      <p className="muted">Shortcuts are off while you type in a field.</p>
      <div className="actions"><button type="button" data-autofocus onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
