import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api.js';
import { label } from '../../components/ui.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

interface ConsentRecord { id: string; kind: string; detail: string; createdAt: string }

export function Consent({ contactId }: { contactId: string }) {
  const me = useMe();
  const records = useQuery({ queryKey: ['contact', contactId, 'consent'], queryFn: () => api.get<Page<ConsentRecord>>(`/contacts/${contactId}/consent`) });
  if (!records.data?.items.length) return <p className="muted">No opt-out or opt-in recorded.</p>;
  return (
    <ul className="plain">
      {records.data.items.map((r) => (
        <li key={r.id}><strong>{label(r.kind)}</strong> · {formatInstant(r.createdAt, me.user.timeZone)}: {r.detail}</li>
      ))}
    </ul>
  );
}
