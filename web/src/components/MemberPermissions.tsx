import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberGrantableAction, MembersMay } from '../../../src/shared/permissions.js';
import { api } from '../api.js';
import { useMe } from '../session.js';
import { ErrorSummary, FormErrors, QueryError, Spinner, useToast } from './ui.js';

const SWITCHES: Array<{ action: MemberGrantableAction; label: string }> = [
  { action: 'eraseContacts', label: 'Erase contacts and everything about them' },
  { action: 'deletePlaybooks', label: 'Delete the workspace\'s own playbooks' },
  { action: 'exportWorkspace', label: 'Export the whole workspace (everything, contacts, interactions, newsletter list)' },
];

const queryKey = ['workspace-rules', 'members-may'];

/**
 * Settings → Workspace rules, for an owner: what members may do beyond their sales work. Each switch
 * saves at once. Nobody else sees it (GET /me `permissions.allowMembers`).
 */
export function MemberPermissions() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const settings = useQuery({
    queryKey, enabled: me.permissions.allowMembers,
    queryFn: () => api.get<{ membersMay: MembersMay }>('/workspace/settings'),
  });
  const save = useMutation({
    mutationFn: (change: Partial<MembersMay>) => api.patch<{ membersMay: MembersMay }>('/workspace/settings', { membersMay: change }),
    // The switch moves at once, as a switch does; if the server refuses, it moves back and says why.
    onMutate: async (change) => {
      await client.cancelQueries({ queryKey });
      const before = client.getQueryData<{ membersMay: MembersMay }>(queryKey);
      if (before) client.setQueryData(queryKey, { ...before, membersMay: { ...before.membersMay, ...change } });
      return { before };
    },
    onError: (_error, _change, context) => {
      if (context?.before) client.setQueryData(queryKey, context.before);
    },
    onSuccess: (saved, change) => {
      client.setQueryData(queryKey, saved);
      const [[action, allowed] = []] = Object.entries(change);
      const label = SWITCHES.find((s) => s.action === action)?.label.toLowerCase() ?? 'that';
      toast(allowed ? `Members may now ${label}` : `Only owners and admins may ${label} now`);
    },
  });
  if (!me.permissions.allowMembers) return null;
  const current = settings.data?.membersMay;
  return (
    // Set apart from the rules' form above it: these switches save on their own.
    <div className="stack" data-testid="member-permissions" style={{ borderTop: '1px solid var(--border)', marginTop: '1.5rem', paddingTop: '1rem' }}>
      <h3 id="member-permissions-title">What members may do</h3>
      <p className="hint">Owners and admins always may. Each switch saves at once and lets members do one more thing; they see it the next time they open the app.</p>
      {settings.isPending ? <Spinner /> : null}
      {settings.isError ? <QueryError error={settings.error} what="what members may do" /> : null}
      <ErrorSummary errors={FormErrors.from(save.error)} claimed={[]} title="Not saved" />
      {current ? SWITCHES.map(({ action, label }) => (
        <div className="checkbox" key={action}>
          <input
            id={`members-may-${action}`} type="checkbox" checked={current[action]} disabled={save.isPending}
            onChange={(e) => save.mutate({ [action]: e.target.checked })}
          />
          <label htmlFor={`members-may-${action}`}>{label}</label>
        </div>
      )) : null}
    </div>
  );
}
