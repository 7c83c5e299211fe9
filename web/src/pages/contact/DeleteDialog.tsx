import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Contact } from '../../api.js';
import { Dialog, Field, useToast } from '../../components/ui.js';
import { navigate } from '../../router.js';

export function DeleteDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState('');
  const remove = useMutation({
    mutationFn: () => api.delete(`/contacts/${contact.id}`),
    onSuccess: () => {
      client.removeQueries({ queryKey: ['contact', contact.id] });
      for (const key of ['contacts', 'agenda', 'followUps', 'opportunities']) void client.invalidateQueries({ queryKey: [key] });
      toast(`${contact.name} and everything about them was deleted`);
      onClose();
      navigate('/contacts');
    },
  });
  return (
    <Dialog title={`Delete ${contact.name}?`} onClose={onClose} testId="delete-dialog">
      <form onSubmit={(e) => { e.preventDefault(); if (confirm.trim() === 'DELETE') remove.mutate(); }} noValidate className="stack">
        <p>This erases the contact, their timeline, follow-ups, opportunities and consent record. It cannot be undone.</p>
        <Field label='Type DELETE to confirm' error={remove.isError ? remove.error.message : undefined}>
          {(p) => <input {...p} value={confirm} onChange={(e) => setConfirm(e.target.value)} data-autofocus autoComplete="off" />}
        </Field>
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Keep</button>
          <button type="submit" className="button-danger" disabled={confirm.trim() !== 'DELETE' || remove.isPending}>Delete for good</button>
        </div>
      </form>
    </Dialog>
  );
}
