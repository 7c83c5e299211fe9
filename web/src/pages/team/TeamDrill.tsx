import { useInfiniteQuery } from '@tanstack/react-query';
import type { IdleContactView, LatePromiseView, StalledDealView, TeamDrillKind, TeamTouchView } from '../../../../src/shared/team.js';
import { api, query } from '../../api.js';
import { channelLabel } from '../../components/channelLabel.js';
import { EmptyState, QueryError, Spinner } from '../../components/ui.js';
import { Link } from '../../router.js';
import { formatDate, formatInstant } from '../../time.js';
import { DRILLS } from './drill.js';

type Item = LatePromiseView | StalledDealView | IdleContactView | TeamTouchView;
interface Page { items: Item[]; nextCursor: string | null }

function describe(kind: TeamDrillKind, item: Item, zone: string): { contactId: string; name: string; detail: string } {
  switch (kind) {
    case 'late': {
      const i = item as LatePromiseView;
      const due = i.allDay ? formatDate(i.dueLocal.slice(0, 10)) : formatInstant(i.dueAt, zone);
      return { contactId: i.contactId, name: i.contactName, detail: `${channelLabel(i.channel)} promised for ${due}${i.agenda ? ` · ${i.agenda}` : ''}` };
    }
    case 'stalled': {
      const i = item as StalledDealView;
      return { contactId: i.contactId, name: `${i.title} · ${i.contactName}`, detail: `${i.touches} touch${i.touches === 1 ? '' : 'es'}, opened ${formatInstant(i.createdAt, zone)}` };
    }
    case 'no-next-step': {
      const i = item as IdleContactView;
      return { contactId: i.contactId, name: i.name, detail: i.company ?? '' };
    }
    case 'touches': {
      const i = item as TeamTouchView;
      return { contactId: i.contactId, name: i.contactName, detail: `${channelLabel(i.channel)}${i.result ? ` (${i.result})` : ''}, ${formatInstant(i.occurredAt, zone)}` };
    }
  }
}

/** The items behind one figure of one salesperson, a page at a time. */
export function TeamDrill({ userId, name, kind, zone, onClose }: { userId: string; name: string; kind: TeamDrillKind; zone: string; onClose: () => void }) {
  const list = useInfiniteQuery({
    queryKey: ['team-drill', userId, kind],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page>(`/team/${encodeURIComponent(userId)}/${kind}${query({ limit: 25, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const { title, empty } = DRILLS[kind];
  return (
    <section className="panel team-drill" aria-labelledby="team-drill-title" data-testid="team-drill">
      <div className="panel-head">
        <h2 id="team-drill-title" tabIndex={-1}>{title}: {name}</h2>
        <button type="button" className="button-secondary" onClick={onClose}>Close</button>
      </div>
      {list.isPending ? <Spinner label={`Loading ${title.toLowerCase()}…`} /> : null}
      {list.isError ? <QueryError error={list.error} what={title.toLowerCase()} /> : null}
      {list.data && items.length === 0 ? <EmptyState title="Nothing here">{empty}</EmptyState> : null}
      {items.length ? (
        <ul>
          {items.map((item, n) => {
            const d = describe(kind, item, zone);
            return (
              <li key={`${d.contactId}-${n}`}>
                <Link to={`/contacts/${d.contactId}`}>{d.name}</Link>
                <span className="muted">{d.detail}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <div className="actions actions-start">
          <button type="button" className="button-secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>Show more</button>
        </div>
      ) : null}
    </section>
  );
}
