import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { roles, type Role } from '../../../../src/shared/vocabulary.js';
import { api, type User } from '../../api.js';
import { Badge, CopyButton, Dialog, DialogActions, ErrorSummary, Field, FormErrors, label, QueryError, Spinner, useToast } from '../../components/ui.js';
import { canManage, useMe, useUsers } from '../../session.js';

interface IssuedReset { email: string; expiresAt: string; mailed: boolean; resetUrl: string | null }

/**
 * The workspace's people: everyone sees who is in it; owners and admins add users, issue reset
 * links and deactivate leavers (the server refuses the rest, this page only hides it).
 */
export function UsersSettings() {
  const me = useMe();
  const users = useUsers();
  const toast = useToast();
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  const [leaving, setLeaving] = useState<User | null>(null);
  const manage = canManage(me);
  const reset = useMutation({
    mutationFn: (user: User) => api.post<IssuedReset>(`/users/${encodeURIComponent(user.id)}/password-reset`).then((issued) => ({ user, issued })),
    onSuccess: ({ user, issued }) => {
      if (issued.mailed || !issued.resetUrl) {
        setLink(null);
        toast(`A reset link was emailed to ${issued.email}`);
      } else {
        setLink({ name: user.name, url: issued.resetUrl });
      }
    },
  });
  const mayTouch = (u: User) => u.active && u.id !== me.user.id && (u.role !== 'owner' || me.user.role === 'owner');
  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users-settings">
      <h2 id="users-title">Users and roles</h2>
      {users.isPending ? <Spinner /> : null}
      {users.isError ? <QueryError error={users.error} what="users" /> : null}
      {link ? (
        <div className="alert alert-ok" role="status" data-testid="reset-link">
          <p><strong>Reset link for {link.name}.</strong> No mailbox is set up, so pass it on yourself, privately. It works once, for 24 hours, and is not shown again.</p>
          <div className="copy-row">
            <label className="visually-hidden" htmlFor="reset-url">Reset link</label>
            <input id="reset-url" readOnly value={link.url} onFocus={(e) => e.target.select()} />
            <CopyButton text={link.url} what="Reset link" />
          </div>
          <button type="button" className="button-link" onClick={() => setLink(null)}>I have copied it</button>
        </div>
      ) : null}
      {reset.isError ? <p className="field-error" role="alert">{reset.error.message}</p> : null}
      {users.data ? (
        // A list, not a table: five columns do not fit a phone, and each person reads as one line.
        <ul className="plain" aria-label={`Users of ${me.workspace.name}`}>
          {users.data.items.map((u) => (
            <li key={u.id} className="promise" data-testid="user-row">
              <div>
                <strong>{u.name}{u.id === me.user.id ? ' (you)' : ''}</strong>{' '}
                {u.active ? <Badge tone="ok">Active</Badge> : <Badge>Deactivated</Badge>}
                <div className="muted break">{u.email} · {label(u.role)}</div>
              </div>
              {manage && mayTouch(u) ? (
                <div className="row-actions">
                  <button type="button" className="button-link" disabled={reset.isPending} onClick={() => reset.mutate(u)} aria-label={`Reset link for ${u.name}`}>Reset link</button>
                  <button type="button" className="button-link" onClick={() => setLeaving(u)} aria-label={`Deactivate ${u.name}`}>Deactivate</button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {leaving && users.data ? (
        <DeactivateDialog user={leaving} colleagues={users.data.items.filter((u) => u.active && u.id !== leaving.id)} onClose={() => setLeaving(null)} />
      ) : null}
      {manage ? <AddUser /> : <p className="muted">Only owners and admins can add users.</p>}
    </section>
  );
}

function DeactivateDialog({ user, colleagues, onClose }: { user: User; colleagues: User[]; onClose: () => void }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [reassignTo, setReassignTo] = useState(colleagues.find((c) => c.id === me.user.id)?.id ?? colleagues[0]?.id ?? '');
  const deactivate = useMutation({
    mutationFn: () => api.post<{ contacts: number; followUps: number }>(`/users/${encodeURIComponent(user.id)}/deactivate`, { reassignTo }),
    onSuccess: (done) => {
      void client.invalidateQueries({ queryKey: ['users'] });
      const heir = colleagues.find((c) => c.id === reassignTo)?.name ?? 'your colleague';
      toast(`${user.name} is deactivated; ${done.contacts} contacts and ${done.followUps} open follow-ups went to ${heir}`);
      onClose();
    },
  });
  const errors = FormErrors.from(deactivate.error);
  return (
    <Dialog title={`Deactivate ${user.name}?`} onClose={onClose} testId="deactivate-dialog">
      <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); deactivate.mutate(); }}>
        <p>{user.name} will no longer be able to sign in. Their sessions, API tokens and calendar feed stop working now. Their history stays.</p>
        <ErrorSummary errors={errors} claimed={['reassignTo']} title="Not deactivated" />
        <Field label="Hand their contacts and open follow-ups to" error={errors.field('reassignTo')}>
          {(p) => (
            <select {...p} name="reassignTo" value={reassignTo} onChange={(e) => setReassignTo(e.target.value)}>
              {colleagues.map((c) => <option key={c.id} value={c.id}>{c.name}{c.id === me.user.id ? ' (you)' : ''}</option>)}
            </select>
          )}
        </Field>
        <DialogActions onCancel={onClose} disabled={deactivate.isPending || !reassignTo} danger>Deactivate {user.name}</DialogActions>
      </form>
    </Dialog>
  );
}

function AddUser() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'member' as Role });
  const add = useMutation({
    mutationFn: () => api.post<User>('/users', { ...form, email: form.email.trim(), name: form.name.trim() }),
    onSuccess: (user) => {
      setForm({ name: '', email: '', password: '', role: 'member' });
      void client.invalidateQueries({ queryKey: ['users'] });
      toast(`${user.name} can now log in`);
    },
  });
  const errors = FormErrors.from(add.error);
  const allowedRoles = me.user.role === 'owner' ? roles : roles.filter((r) => r !== 'owner');
  return (
    <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
      <h3>Add a user</h3>
      <ErrorSummary errors={errors} claimed={['name', 'email', 'password', 'role']} title="Not added" />
      <div className="row">
        <Field label="Name" error={errors.field('name')}>{(p) => <input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
        <Field label="Email" error={errors.field('email')}>{(p) => <input {...p} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}</Field>
      </div>
      <div className="row">
        <Field label="First password" hint="At least 10 characters; share it privately, or send them a reset link afterwards." error={errors.field('password')}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />}
        </Field>
        <Field label="Role" error={errors.field('role')}>
          {(p) => (
            <select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {allowedRoles.map((r) => <option key={r} value={r}>{label(r)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <div className="actions actions-start"><button type="submit" disabled={add.isPending}>Add user</button></div>
    </form>
  );
}
