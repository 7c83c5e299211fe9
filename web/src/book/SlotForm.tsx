import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Channel } from '../../../src/shared/vocabulary.js';
import { isApiError } from '../api.js';
import { isGone, type Booked, type BookingApi, type PublicBooking } from './bookingApi.js';
import { ZoneSelect } from './ZoneSelect.js';
import { channelLabel, slotsByDay, whenWords, zoneWords } from './words.js';

interface Props {
  booking: PublicBooking;
  client: BookingApi;
  viewZone: string;
  onViewZone: (zone: string) => void;
  initialStart: string | null;
  /** Say they cancelled the time they had (when they come back; right after, a notice says so). */
  cancelledNote: boolean;
  /** Choosing another time for the one booked (the same endpoint answers 200: moved). */
  moving: boolean;
  onStopMoving: () => void;
  onBooked: (booked: Booked, moved: boolean) => Promise<void>;
  onTaken: (start: string) => Promise<void>;
  onGone: () => void;
}

/** How to meet, then when (by day, in the zone the client chose to read times in), then Confirm. */
export function SlotForm({ booking, client, viewZone, onViewZone, initialStart, cancelledNote, moving, onStopMoving, onBooked, onTaken, onGone }: Props) {
  const [chosen, setChosen] = useState<string | null>(initialStart);
  const [channel, setChannel] = useState<Channel>(booking.booked?.channel ?? booking.channels[0] ?? 'call');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const timesRef = useRef<HTMLFieldSetElement>(null);
  const days = useMemo(() => slotsByDay(booking.slots, viewZone), [booking.slots, viewZone]);
  // A time that is no longer offered (taken, or the list was refreshed) is no longer chosen.
  const start = chosen && booking.slots.some((s) => s.start === chosen) ? chosen : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!start) {
      setProblem('Choose a time first.');
      timesRef.current?.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    setPending(true);
    setProblem(null);
    try {
      const booked = await client.book(start, channel);
      await onBooked(booked, booking.booked !== null);
    } catch (error) {
      if (isGone(error)) onGone();
      // 409: another booking took it a moment ago; 400 naming start: it is no longer offered at all (time moved on).
      else if (isApiError(error) && (error.status === 409 || error.fieldErrors.some((f) => f.path === 'start' || f.path === 'body.start'))) {
        setChosen(null);
        await onTaken(start);
      } else setProblem(error instanceof Error ? error.message : 'That did not work; please try again.');
    } finally {
      setPending(false);
    }
  };

  const confirmLabel = moving ? 'Confirm the new time' : 'Confirm';
  return (
    <form className="book-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="choose-title" data-testid="slot-form">
      <h2 id="choose-title">{moving ? 'Choose another time' : 'Your choice'}</h2>
      {cancelledNote && !moving ? <p className="hint">You cancelled the time you had booked. You can choose another one here.</p> : null}

      <fieldset className="book-channels">
        <legend>How would you like to meet?</legend>
        <div className="choice-list">
          {booking.channels.map((c) => (
            <label key={c} className="choice">
              <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
              <span>{channelLabel(c)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="book-times" ref={timesRef} aria-describedby="times-zone">
        <legend>When?</legend>
        <p className="hint" id="times-zone">Times are in {zoneWords(viewZone)}{viewZone === booking.timeZone ? '' : ` (yours is ${zoneWords(booking.timeZone)})`}.</p>
        <ZoneSelect value={viewZone} onChange={onViewZone} contactZone={booking.timeZone} />
        {days.length === 0 ? (
          <p className="alert alert-warn">There are no free times left on this link. Reply to the email that brought you here to find another time.</p>
        ) : days.map((day) => (
          <fieldset key={day.date} className="book-day" data-testid="slot-day">
            <legend>{day.label}</legend>
            <div className="slots">
              {day.slots.map((s) => (
                <label key={s.start} className="slot">
                  <input type="radio" name="slot" value={s.start} checked={start === s.start} onChange={() => { setChosen(s.start); setProblem(null); }} />
                  <span>{s.time}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>

      <div className="confirm-bar">
        <p className="confirm-choice" data-testid="choice">
          {start ? <><strong>{whenWords(start, viewZone)}</strong> · {channelLabel(channel)}</> : 'No time chosen yet'}
        </p>
        {problem ? <p className="field-error" role="alert">{problem}</p> : null}
        <div className="actions actions-start">
          <button type="submit" disabled={pending}>{pending ? 'Booking…' : confirmLabel}</button>
          {moving ? <button type="button" className="button-link" onClick={onStopMoving}>Keep the time I have</button> : null}
        </div>
      </div>
    </form>
  );
}
