import { useInfiniteQuery } from '@tanstack/react-query';
import { api, query, type Contact, type Interaction, type Page } from '../../api.js';
import { channelLabel } from '../../components/NextStepFields.js';
import { Badge, QueryError, Spinner } from '../../components/ui.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

export function Timeline({ contact }: { contact: Contact }) {
  const me = useMe();
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', contact.id],
    queryFn: ({ pageParam }) => api.get<Page<Interaction>>(`/contacts/${contact.id}/timeline${query({ limit: 30, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {timeline.isPending ? <Spinner /> : null}
      {timeline.isError ? <QueryError error={timeline.error} what="the timeline" /> : null}
      {timeline.data && items.length === 0 ? <p className="muted">Nothing logged yet. Log your first touch to start the story.</p> : null}
      <ol className="timeline" data-testid="timeline">
        {items.map((i) => (
          <li key={i.id}>
            <div className="timeline-head">
              <strong>{channelLabel(i.channel)}</strong>
              {i.result ? <span> · {i.result.replace(/-/g, ' ')}</span> : null}
              {i.direction === 'in' ? <span> · inbound</span> : null}
              {i.outcome ? <Badge tone={i.outcome === 'no' ? 'danger' : i.outcome === 'yes' ? 'ok' : 'info'}>{i.outcome.replace(/-/g, ' ')}</Badge> : null}
              <span className="muted"> · touch #{i.touchNumber} · {formatInstant(i.occurredAt, me.user.timeZone)}{i.minutes ? ` · ${i.minutes} min` : ''}</span>
            </div>
            {i.notes ? <p className="note">{i.notes}</p> : null}
            {i.changed ? <p className="note"><span className="muted">What changed: </span>{i.changed}</p> : null}
          </li>
        ))}
      </ol>
      {timeline.hasNextPage ? (
        <button type="button" className="button-secondary" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>Show older</button>
      ) : null}
    </section>
  );
}
