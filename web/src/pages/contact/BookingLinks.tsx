import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelChoice } from '../../../../src/shared/bookingInvitation.js';
import { firstName } from '../../../../src/shared/names.js';
import { api, query, type BookingLink, type Contact, type Page } from '../../api.js';
import { Badge, QueryError, useToast } from '../../components/ui.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

type State = BookingLink['state'];

/** Each state as a badge and a sentence about the contact. */
const STATE: Record<State, { word: string; tone: 'neutral' | 'warn' | 'ok' | 'info'; says: (first: string, closes: string) => string }> = {
  open: { word: 'Open', tone: 'info', says: (first, closes) => `Waiting for ${first} to choose a time; open until ${closes}.` },
  booked: { word: 'Booked', tone: 'ok', says: (first) => `${first} chose a time: it is with the follow-ups.` },
  cancelled: { word: 'They cancelled', tone: 'warn', says: (first, closes) => `${first} cancelled the time they chose; the link still lets them choose another until ${closes}.` },
  expired: { word: 'Expired', tone: 'neutral', says: (_first, closes) => `Closed on ${closes} without a booking.` },
  withdrawn: { word: 'Withdrawn', tone: 'neutral', says: () => 'You withdrew it: it opens nothing now.' },
};

/** A link still opens (the client can book or choose again) until it is withdrawn or runs out. */
const stillOpens = (state: State): boolean => state === 'open' || state === 'cancelled';

/** The contact's booking links, newest first, with where each stands and "Withdraw" for those still open. */
export function BookingLinks({ contact }: { contact: Contact }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const links = useQuery({
    queryKey: ['bookingLinks', contact.id],
    queryFn: () => api.get<Page<BookingLink>>(`/booking-links${query({ contactId: contact.id })}`),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => api.delete(`/booking-links/${id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['bookingLinks', contact.id] });
      toast('Booking link withdrawn: it opens nothing now');
    },
  });
  if (links.isError) return <QueryError error={links.error} what="booking links" />;
  const items = links.data?.items ?? [];
  if (items.length === 0) return null;
  const first = firstName(contact.name);
  return (
    <section className="panel" aria-labelledby="booking-links-title" data-testid="booking-links">
      <h2 id="booking-links-title">Booking links</h2>
      <ul className="plain">
        {items.map((link) => {
          const state = STATE[link.state];
          return (
            <li key={link.id} className="promise" data-testid="booking-link">
              <div>
                <strong>Made {formatInstant(link.createdAt, me.user.timeZone)}</strong>
                <div className="muted">Offers {channelChoice(link.channels)}, {link.durationMinutes} min{link.agenda ? ` · ${link.agenda}` : ''}</div>
                <div>{state.says(first, formatInstant(link.expiresAt, me.user.timeZone))}</div>
              </div>
              <div className="badges"><Badge tone={state.tone}>{state.word}</Badge></div>
              {stillOpens(link.state) ? (
                <div className="row-actions">
                  <button type="button" className="button-link" disabled={withdraw.isPending} onClick={() => withdraw.mutate(link.id)}>Withdraw</button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {withdraw.isError ? <p className="field-error" role="alert">Not withdrawn: {withdraw.error.message}</p> : null}
    </section>
  );
}
