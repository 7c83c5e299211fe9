import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Field } from '../components/ui.js';
import { wallOf } from '../time.js';
import { isGone, type Booked, type BookingApi, type PublicBooking } from './bookingApi.js';
import { channelWords } from '../../../src/shared/vocabulary.js';
import { channelLabel, dayWords, timeRangeWords, whenWords, zoneWords } from './words.js';

interface Props {
  booking: PublicBooking;
  booked: Booked;
  client: BookingApi;
  viewZone: string;
  /** Set right after the client booked or moved the time: the heading says so and takes focus. */
  justBooked: 'booked' | 'moved' | null;
  onMove: () => void;
  onCancelled: (what: string) => Promise<void>;
  onGone: () => void;
}

/** The time booked, in words, with the calendar file and the ways to move or cancel it. */
export function BookedPanel({ booking, booked, client, viewZone, justBooked, onMove, onCancelled, onGone }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => { if (justBooked) headingRef.current?.focus(); }, [justBooked]);
  const day = wallOf(Date.parse(booked.start), viewZone).date;
  const what = `${channelLabel(booked.channel).toLowerCase()} on ${whenWords(booked.start, viewZone)}`;
  const heading = justBooked === 'moved' ? 'Your time is moved' : justBooked === 'booked' ? 'You are booked' : 'Your booked time';
  return (
    <section className="card book-booked" aria-labelledby="booked-title" data-testid="booked">
      <h2 id="booked-title" ref={headingRef} tabIndex={-1}>{heading}</h2>
      <p className="booked-when">
        <strong>{dayWords(day, wallOf(Date.now(), viewZone).date.slice(0, 4))}</strong>
        <span>{timeRangeWords(booked.start, booking.durationMinutes, viewZone)} {zoneWords(viewZone)}</span>
      </p>
      <p>{channelLabel(booked.channel)} with {booking.userName}.</p>
      {viewZone !== booking.timeZone ? <p className="hint">In {zoneWords(booking.timeZone)} that is {whenWords(booked.start, booking.timeZone)}.</p> : null}
      <div className="actions actions-start book-actions">
        <a className="button" href={client.icsHref} download="booking.ics">Add to calendar (.ics)</a>
        <button type="button" className="button-secondary" onClick={onMove}>Choose another time</button>
        {!cancelling ? <button type="button" className="button-secondary" onClick={() => setCancelling(true)}>Cancel</button> : null}
      </div>
      {cancelling ? (
        <CancelForm what={channelWords(booked.channel)} userName={booking.userName} client={client} onKeep={() => setCancelling(false)} onCancelled={() => onCancelled(what)} onGone={onGone} />
      ) : null}
    </section>
  );
}

function CancelForm({ what, userName, client, onKeep, onCancelled, onGone }: {
  what: string; userName: string; client: BookingApi; onKeep: () => void; onCancelled: () => Promise<void>; onGone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => { headingRef.current?.focus(); }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      await client.cancel(reason);
      await onCancelled();
    } catch (error) {
      if (isGone(error)) onGone();
      else setProblem(error instanceof Error ? error.message : 'That did not work; please try again.');
      setPending(false);
    }
  };
  return (
    <form className="book-cancel" onSubmit={(e) => void submit(e)} aria-labelledby="cancel-title" data-testid="cancel-form">
      <h3 id="cancel-title" ref={headingRef} tabIndex={-1}>Cancel {what}?</h3>
      <Field label="Reason (optional)" hint={`${userName} will see it.`}>
        {(p) => <textarea {...p} name="reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
      <div className="actions actions-start">
        <button type="submit" className="button-danger" disabled={pending}>{pending ? 'Cancelling…' : 'Yes, cancel it'}</button>
        <button type="button" className="button-link" onClick={onKeep}>No, keep it</button>
      </div>
    </form>
  );
}
