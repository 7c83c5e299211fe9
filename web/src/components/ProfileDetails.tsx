import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.js';
import { sessionKey, useMe } from '../session.js';
import { ErrorSummary, Field, FormErrors, useToast } from './ui.js';

/**
 * Settings → Profile: what clients read from you in scripts and emails. An email that quotes your
 * phone number waits in the Outbox until it is filled in here, then goes out by itself.
 */
export function ProfileDetails() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [phone, setPhone] = useState(me.user.phone ?? '');
  const [signature, setSignature] = useState(me.user.signature ?? '');
  const save = useMutation({
    mutationFn: () => api.patch('/me', { phone, signature }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: sessionKey });
      for (const key of ['outbox', 'agenda', 'followUps']) void client.invalidateQueries({ queryKey: [key] });
      toast('Your profile is saved');
    },
  });
  const errors = FormErrors.from(save.error);
  const defaultSignature = `${me.user.name}\n${me.workspace.name}`;
  return (
    <section className="panel" aria-labelledby="profile-details-title" data-testid="profile-details">
      <h2 id="profile-details-title">Profile</h2>
      <p className="muted">What clients read from you: call scripts and playbook emails quote your phone number and end with your signature.</p>
      <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
        <ErrorSummary errors={errors} claimed={['phone', 'signature']} title="Not saved" />
        {me.user.phone ? null : (
          <p className="alert alert-warn" role="note">
            Your phone number is empty: scripts show a reminder where it goes, and emails that give it wait in the Outbox until you add it.
          </p>
        )}
        <Field label="Your phone number" hint="As clients should dial it, for example +44 20 7946 0958." error={errors.field('phone')}>
          {(p) => <input {...p} type="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
        </Field>
        <Field label="Email signature" hint={`Left empty, emails are signed with your name and workspace (${defaultSignature.replace('\n', ', ')}).`} error={errors.field('signature')}>
          {(p) => <textarea {...p} rows={3} value={signature} placeholder={defaultSignature} onChange={(e) => setSignature(e.target.value)} />}
        </Field>
        <div className="actions actions-start"><button type="submit" disabled={save.isPending}>Save profile</button></div>
      </form>
    </section>
  );
}
