import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import { Badge, EmptyState, QueryError, Spinner } from '../components/ui.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import { formatInstant } from '../time.js';

export interface OutboxItem {
  id: string;
  kind: string;
  contactId: string | null;
  to: string;
  subject: string;
  status: string;
  attempt: number;
  dueAt: string;
  sentAt: string | null;
  lastError: string | null;
  /** Why a queued email waits for you ("Not sent: your phone number is empty — add it in Settings → Profile"). */
  heldReason?: string | null;
}

type Tone = 'neutral' | 'danger' | 'warn' | 'ok' | 'info';

/** What each state means for the person reading it, and whether they have to act. */
const STATES: Record<string, { label: string; tone: Tone; meaning: string }> = {
  queued: { label: 'Queued', tone: 'info', meaning: 'Goes out when due (later if the mailbox is at its cap).' },
  sending: { label: 'Sending', tone: 'info', meaning: 'Being sent now.' },
  sent: { label: 'Sent', tone: 'ok', meaning: 'The mail server took it.' },
  unknown: { label: 'Unknown', tone: 'warn', meaning: 'Sending was cut off: it may or may not have arrived. It is never resent by itself; check your Sent folder.' },
  failed: { label: 'Failed', tone: 'danger', meaning: 'The mail server kept saying "try later"; we gave up.' },
  bounced: { label: 'Bounced', tone: 'danger', meaning: 'The address refused it; the contact is now do-not-contact (bounced).' },
  'skipped-late': { label: 'Too late', tone: 'warn', meaning: 'More than a day past its time: not sent, so nobody gets a stale message.' },
  skipped: { label: 'Not sent', tone: 'neutral', meaning: 'Not sent, and it will not be sent later (the reason is below).' },
};

const KIND_LABEL: Record<string, string> = { step: 'Playbook email', invitation: 'Invitation', digest: 'Your morning digest', test: 'Test mail', direct: 'Your email' };

/** A queued email held until you fill a field: it goes out by itself once you have. */
const HELD = { label: 'Waiting for you', tone: 'warn' as const, meaning: 'Not sent yet: it goes out by itself, once, as soon as you fill in what is missing.' };

/** `GET /outbox?attention=true`: the sends someone has to look at. Shared with Today's banner. */
export function useOutboxAttention() {
  return useQuery({ queryKey: ['outbox', 'attention'], queryFn: () => api.get<{ items: OutboxItem[] }>('/outbox?attention=true&limit=100') });
}

/** Every outbound email and what became of it, newest first; the ones needing a person on top. */
export function OutboxPage({ attentionOnly }: { attentionOnly: boolean }) {
  const me = useMe();
  const all = useQuery({
    queryKey: ['outbox', attentionOnly ? 'attention' : 'all'],
    queryFn: () => api.get<{ items: OutboxItem[] }>(attentionOnly ? '/outbox?attention=true&limit=100' : '/outbox?limit=200'),
  });
  return (
    <section aria-labelledby="outbox-title" className="stack">
      <h1 id="outbox-title">Outbox</h1>
      <p className="muted">
        Every email Followthrough sends for you: playbook steps, invitations, your digest.{' '}
        {attentionOnly ? <Link to="/outbox">Show all</Link> : <Link to="/outbox" params={{ attention: '1' }}>Only what needs you</Link>}
      </p>
      {all.isPending ? <Spinner /> : null}
      {all.isError ? <QueryError what="the outbox" error={all.error} /> : null}
      {all.data && all.data.items.length === 0 ? (
        <EmptyState title={attentionOnly ? 'Nothing needs you' : 'No email yet'}>
          <p>{attentionOnly ? 'Every send went out, or is waiting for its time.' : 'Email steps of playbooks, invitations and your morning digest show up here once they are queued.'}</p>
        </EmptyState>
      ) : null}
      {all.data && all.data.items.length > 0 ? (
        <ul className="cards" aria-label="Outbound email">
          {all.data.items.map((item) => {
            const state = item.heldReason ? HELD : STATES[item.status] ?? { label: item.status, tone: 'neutral' as const, meaning: '' };
            return (
              <li key={item.id} className="card" data-testid="outbox-item">
                <div className="card-head">
                  <h2 className="card-title">{item.subject}</h2>
                  <Badge tone={state.tone} title={state.meaning}>{state.label}</Badge>
                </div>
                <p className="muted">
                  {KIND_LABEL[item.kind] ?? item.kind} to {item.contactId ? <Link to={`/contacts/${item.contactId}`}>{item.to}</Link> : item.to}
                  {' · '}{item.sentAt ? `sent ${formatInstant(item.sentAt, me.user.timeZone)}` : `due ${formatInstant(item.dueAt, me.user.timeZone)}`}
                </p>
                {item.heldReason ? <p className="alert alert-warn" role="note" data-testid="held-reason">{item.heldReason}</p> : null}
                <p>{state.meaning}</p>
                {item.lastError && item.status !== 'sent' && !item.heldReason ? <p className="muted">Details: {item.lastError}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
