import { useRef } from 'react';
import { channelChoice } from '../../../src/shared/bookingInvitation.js';
import { firstName } from '../../../src/shared/names.js';
import type { BookingLink } from '../api.js';
import { useMe } from '../session.js';
import { cityOf, formatInstant } from '../time.js';
import type { BookingLinkTarget } from './BookingLinkDialog.js';
import { CopyButton } from './ui.js';

const FIRST_TIMES = 4;

/** The link just made: shown once (only its hash is kept), to copy or email, with the first times it offers in their zone. */
export function BookingLinkMade({ link, contact, onEmail, onClose }: {
  link: BookingLink; contact: BookingLinkTarget['contact']; onEmail: (() => void) | null; onClose: () => void;
}) {
  const me = useMe();
  const input = useRef<HTMLInputElement>(null);
  const first = firstName(contact.name);
  const url = link.url ?? '';
  const more = link.slots.length - FIRST_TIMES;
  return (
    <div className="stack booking-made" data-testid="booking-link-made">
      <p className="alert alert-ok" role="status">
        <strong>Link made.</strong> Copy it or email it now: it is shown only this once. It stays open until {formatInstant(link.expiresAt, me.user.timeZone)} your time.
      </p>
      <div className="copy-row">
        <label className="visually-hidden" htmlFor="booking-url">Booking link</label>
        <input id="booking-url" ref={input} readOnly value={url} onFocus={(e) => e.target.select()} data-testid="booking-url" />
        <CopyButton text={url} what="Booking link" onUnavailable={() => input.current?.select()} />
      </div>
      <p className="muted">
        {first} chooses {channelChoice(link.channels)}, {link.durationMinutes} minutes.
        {link.agenda ? <><br />Agenda: {link.agenda}</> : null}
      </p>
      {link.slots.length ? (
        <div data-testid="booking-first-times">
          <p className="booking-times-title">First times {first} can choose, their time ({cityOf(contact.timeZone)}):</p>
          <ul className="booking-times">
            {link.slots.slice(0, FIRST_TIMES).map((s) => <li key={s.start}>{formatInstant(s.start, contact.timeZone)}</li>)}
            {more > 0 ? <li className="muted">and {more} more</li> : null}
          </ul>
        </div>
      ) : (
        <p className="alert alert-warn" role="status">
          No time is free in those days inside your working hours and their reachable hours, so the link offers none yet. Withdraw it and offer more days, or widen the hours.
        </p>
      )}
      {onEmail ? null : <p className="hint">No email address for {first}: send the link your usual way.</p>}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onClose}>Done</button>
        {onEmail ? <button type="button" onClick={onEmail}>Email it to {first}</button> : null}
      </div>
    </div>
  );
}
