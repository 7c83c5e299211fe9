import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Contact } from '../api.js';
import { useMe } from '../session.js';
import { formatInstant, wallOf } from '../time.js';
import { checkConsentEvidence } from '../consentEvidence.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, useToast } from './ui.js';

const HOW = [
  ['by phone', 'On the phone'],
  ['by email', 'By email'],
  ['in person', 'In person'],
  ['in writing (a form or a letter)', 'In writing (a form or a letter)'],
  ['by message (chat or text)', 'By message (chat or text)'],
] as const;

/**
 * The one way back from do-not-contact: only with their consent, recorded as evidence that holds up
 * later, in their words, when and how they gave it.
 */
export function OptInDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const me = useMe();
  const zone = me.user.timeZone;
  const now = wallOf(Date.now(), zone);
  const [said, setSaid] = useState('');
  const [how, setHow] = useState('');
  const [date, setDate] = useState(now.date);
  const [time, setTime] = useState(now.time);
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (evidence: string) => api.post<Contact>(`/contacts/${contact.id}/opt-in`, { evidence }),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      for (const key of ['contacts', 'agenda', 'followUps', 'enrollments', 'opportunities']) void client.invalidateQueries({ queryKey: [key] });
      void client.invalidateQueries({ queryKey: ['contact', contact.id, 'consent'] });
      toast(`${contact.name} can be contacted again`);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { at, problems } = checkConsentEvidence({ said, how, date, time, zone });
    setLocal(problems);
    if (Object.keys(problems).length || at === null) return save.reset();
    save.mutate(`"${said.trim()}" (${how}, ${formatInstant(at, zone)} your time)`);
  };
  return (
    <Dialog title={`Opt ${contact.name} in again`} onClose={onClose} testId="consent-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <p>Only with their consent. This is kept as the evidence: what they said, when and how.</p>
        <ErrorSummary errors={errors} claimed={['said', 'how', 'when', 'evidence']} title="Not saved" />
        <Field label="What they said" error={errors.field('said', 'evidence')}>
          {(p) => <textarea {...p} name="said" rows={3} value={said} onChange={(e) => setSaid(e.target.value)} data-autofocus />}
        </Field>
        <Field label="How they told you" error={errors.field('how')}>
          {(p) => (
            <select {...p} name="how" value={how} onChange={(e) => setHow(e.target.value)}>
              <option value="">Choose…</option>
              {HOW.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
            </select>
          )}
        </Field>
        <div className="row">
          <Field label="Day they told you" error={errors.field('when')}>
            {(p) => <input {...p} name="when-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
          <Field label="Time (your time)">
            {(p) => <input {...p} name="when-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
          </Field>
        </div>
        <DialogActions onCancel={onClose} disabled={save.isPending}>Opt in</DialogActions>
      </form>
    </Dialog>
  );
}
