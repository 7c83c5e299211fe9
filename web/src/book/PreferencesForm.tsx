import { useState, type FormEvent } from 'react';
import type { Channel } from '../../../src/shared/vocabulary.js';
import { ErrorSummary, Field, FormErrors } from '../components/ui.js';
import { isGone, type BookingApi, type Preferences, type PublicBooking } from './bookingApi.js';
import { channelLabel, zoneWords } from './words.js';

const PREFERRED: readonly Channel[] = ['call', 'video', 'meeting', 'coffee', 'email', 'sms'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * How and when the client would rather be reached. Only what they fill in is sent, so saving a
 * channel alone leaves their hours as they were (the server keeps what they said as evidence).
 */
export function PreferencesForm({ booking, client, onSaved, onGone }: { booking: PublicBooking; client: BookingApi; onSaved: () => Promise<void>; onGone: () => void }) {
  const [channel, setChannel] = useState<Channel | ''>('');
  const [days, setDays] = useState<number[]>([]);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('17:00');
  const [errors, setErrors] = useState(new FormErrors());
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const prefs: Preferences = { ...(channel ? { preferredChannel: channel } : {}), ...(days.length ? { reachable: [{ days, from, to }] } : {}) };
    if (!prefs.preferredChannel && !prefs.reachable) {
      setErrors(new FormErrors([], null, { preferredChannel: 'Choose a way to be contacted, or at least one day.' }));
      return;
    }
    setPending(true);
    try {
      await client.preferences(prefs);
      setErrors(new FormErrors());
      setSaved(true);
      await onSaved();
    } catch (error) {
      if (isGone(error)) onGone();
      else setErrors(FormErrors.from(error));
    } finally {
      setPending(false);
    }
  };

  const toggle = (day: number, on: boolean) => setDays((now) => (on ? [...now, day].sort((a, b) => a - b) : now.filter((d) => d !== day)));
  return (
    <section className="card book-section" aria-labelledby="prefs-title">
      <h2 id="prefs-title">How and when to reach you</h2>
      <p className="hint">Tell {booking.userName} how you prefer to be contacted and when you are usually free.</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack" data-testid="preferences-form">
        <ErrorSummary errors={errors} claimed={['preferredChannel', 'reachable']} title="Not saved" />
        <Field label="Preferred way to be contacted" error={errors.field('preferredChannel')}>
          {(p) => (
            <select {...p} name="preferredChannel" value={channel} onChange={(e) => setChannel(PREFERRED.find((c) => c === e.target.value) ?? '')}>
              <option value="">No change</option>
              {PREFERRED.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>Days you can usually be reached</legend>
          <div className="days">
            {DAYS.map((name, i) => (
              <label key={name} className="day">
                <input type="checkbox" name="days" value={i + 1} checked={days.includes(i + 1)} onChange={(e) => toggle(i + 1, e.target.checked)} />
                {name}
              </label>
            ))}
          </div>
          <div className="row book-hours">
            <Field label="From" hint={zoneWords(booking.timeZone)} error={errors.field('reachable.0.from')}>
              {(p) => <input {...p} type="time" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field label="To" hint={zoneWords(booking.timeZone)} error={errors.field('reachable.0.to', 'reachable')}>
              {(p) => <input {...p} type="time" name="to" value={to} onChange={(e) => setTo(e.target.value)} />}
            </Field>
          </div>
        </fieldset>
        {saved ? <p className="alert alert-ok" role="status">Saved. Thank you — {booking.userName} will go by this from now on.</p> : null}
        <div className="actions actions-start">
          <button type="submit" className="button-secondary" disabled={pending}>{pending ? 'Saving…' : 'Save my preferences'}</button>
        </div>
      </form>
    </section>
  );
}
