import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../api.js';
import { ErrorSummary, Field, FormErrors } from '../components/ui.js';
import { startAgendaEarly } from '../earlyAgenda.js';
import { dropSessionCaches, reloadSession } from '../session.js';
import { ZoneInput } from '../components/ZoneInput.js';
import { browserZone } from '../time.js';

interface LoginResponse { csrfToken: string }

function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<LoginResponse>('/auth/login', body),
    onSuccess: async (response) => {
      setCsrfToken(response.csrfToken);
      await dropSessionCaches(client);
      // Today's agenda is asked for beside the session instead of once the session has loaded and
      // Today has drawn its frame: the first cards come a round trip and a render sooner.
      startAgendaEarly(window.location.hash);
      await reloadSession(client);
    },
  });
}

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const errors = FormErrors.from(login.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };
  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">Log in to Followthrough</h1>
        <ErrorSummary errors={errors} claimed={['email', 'password']} title="Could not log in" />
        <Field label="Email" error={errors.field('email')}>
          {(p) => <input {...p} type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}
        </Field>
        <Field label="Password" error={errors.field('password')}>
          {(p) => <input {...p} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={login.isPending}>{login.isPending ? 'Logging in…' : 'Log in'}</button>
        </div>
      </form>
    </main>
  );
}

export function SetupPage() {
  const [form, setForm] = useState({ name: '', email: '', password: '', workspace: '', timeZone: browserZone() });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const login = useLogin();
  const setup = useMutation({
    mutationFn: async (body: typeof form) => {
      await api.post('/setup', body);
      return body;
    },
    onSuccess: (body) => login.mutate({ email: body.email, password: body.password }),
  });
  const errors = FormErrors.from(setup.error ?? login.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate({ ...form, email: form.email.trim(), name: form.name.trim(), workspace: form.workspace.trim() });
  };
  const busy = setup.isPending || login.isPending;
  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">Welcome to Followthrough</h1>
        <p>Create the first account. You will own this workspace and can invite your team afterwards.</p>
        <ErrorSummary errors={errors} claimed={['name', 'email', 'password', 'workspace', 'timeZone']} title="Could not set up" />
        <Field label="Your name" error={errors.field('name')}>
          {(p) => <input {...p} name="name" autoComplete="name" value={form.name} onChange={(e) => set('name')(e.target.value)} />}
        </Field>
        <Field label="Email" error={errors.field('email')}>
          {(p) => <input {...p} type="email" name="email" autoComplete="username" value={form.email} onChange={(e) => set('email')(e.target.value)} />}
        </Field>
        <Field label="Password" hint="At least 10 characters." error={errors.field('password')}>
          {(p) => <input {...p} type="password" name="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password')(e.target.value)} />}
        </Field>
        <Field label="Workspace name" hint="Your team or company." error={errors.field('workspace')}>
          {(p) => <input {...p} name="workspace" value={form.workspace} onChange={(e) => set('workspace')(e.target.value)} />}
        </Field>
        <Field label="Your time zone" error={errors.field('timeZone')}>
          {(p) => <ZoneInput {...p} name="timeZone" value={form.timeZone} onChange={set('timeZone')} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>{busy ? 'Setting up…' : 'Create account'}</button>
        </div>
      </form>
    </main>
  );
}
