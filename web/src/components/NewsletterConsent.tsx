import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewsletterConsentView } from '../../../src/shared/newsletter.js';
import { channels, type Channel } from '../../../src/shared/vocabulary.js';
import { api, type Contact } from '../api.js';
import { useMe } from '../session.js';
import { wallOf } from '../time.js';
import { checkConsentEvidence } from '../consentEvidence.js';
import { channelLabel } from './NextStepFields.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, useToast } from './ui.js';

/** Seed 001, "would you like to be added to an email newsletter": their answer, with the evidence. Nothing is sent from here. */
export function NewsletterConsent({ contact }: { contact: Contact }) {
  const [asking, setAsking] = useState<boolean | null>(null);
  const state = useQuery({
    queryKey: ['contact', contact.id, 'newsletter'],
    queryFn: () => api.get<NewsletterConsentView>(`/contacts/${contact.id}/newsletter`),
  });
  return (
    <div className="stack" data-testid="newsletter">
      <p><strong>Newsletter:</strong> <span data-testid="newsletter-summary">{state.data?.summary ?? '…'}</span></p>
      <div className="actions actions-start">
        <button type="button" className="button-secondary" onClick={() => setAsking(true)}>They want the newsletter…</button>
        <button type="button" className="button-secondary" onClick={() => setAsking(false)}>They do not want it…</button>
      </div>
      {asking !== null ? <NewsletterDialog contact={contact} consent={asking} onClose={() => setAsking(null)} /> : null}
    </div>
  );
}

function NewsletterDialog({ contact, consent, onClose }: { contact: Contact; consent: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const zone = useMe().user.timeZone;
  const now = wallOf(Date.now(), zone);
  const [said, setSaid] = useState('');
  const [how, setHow] = useState<Channel | ''>('');
  const [date, setDate] = useState(now.date);
  const [time, setTime] = useState(now.time);
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: { consent: boolean; evidence: string; channel: Channel; at: string }) =>
      api.post<NewsletterConsentView>(`/contacts/${contact.id}/newsletter`, body),
    onSuccess: (view) => {
      client.setQueryData(['contact', contact.id, 'newsletter'], view);
      void client.invalidateQueries({ queryKey: ['contact', contact.id, 'consent'] });
      toast(view.summary);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { at, problems: found } = checkConsentEvidence({ said, how, date, time, zone });
    // This form's fields are named as the API names them.
    const problems = Object.fromEntries(Object.entries({ evidence: found.said, channel: found.how, at: found.when }).filter(([, words]) => words !== undefined)) as Record<string, string>;
    setLocal(problems);
    if (Object.keys(problems).length || at === null || !how) return save.reset();
    save.mutate({ consent, evidence: said.trim(), channel: how, at: new Date(at).toISOString() });
  };
  return (
    <Dialog title={consent ? `${contact.name} wants the newsletter` : `${contact.name} does not want the newsletter`} onClose={onClose} testId="newsletter-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <p>This is kept as the evidence: what they said, how and when. Nothing is sent from here; the list is on the Import and export page.</p>
        <ErrorSummary errors={errors} claimed={['evidence', 'channel', 'at']} title="Not saved" />
        <Field label="What they said" error={errors.field('evidence')}>
          {(p) => <textarea {...p} name="said" rows={3} value={said} onChange={(e) => setSaid(e.target.value)} data-autofocus />}
        </Field>
        <Field label="How they told you" error={errors.field('channel')}>
          {(p) => (
            <select {...p} name="how" value={how} onChange={(e) => setHow(e.target.value as Channel | '')}>
              <option value="">Choose…</option>
              {channels.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
            </select>
          )}
        </Field>
        <div className="row">
          <Field label="Day they told you" error={errors.field('at')}>
            {(p) => <input {...p} name="when-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
          <Field label="Time (your time)">
            {(p) => <input {...p} name="when-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
          </Field>
        </div>
        <DialogActions onCancel={onClose} disabled={save.isPending}>Save their answer</DialogActions>
      </form>
    </Dialog>
  );
}
