import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Contact } from '../../api.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, useToast } from '../../components/ui.js';

export function OptOutDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => api.post<Contact>(`/contacts/${contact.id}/opt-out`, { reason: reason.trim() }),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      for (const key of ['contacts', 'agenda', 'followUps', 'enrollments', 'opportunities']) void client.invalidateQueries({ queryKey: [key] });
      void client.invalidateQueries({ queryKey: ['contact', contact.id, 'consent'] });
      toast(`${contact.name} is now do-not-contact`);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = reason.trim() ? {} : { reason: 'Say why (their words if you have them).' };
    setLocal(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate();
  };
  return (
    <Dialog title={`Opt out ${contact.name}`} onClose={onClose} testId="consent-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <p>They will be marked do-not-contact: open follow-ups are cancelled, playbooks stop and new outbound touches are refused.</p>
        <ErrorSummary errors={errors} claimed={['reason']} title="Not saved" />
        <Field label="Reason" error={errors.field('reason')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />}
        </Field>
        <DialogActions onCancel={onClose} disabled={save.isPending} danger>Opt out</DialogActions>
      </form>
    </Dialog>
  );
}
