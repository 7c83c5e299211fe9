import { useEffect, useMemo, useState } from 'react';
import { BookedPanel } from './BookedPanel.js';
import { bookingApi, useBooking, type Booked, type BookingApi, type PublicBooking } from './bookingApi.js';
import { LinkGone, LoadFailed, Notice, OptedOut, type NoticeText } from './Messages.js';
import { OptOut } from './OptOut.js';
import { PreferencesForm } from './PreferencesForm.js';
import { SlotForm } from './SlotForm.js';
import { offeredSlot, whenWords } from './words.js';

/** The booking page: loads what the link offers, then shows the choice, or the time booked. */
export function BookingPage({ token, wantedSlot }: { token: string; wantedSlot: string | null }) {
  const client = useMemo(() => bookingApi(token), [token]);
  const { loaded, reload, markGone } = useBooking(client);
  const [optedOut, setOptedOut] = useState<string | null>(null);
  if (optedOut !== null) return <OptedOut userName={optedOut} />;
  switch (loaded.state) {
    case 'loading': return <main className="book" id="main"><p role="status">Loading the times…</p></main>;
    case 'gone': return <LinkGone />;
    case 'failed': return <LoadFailed message={loaded.message} onRetry={() => void reload()} />;
    case 'ready': return (
      <BookingView
        booking={loaded.booking} client={client} wantedSlot={wantedSlot} reload={reload} onGone={markGone}
        onOptedOut={() => setOptedOut(loaded.booking.userName)}
      />
    );
  }
}

/** What a `?slot=` from the suggested-times email means on arrival: chosen for them, or no longer free. */
function arrival(booking: PublicBooking, wanted: string | null): { start: string | null; notice: NoticeText | null } {
  if (!wanted || booking.booked || Number.isNaN(Date.parse(wanted))) return { start: null, notice: null };
  const start = offeredSlot(booking.slots, wanted);
  if (start) return { start, notice: { tone: 'info', text: `${whenWords(start, booking.timeZone)} is selected. Choose how you would like to meet, then confirm.` } };
  return { start: null, notice: { tone: 'warn', text: `${whenWords(wanted, booking.timeZone)} is no longer free. Please choose another time below.` } };
}

interface ViewProps {
  booking: PublicBooking;
  client: BookingApi;
  wantedSlot: string | null;
  reload: () => Promise<void>;
  onGone: () => void;
  onOptedOut: () => void;
}

function BookingView({ booking, client, wantedSlot, reload, onGone, onOptedOut }: ViewProps) {
  const [first] = useState(() => arrival(booking, wantedSlot));
  const [notice, setNotice] = useState<NoticeText | null>(first.notice);
  // The time from the email is chosen for them once; after a booking, the form starts empty.
  const [initialStart, setInitialStart] = useState(first.start);
  const [viewZone, setViewZone] = useState(booking.timeZone);
  const [moving, setMoving] = useState(false);
  const [justBooked, setJustBooked] = useState<'booked' | 'moved' | null>(null);
  const booked = moving ? null : booking.booked;
  useEffect(() => {
    document.title = booked ? `Your time with ${booking.userName}` : `Choose a time with ${booking.userName}`;
  }, [booked, booking.userName]);

  const onBooked = async (_result: Booked, moved: boolean) => {
    await reload();
    setInitialStart(null);
    setNotice(null);
    setMoving(false);
    setJustBooked(moved ? 'moved' : 'booked');
  };
  const onTaken = async (start: string) => {
    await reload();
    setNotice({ tone: 'error', text: `Sorry, ${whenWords(start, viewZone)} was just taken by someone else. Please choose another time.`, focus: true });
  };
  const onCancelled = async (what: string) => {
    await reload();
    setJustBooked(null);
    setNotice({ tone: 'ok', text: `Your ${what} is cancelled and ${booking.userName} can see that. If you like, choose another time below.`, focus: true });
  };

  return (
    <main className="book" id="main">
      <header className="book-head">
        <h1>{booked ? `Your time with ${booking.userName}` : `Choose a time with ${booking.userName}`}</h1>
        <p>
          Hi {booking.contactFirstName}. {booked
            ? 'Here is the time you chose. You can add it to your calendar, move it or cancel it.'
            : `Pick a time that suits you and how you would like to meet. It takes ${booking.durationMinutes} minutes.`}
        </p>
        {booking.agenda ? <p className="book-agenda"><span className="book-label">About</span> {booking.agenda}</p> : null}
      </header>
      {notice ? <Notice notice={notice} /> : null}
      {booked ? (
        <BookedPanel
          booking={booking} booked={booked} client={client} viewZone={viewZone} justBooked={justBooked}
          onMove={() => { setNotice(null); setJustBooked(null); setMoving(true); }} onCancelled={onCancelled} onGone={onGone}
        />
      ) : (
        <SlotForm
          booking={booking} client={client} viewZone={viewZone} onViewZone={setViewZone} initialStart={initialStart} cancelledNote={booking.cancelled && notice === null}
          moving={moving} onStopMoving={() => setMoving(false)} onBooked={onBooked} onTaken={onTaken} onGone={onGone}
        />
      )}
      <PreferencesForm booking={booking} client={client} onSaved={reload} onGone={onGone} />
      <OptOut userName={booking.userName} client={client} onOptedOut={onOptedOut} onGone={onGone} />
    </main>
  );
}
