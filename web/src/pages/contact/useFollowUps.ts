import { useQuery } from '@tanstack/react-query';
import { api, query, type FollowUp, type Page } from '../../api.js';

/** A contact's follow-ups, open and past: one query that the list and the page's actions share. */
export function useContactFollowUps(contactId: string) {
  return useQuery({
    queryKey: ['followUps', contactId],
    queryFn: () => api.get<Page<FollowUp>>(`/follow-ups${query({ contactId, limit: 200 })}`),
  });
}
