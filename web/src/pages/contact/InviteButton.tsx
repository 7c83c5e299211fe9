import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type FollowUp } from '../../api.js';
import { useToast } from '../../components/ui.js';

/**
 * Emails the contact a calendar invitation for an agreed call or meeting; later reschedules and a
 * cancellation update their calendar by themselves.
 */
export function InviteButton({ followUp, email }: { followUp: FollowUp; email: string }) {
  const toast = useToast();
  const client = useQueryClient();
  const invite = useMutation({
    mutationFn: () => api.post<{ sequence: number }>(`/follow-ups/${followUp.id}/invitation`),
    onSuccess: async (sent) => {
      toast(`${sent.sequence > 0 ? 'Updated invitation' : 'Invitation'} on its way to ${email}`);
      await client.invalidateQueries({ queryKey: ['outbox'] });
    },
    onError: (error) => toast(`Invitation not sent: ${error.message}`),
  });
  return <button type="button" className="button-link" disabled={invite.isPending} onClick={() => invite.mutate()}>Send invitation</button>;
}
