import { useId } from 'react';
import { channels, type Channel } from '../../../src/shared/vocabulary.js';
import type { FollowUpInput } from '../api.js';
import { addDays, cityOf, formatInstant, todayIn } from '../time.js';
import { instantOf } from '../wallTime.js';
import { Field, type FormErrors } from './ui.js';
import { CoachHints } from './CoachHints.js';
import { ZoneInput } from './ZoneInput.js';
import { channelLabel } from './channelLabel.js';

export interface NextStepState {
  allDay: boolean;
  date: string;
  time: string;
  timeZone: string;
  channel: Channel;
  agenda: string;
  progress: string;
}

export function blankNextStep(contactZone: string, channel: Channel): NextStepState {
  return { allDay: false, date: addDays(todayIn(contactZone), 7), time: '10:00', timeZone: contactZone, channel, agenda: '', progress: '' };
}

export function toFollowUpInput(state: NextStepState, contactZone: string): FollowUpInput {
  const due = state.allDay
    ? { date: state.date }
    : { local: `${state.date}T${state.time}`, ...(state.timeZone.trim() && state.timeZone.trim() !== contactZone ? { timeZone: state.timeZone.trim() } : {}) };
  return {
    due,
    channel: state.channel,
    ...(state.agenda.trim() ? { agenda: state.agenda.trim() } : {}),
    ...(state.progress.trim() ? { progress: state.progress.trim() } : {}),
  };
}

/** The server's grace for a next step "now": clocks and typing disagree by a few minutes. */
const GRACE_MS = 5 * 60_000;

/** Whether the chosen time has already gone (an all-day date before today in its zone). */
export function isPast(state: NextStepState, contactZone: string, now = Date.now()): boolean {
  const zone = state.timeZone.trim() || contactZone;
  if (state.allDay) return /^\d{4}-\d{2}-\d{2}$/.test(state.date) && state.date < todayIn(zone, now);
  const instant = instantOf(state.date, state.time, zone);
  return instant !== null && instant < now - GRACE_MS;
}

/**
 * Checks what the browser can check before asking the server; keys are API paths under `prefix`.
 * A next step agreed in this conversation (`agreedNow`) must come after it, as the server insists.
 */
export function checkNextStep(state: NextStepState, prefix: string, options: { agreedNow?: { contactZone: string } } = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.date)) errors[`${prefix}due.date`] = 'Choose the date they agreed to.';
  if (!state.allDay && !/^\d{2}:\d{2}$/.test(state.time)) errors[`${prefix}due.local`] = 'Choose the time they agreed to, or tick "all day".';
  if (!Object.keys(errors).length && options.agreedNow && isPast(state, options.agreedNow.contactZone)) {
    errors[state.allDay ? `${prefix}due.date` : `${prefix}due.local`] = 'That time has already passed: choose the date and time they agreed to, after this conversation.';
  }
  return errors;
}

export { channelLabel };

/**
 * The client's choice: date and time in *their* zone, with the user's equivalent shown, the channel
 * they chose, the agreed agenda and what progress to bring.
 */
export function NextStepFields({ value, onChange, errors, prefix, contactZone, userZone, withAgenda = true, legend = 'Next step they agreed to', past = 'refuse', contactId }: {
  value: NextStepState;
  onChange: (next: NextStepState) => void;
  errors: FormErrors;
  prefix: string;
  contactZone: string;
  userZone: string;
  withAgenda?: boolean;
  legend?: string;
  /** A time already gone: refused (a next step agreed now) or kept as an overdue promise, said before saving. */
  past?: 'refuse' | 'warn';
  /** Coach the agenda and progress against what this contact cares about. */
  contactId?: string | undefined;
}) {
  const allDayId = useId();
  const set = <K extends keyof NextStepState>(key: K, v: NextStepState[K]) => onChange({ ...value, [key]: v });
  const zone = value.timeZone.trim() || contactZone;
  const instant = value.allDay ? null : instantOf(value.date, value.time, zone);
  const dateError = errors.field(`${prefix}due.date`, `${prefix}due.at`) ?? (value.allDay ? errors.field(`${prefix}due`) : undefined);
  const timeError = errors.field(`${prefix}due.local`, `${prefix}due.timeZone`, `${prefix}due`);
  return (
    <fieldset className="next-step">
      <legend>{legend}</legend>
      <div className="row">
        <Field label={`Date (their date, ${cityOf(zone)})`} error={dateError}>
          {(p) => <input {...p} type="date" name="nextDate" value={value.date} onChange={(e) => set('date', e.target.value)} />}
        </Field>
        <Field label="Time (their time)" error={value.allDay ? undefined : timeError}>
          {(p) => <input {...p} type="time" name="nextTime" value={value.time} disabled={value.allDay} onChange={(e) => set('time', e.target.value)} />}
        </Field>
      </div>
      <div className="checkbox">
        <input id={allDayId} type="checkbox" checked={value.allDay} onChange={(e) => set('allDay', e.target.checked)} />
        <label htmlFor={allDayId}>All day: any time that day counts as on time</label>
      </div>
      <Field label="Their time zone" hint={zone === contactZone ? 'The contact\'s zone.' : `Not the contact's zone (${contactZone}).`} error={errors.field(`${prefix}due.timeZone`)}>
        {(p) => <ZoneInput {...p} name="nextZone" value={value.timeZone} onChange={(v) => set('timeZone', v)} />}
      </Field>
      <p className="equivalent" data-testid="user-equivalent" aria-live="polite">
        {value.allDay
          ? `All day on ${value.date || '—'} in ${cityOf(zone)}.`
          : instant === null
            ? 'Pick a date and time to see it in your time.'
            : zone === userZone
              ? `${formatInstant(instant, zone)}: the same in your time zone.`
              : `${formatInstant(instant, zone)} their time = ${formatInstant(instant, userZone)} your time (${cityOf(userZone)}).`}
      </p>
      {isPast(value, contactZone) ? (
        past === 'warn' ? (
          <p className="alert alert-warn" role="alert" data-testid="past-due-warning">
            This time has already passed: it will be kept as an overdue promise and shows at the top of Today until you log it.
          </p>
        ) : (
          <p className="alert alert-warn" role="alert" data-testid="past-due-warning">
            That time has already passed. A next step agreed now comes after this conversation: choose the date and time they agreed to.
          </p>
        )
      ) : null}
      <Field label="Channel they chose" error={errors.field(`${prefix}channel`)}>
        {(p) => (
          <select {...p} name="nextChannel" value={value.channel} onChange={(e) => set('channel', e.target.value as Channel)}>
            {channels.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
          </select>
        )}
      </Field>
      {withAgenda ? (
        <>
          <Field label="Agreed agenda" hint="What you will talk about: their words are best." error={errors.field(`${prefix}agenda`)}>
            {(p) => <textarea {...p} name="nextAgenda" rows={2} value={value.agenda} onChange={(e) => set('agenda', e.target.value)} />}
          </Field>
          {value.agenda.trim() ? <CoachHints text={value.agenda} contactId={contactId} only={['generic-opener', 'no-interest-reference', 'pushy']} /> : null}
          <Field label="Progress to present" hint="What you will bring that is new since today." error={errors.field(`${prefix}progress`)}>
            {(p) => <textarea {...p} name="nextProgress" rows={2} value={value.progress} onChange={(e) => set('progress', e.target.value)} />}
          </Field>
          {value.progress.trim() ? <CoachHints text={value.progress} contactId={contactId} only={['generic-opener', 'pushy']} /> : null}
        </>
      ) : null}
    </fieldset>
  );
}
