import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import { Dialog, useToast } from '../../components/ui.js';
import { navigate } from '../../router.js';
import { playbookLabel, type Playbook } from '../../playbooks.js';

/** Deleting one of the workspace's own playbooks; the page offers it only to those GET /me says may. */
export function DeletePlaybookDialog({ playbook, onClose }: { playbook: Playbook; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const name = playbookLabel(playbook);
  const remove = useMutation({
    mutationFn: () => api.delete(`/playbooks/${encodeURIComponent(playbook.id)}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['playbooks'] });
      toast(`Playbook ${name} deleted`);
      onClose();
      navigate('/playbooks');
    },
  });
  return (
    <Dialog title={`Delete ${name}?`} onClose={onClose} testId="delete-playbook-dialog">
      <div className="stack">
        <p>This removes the playbook from your workspace for everyone. It cannot be undone; duplicate it first if you may want it back.</p>
        {remove.isError ? <p className="alert alert-error" role="alert">{remove.error.message}</p> : null}
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Keep</button>
          <button type="button" className="button-danger" disabled={remove.isPending} onClick={() => remove.mutate()} data-autofocus>Delete playbook</button>
        </div>
      </div>
    </Dialog>
  );
}
