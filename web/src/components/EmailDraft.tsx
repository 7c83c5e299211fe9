import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Contact } from '../api.js';
import { CoachHints } from './CoachHints.js';
import { Dialog, ErrorSummary, Field, FormErrors, useToast } from './ui.js';

/** An id for the draft, so sending it twice (a double click, a retry) sends one email. Works outside secure contexts too. */
function newDraftId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether Followthrough has a mailbox to send the caller's mail through (theirs, the workspace's or the server's). */
function useHasMailbox(): boolean | null {
  const settings = useQuery({
    queryKey: ['mail-settings'],
    queryFn: () => api.get<{ effective: 'me' | 'workspace' | 'server' | 'none' }>('/mail-settings'),
    retry: false,
  });
  if (settings.isPending) return null;
  return settings.data ? settings.data.effective !== 'none' : false;
}

export const mailtoLink = (to: string, subject: string, body: string): string =>
  `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;

/**
 * Write to the contact with the coach reading along. With a mailbox the email goes out through it
 * (once, logged as an email touch); without one, it opens in the mail program instead. `initial`
 * starts from a prepared email (a booking link's); `onSent` runs instead of `onClose` once it is sent.
 */
export function EmailDraftDialog({ contact, onClose, initial, onSent }: {
  contact: Pick<Contact, 'id' | 'name'> & { email: string };
  onClose: () => void;
  initial?: { subject: string; body: string };
  onSent?: () => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const hasMailbox = useHasMailbox();
  const [draftId] = useState(newDraftId);
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () => api.post(`/contacts/${contact.id}/emails`, { draftId, subject, body }),
    onSuccess: () => {
      for (const key of ['outbox', 'timeline']) void client.invalidateQueries({ queryKey: [key] });
      toast(`Email to ${contact.name} is on its way through your mailbox; it shows on the timeline once sent`);
      (onSent ?? onClose)();
    },
  });
  const errors = FormErrors.from(send.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!subject.trim()) problems.subject = 'Write a subject.';
    if (!body.trim()) problems.body = 'Write the email before sending it.';
    setLocal(problems);
    if (Object.keys(problems).length) return send.reset();
    send.mutate();
  };
  const useOpener = (opener: string) => setBody((text) => (text.trim() ? `${opener}\n\n${text}` : `${opener}\n\n`));
  return (
    <Dialog title={`Email ${contact.name}`} onClose={onClose} wide testId="email-draft">
      <form onSubmit={submit} noValidate className="stack">
        <p className="muted">To {contact.email}</p>
        <ErrorSummary errors={errors} claimed={['subject', 'body']} title="Not sent" />
        <Field label="Subject" error={errors.field('subject')}>
          {(p) => <input {...p} name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} data-autofocus />}
        </Field>
        <Field label="Message" error={errors.field('body')}>
          {(p) => <textarea {...p} name="body" rows={9} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <CoachHints text={[subject, body].filter((s) => s.trim()).join('\n\n')} contactId={contact.id} onUseOpener={useOpener} />
        {hasMailbox === false ? (
          <p className="hint">Followthrough has no mailbox to send from (add one in Settings → Mail): your mail program opens with this email. Log it as a touch once it is sent.</p>
        ) : null}
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Cancel</button>
          {hasMailbox ? (
            <button type="submit" disabled={send.isPending}>Send</button>
          ) : hasMailbox === false ? (
            <a className="button" href={mailtoLink(contact.email, subject, body)} onClick={onClose}>Open in mail client</a>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}
