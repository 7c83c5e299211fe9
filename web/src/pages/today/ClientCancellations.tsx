import type { Agenda } from '../../api.js';
import { channelLabel } from '../../components/channelLabel.js';
import { cityOf, formatInstant, wallOf } from '../../time.js';
import './ClientCancellations.css';

type Cancellation = NonNullable<Agenda['clientCancellations']>[number];

/** "Mon 7 Dec, 15:00 your time (09:00 in New York)": the booked time as the salesperson reads it. */
function bookedFor(was: NonNullable<Cancellation['was']>, userZone: string): string {
  const yours = `${formatInstant(was.dueAt, userZone)} your time`;
  if (was.timeZone === userZone) return yours;
  const ms = Date.parse(was.dueAt);
  const sameDay = wallOf(ms, userZone).date === wallOf(ms, was.timeZone).date;
  return `${yours} (${formatInstant(ms, was.timeZone, !sameDay)} in ${cityOf(was.timeZone)})`;
}

/** Clients who cancelled a time they had booked through their link: each needs a new agreement. Said once, at the top of Today. */
export function ClientCancellations({ items, userZone }: { items: Agenda['clientCancellations']; userZone: string }) {
  if (!items?.length) return null;
  return (
    <div className="alert alert-warn client-cancellations" role="status" data-testid="client-cancellations">
      <ul>
        {items.map((c) => (
          <li key={`${c.contactId}-${c.cancelledAt}`} data-testid="client-cancellation">
            <strong>{c.contactName}</strong> cancelled the {c.was ? `${channelLabel(c.was.channel).toLowerCase()} they had booked for ${bookedFor(c.was, userZone)}` : 'time they had booked'}
            {' — '}<a href={`#/contacts/${encodeURIComponent(c.contactId)}`}>agree a new time</a>
            {c.reason ? <span className="muted"> · Their reason: “{c.reason}”</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
