import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api.js';
import { ErrorSummary, Field, FormErrors } from '../components/ui.js';

/** The token of a reset link (`/reset/<token>`), or null on any other page. */
export function resetTokenFromPath(pathname: string): string | null {
  const m = /^\/reset\/([A-Za-z0-9_-]+)\/?$/.exec(pathname);
  return m?.[1] ?? null;
}

/** Choose a new password with a one-time link; no session needed. Afterwards, log in with it. */
export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const use = useMutation({ mutationFn: () => api.post<{ email: string }>('/password-reset', { token, newPassword: password }) });
  const errors = FormErrors.from(use.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const differs = password !== repeat;
    setMismatch(differs);
    if (!differs) use.mutate();
  };
  if (use.isSuccess) {
    return (
      <main className="auth" id="main">
        <div className="card auth-card stack" role="status" data-testid="reset-done">
          <h1>Your password is changed</h1>
          <p>Log in as <strong>{use.data.email}</strong> with your new password. Any browser still signed in as you was signed out.</p>
          <div className="actions"><a className="button" href="/">Log in</a></div>
        </div>
      </main>
    );
  }
  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        <p>This link works once. If it has expired, ask your admin for a new one.</p>
        <ErrorSummary errors={errors} claimed={['newPassword']} title="Password not changed" />
        <Field label="New password" hint="At least 10 characters." error={errors.field('newPassword')}>
          {(p) => <input {...p} type="password" name="newPassword" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="New password again" error={mismatch ? 'The two passwords are not the same.' : undefined}>
          {(p) => <input {...p} type="password" name="repeatPassword" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={use.isPending}>{use.isPending ? 'Saving…' : 'Set new password'}</button>
        </div>
      </form>
    </main>
  );
}
