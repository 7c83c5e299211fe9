import { useEffect } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { opportunityStatuses } from '../../../src/shared/vocabulary.js';
import { api, query, type Contact, type Opportunity, type Page } from '../api.js';
import { channelLabel } from '../components/NextStepFields.js';
import { Badge, EmptyState, label, QueryError, Spinner } from '../components/ui.js';
import { navigate } from '../router.js';
import { useContact, useMe, useSeedContacts } from '../session.js';
import { cityOf, formatInstant } from '../time.js';

/** Open opportunities with their agreed next step; the stalled ones (no next step) on top. */
export function PipelinePage({ params }: { params: URLSearchParams }) {
  const me = useMe();
  const status = params.get('status') ?? 'open';
  const seed = useSeedContacts();
  // Names for the rows: one page of contacts fills the cache; any others are fetched one by one.
  const contacts = useQuery({ queryKey: ['contacts', 'pipeline-names'], queryFn: () => api.get<Page<Contact>>('/contacts?limit=500'), staleTime: 60_000 });
  useEffect(() => {
    if (contacts.data) seed(contacts.data.items);
  }, [contacts.data, seed]);
  const list = useInfiniteQuery({
    queryKey: ['opportunities', 'pipeline', status],
    queryFn: ({ pageParam }) => api.get<Page<Opportunity>>(`/opportunities${query({ status, limit: 200, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []).slice().sort((a, b) => Number(b.stalled) - Number(a.stalled));
  const stalled = items.filter((o) => o.stalled);
  const moving = items.filter((o) => !o.stalled);
  return (
    <section aria-labelledby="pipeline-title">
      <div className="page-head">
        <h1 id="pipeline-title">Pipeline</h1>
        <div className="field">
          <label htmlFor="pipeline-status">Show</label>
          <select id="pipeline-status" value={status} onChange={(e) => navigate('/pipeline', { status: e.target.value === 'open' ? undefined : e.target.value }, { replace: true })}>
            {opportunityStatuses.map((s) => <option key={s} value={s}>{label(s)}</option>)}
          </select>
        </div>
      </div>
      {list.isPending || contacts.isPending ? <Spinner label="Loading the pipeline…" /> : null}
      {list.isError ? <QueryError error={list.error} what="the pipeline" /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open opportunities' : `No ${status} opportunities`}>
          <p>Open an opportunity from a contact's page when a conversation is heading to a decision.</p>
        </EmptyState>
      ) : null}
      {!contacts.isPending && stalled.length ? (
        <section aria-labelledby="stalled-title" className="agenda-section">
          <h2 id="stalled-title">Stalled: no agreed next step <span className="count">{stalled.length}</span></h2>
          <p className="muted">Every open opportunity needs a next step the client agreed to. Fix these first.</p>
          <ul className="cards" data-testid="stalled-list">{stalled.map((o) => <OpportunityRow key={o.id} opportunity={o} userZone={me.user.timeZone} />)}</ul>
        </section>
      ) : null}
      {!contacts.isPending && moving.length ? (
        <section aria-labelledby="moving-title" className="agenda-section">
          <h2 id="moving-title">{status === 'open' ? 'With a next step' : label(status)} <span className="count">{moving.length}</span></h2>
          <ul className="cards" data-testid="pipeline-list">{moving.map((o) => <OpportunityRow key={o.id} opportunity={o} userZone={me.user.timeZone} />)}</ul>
        </section>
      ) : null}
      {list.hasNextPage ? <button type="button" className="button-secondary" onClick={() => void list.fetchNextPage()}>Show more</button> : null}
    </section>
  );
}

function OpportunityRow({ opportunity: o, userZone }: { opportunity: Opportunity; userZone: string }) {
  const contact = useContact(o.contactId);
  const next = o.nextFollowUp;
  return (
    <li className={`card opportunity${o.stalled ? ' overdue' : ''}`} data-testid="opportunity">
      <div className="card-head">
        <div>
          <h3 className="card-title">
            <a href={`#/contacts/${encodeURIComponent(o.contactId)}`}>{contact.data?.name ?? 'Contact'}</a>
            {contact.data?.company ? <span className="muted"> · {contact.data.company}</span> : null}
          </h3>
          <p>{o.title}</p>
        </div>
        <div className="badges">
          {o.stalled ? <Badge tone="warn">Stalled</Badge> : null}
          {o.status !== 'open' ? <Badge tone={o.status === 'won' ? 'ok' : 'danger'}>{o.status}</Badge> : null}
          <Badge>{o.touches} touch{o.touches === 1 ? '' : 'es'}</Badge>
          {o.closedOnTouch ? <Badge>Closed on #{o.closedOnTouch}</Badge> : null}
        </div>
      </div>
      {next ? (
        <p>
          Next: {channelLabel(next.channel).toLowerCase()} {next.allDay ? `on ${next.dueLocal}` : <>at <strong>{formatInstant(next.dueAt, userZone)}</strong> your time ({formatInstant(next.dueAt, next.timeZone, false)} in {cityOf(next.timeZone)})</>}
          {next.agenda ? <span className="muted"> · {next.agenda}</span> : null}
        </p>
      ) : o.status === 'open' ? (
        <p><a href={`#/contacts/${encodeURIComponent(o.contactId)}`}>Agree a next step with {contact.data?.name ?? 'them'} →</a></p>
      ) : null}
    </li>
  );
}
