import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { defaultBookingChannels } from '../../../src/shared/bookingInvitation.js';
import { firstName } from '../../../src/shared/names.js';
import { invitableChannels, type Channel } from '../../../src/shared/vocabulary.js';
import { api, type BookingLink } from '../api.js';
import { channelLabel } from './NextStepFields.js';
import type { BookingLinkTarget } from './BookingLinkDialog.js';
import { ErrorSummary, Field, FormErrors } from './ui.js';

const LENGTHS = [15, 30, 45, 60] as const;

/** What the link offers: the agenda, the length, the ways to meet and how many days ahead; "Create link" makes it. */
export function BookingLinkForm({ target, onMade, onCancel }: { target: BookingLinkTarget; onMade: (link: BookingLink) => void; onCancel: () => void }) {
  const { contact, followUp } = target;
  const client = useQueryClient();
  const [agenda, setAgenda] = useState(followUp?.agenda ?? '');
  const [minutes, setMinutes] = useState(30);
  const [offered, setOffered] = useState<Channel[]>(() => defaultBookingChannels(contact.preferredChannel));
  const [days, setDays] = useState('10');
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => api.post<BookingLink>('/booking-links', {
      contactId: contact.id,
      ...(followUp ? { followUpId: followUp.id, ...(followUp.enrollmentId ? { enrollmentId: followUp.enrollmentId } : {}) } : {}),
      ...(agenda.trim() ? { agenda: agenda.trim() } : {}),
      channels: offered, durationMinutes: minutes, days: Number(days),
    }),
    onSuccess: (link) => {
      void client.invalidateQueries({ queryKey: ['bookingLinks', contact.id] });
      onMade(link);
    },
  });
  const errors = FormErrors.from(create.error, local);
  const first = firstName(contact.name);
  const toggle = (channel: Channel, on: boolean) =>
    setOffered((list) => invitableChannels.filter((c) => (c === channel ? on : list.includes(c))));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (offered.length === 0) problems.channels = 'Offer at least one way to meet.';
    if (!/^\d+$/.test(days.trim())) problems.days = 'Say how many days ahead, from 1 to 60.';
    setLocal(problems);
    if (Object.keys(problems).length) return create.reset();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack booking-form">
      <p className="muted">
        {first} opens the link and chooses the day, the time and how to meet, among times inside your working hours and their reachable hours.
        {followUp ? ' Once they book, their next follow-up is done and the time they chose takes its place.' : ''}
      </p>
      <ErrorSummary errors={errors} claimed={['agenda', 'channels', 'durationMinutes', 'days']} title="No link made" />
      <Field label="Agenda" hint={`${first} sees it on the page: what the two of you will talk about.`} error={errors.field('agenda')}>
        {(p) => <textarea {...p} name="agenda" rows={2} value={agenda} onChange={(e) => setAgenda(e.target.value)} data-autofocus />}
      </Field>
      <div className="row">
        <Field label="Length" error={errors.field('durationMinutes')}>
          {(p) => (
            <select {...p} name="durationMinutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {LENGTHS.map((m) => <option key={m} value={m}>{m} min</option>)}
            </select>
          )}
        </Field>
        <Field label="Days ahead" hint="How far ahead they may choose." error={errors.field('days')}>
          {(p) => <input {...p} name="days" type="number" inputMode="numeric" min={1} max={60} value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
      </div>
      <fieldset className={errors.field('channels') ? 'field-invalid' : undefined} aria-describedby={errors.field('channels') ? 'booking-channels-error' : undefined}>
        <legend>They may choose</legend>
        <div className="booking-channels">
          {invitableChannels.map((c) => (
            <label key={c} className="booking-channel">
              <input type="checkbox" name="channels" value={c} checked={offered.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
              {channelLabel(c)}{c === contact.preferredChannel ? <span className="muted"> (their preferred)</span> : null}
            </label>
          ))}
        </div>
        {errors.field('channels') ? <div className="field-error" id="booking-channels-error" data-testid="field-error">{errors.field('channels')}</div> : null}
      </fieldset>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onCancel}>Cancel</button>
        <button type="submit" disabled={create.isPending}>{create.isPending ? 'Making the link…' : 'Create link'}</button>
      </div>
    </form>
  );
}
