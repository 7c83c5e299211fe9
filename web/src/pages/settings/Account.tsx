import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import { CopyButton, ErrorSummary, Field, FormErrors, useToast } from '../../components/ui.js';
import { sessionKey, useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

/** Your password: the current one proves it is you; your other browsers are signed out. */
export function AccountSettings() {
  const toast = useToast();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => api.post('/me/password', { currentPassword: form.currentPassword, newPassword: form.newPassword }),
    onSuccess: () => {
      setForm({ currentPassword: '', newPassword: '', repeat: '' });
      toast('Password changed; you were signed out everywhere else');
    },
  });
  const errors = FormErrors.from(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const differs = form.newPassword !== form.repeat;
    setMismatch(differs);
    if (!differs) change.mutate();
  };
  return (
    <section className="panel" aria-labelledby="account-title" data-testid="account-settings">
      <h2 id="account-title">Account</h2>
      <form className="stack" noValidate onSubmit={submit}>
        <h3>Change your password</h3>
        <p className="hint">Every other browser signed in as you is signed out; this one stays.</p>
        <ErrorSummary errors={errors} claimed={['currentPassword', 'newPassword']} title="Password not changed" />
        <Field label="Current password" error={errors.field('currentPassword')}>
          {(p) => <input {...p} type="password" name="currentPassword" autoComplete="current-password" value={form.currentPassword} onChange={(e) => setForm({ ...form, currentPassword: e.target.value })} />}
        </Field>
        <div className="row">
          <Field label="New password" hint="At least 10 characters." error={errors.field('newPassword')}>
            {(p) => <input {...p} type="password" name="newPassword" autoComplete="new-password" value={form.newPassword} onChange={(e) => setForm({ ...form, newPassword: e.target.value })} />}
          </Field>
          <Field label="New password again" error={mismatch ? 'The two new passwords are not the same.' : undefined}>
            {(p) => <input {...p} type="password" name="repeatPassword" autoComplete="new-password" value={form.repeat} onChange={(e) => setForm({ ...form, repeat: e.target.value })} />}
          </Field>
        </div>
        <div className="actions actions-start"><button type="submit" disabled={change.isPending}>Change password</button></div>
      </form>
    </section>
  );
}

/**
 * The calendar feed. Only a hash of its secret is kept, so the link is shown once, when it is made;
 * afterwards the page says a feed exists and offers a new link (which ends the old one).
 */
export function CalendarFeed() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [made, setMade] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => api.post<{ icalUrl: string; createdAt: string }>('/me/ical-secret'),
    onSuccess: async (response) => {
      setMade(response.icalUrl);
      await client.invalidateQueries({ queryKey: sessionKey });
      toast(me.icalFeed.active ? 'A new calendar link was made; the old one no longer works' : 'Your calendar link was made');
    },
  });
  const feed = me.icalFeed;
  return (
    <section className="panel" aria-labelledby="ical-title">
      <h2 id="ical-title">Calendar feed</h2>
      <p>Subscribe to your open follow-ups from any calendar app. Keep the link private: anyone with it can read your agenda.</p>
      {made ? (
        <div className="alert alert-ok" role="status" data-testid="new-ical-link">
          <p><strong>Copy your calendar link now:</strong> for your safety it is shown only this once.</p>
          <div className="copy-row">
            <label className="visually-hidden" htmlFor="ical-url">iCal link</label>
            <input id="ical-url" readOnly value={made} onFocus={(e) => e.target.select()} />
            <CopyButton text={made} what="Calendar link" />
          </div>
          <button type="button" className="button-link" onClick={() => setMade(null)}>I have copied it</button>
        </div>
      ) : (
        <p className="muted" data-testid="ical-state">
          {feed.active && feed.createdAt
            ? `You have a calendar link, made ${formatInstant(feed.createdAt, me.user.timeZone)}. It cannot be shown again; make a new one if you need it.`
            : 'You have no calendar link yet.'}
        </p>
      )}
      <div className="actions actions-start">
        <button type="button" className="button-secondary" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
          {feed.active ? 'Make a new link' : 'Make a calendar link'}
        </button>
      </div>
      {feed.active ? <p className="hint">A new link stops the old one: calendars subscribed to it stop updating.</p> : null}
      {rotate.isError ? <p className="field-error" role="alert">{rotate.error.message}</p> : null}
    </section>
  );
}
