import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { followUpKinds, type CanBuy, type Channel, type FollowUpKind, type InterestLevel } from '../../../src/shared/vocabulary.js';
import { api, type FollowUp } from '../api.js';
import { useMe } from '../session.js';
import { cityOf, formatInstant } from '../time.js';
import { blankNextStep, checkNextStep, NextStepFields, toFollowUpInput, type NextStepState } from './NextStepFields.js';
import { QualificationWarning } from './QualificationWarning.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, label, useToast } from './ui.js';

function useInvalidateFollowUps(contactId: string) {
  const client = useQueryClient();
  return () => {
    for (const key of ['agenda', 'followUps', 'opportunities', 'timeline']) void client.invalidateQueries({ queryKey: [key] });
    void client.invalidateQueries({ queryKey: ['contact', contactId] });
  };
}

const wallOfFollowUp = (f: FollowUp): { date: string; time: string } =>
  f.allDay ? { date: f.dueLocal.slice(0, 10), time: '10:00' } : { date: f.dueLocal.slice(0, 10), time: f.dueLocal.slice(11, 16) };

/** Move a follow-up to another agreed time (in the client's zone), with the reason kept in the audit trail. */
export function RescheduleDialog({ followUp, contactName, contactZone, onClose }: {
  followUp: FollowUp; contactName: string; contactZone: string; onClose: () => void;
}) {
  const me = useMe();
  const toast = useToast();
  const invalidate = useInvalidateFollowUps(followUp.contactId);
  const wall = wallOfFollowUp(followUp);
  const [state, setState] = useState<NextStepState>({
    allDay: followUp.allDay, date: wall.date, time: wall.time, timeZone: followUp.timeZone, channel: followUp.channel,
    agenda: followUp.agenda ?? '', progress: followUp.progress ?? '',
  });
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => api.patch<FollowUp>(`/follow-ups/${followUp.id}`, body),
    onSuccess: (updated) => {
      invalidate();
      toast(`Moved to ${updated.allDay ? updated.dueLocal : formatInstant(updated.dueAt, updated.timeZone)} ${cityOf(updated.timeZone)} time`);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = checkNextStep(state, '');
    if (!reason.trim()) problems.reason = 'Say why it moves (for example "they asked to move it to Friday").';
    setLocal(problems);
    if (Object.keys(problems).length) return save.reset();
    const input = toFollowUpInput(state, contactZone);
    save.mutate({ due: input.due, channel: input.channel, agenda: state.agenda.trim() || null, progress: state.progress.trim() || null, reason: reason.trim() });
  };
  return (
    <Dialog title={`Reschedule: ${contactName}`} onClose={onClose} wide testId="reschedule-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={['due', 'channel', 'agenda', 'progress', 'reason']} title="Not rescheduled" />
        <Field label="Why does it move?" error={errors.field('reason')}>
          {(p) => <input {...p} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />}
        </Field>
        <NextStepFields value={state} onChange={setState} errors={errors} prefix="" contactZone={contactZone} userZone={me.user.timeZone} legend="New time they chose" past="warn" contactId={followUp.contactId} />
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Keep as is</button>
          <button type="submit" disabled={save.isPending}>Reschedule</button>
        </div>
      </form>
    </Dialog>
  );
}

export function CancelDialog({ followUp, contactName, onClose }: { followUp: FollowUp; contactName: string; onClose: () => void }) {
  const toast = useToast();
  const invalidate = useInvalidateFollowUps(followUp.contactId);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<'cancelled' | 'skipped'>('cancelled');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => api.patch<FollowUp>(`/follow-ups/${followUp.id}`, { status, reason: reason.trim() }),
    onSuccess: () => {
      invalidate();
      toast(status === 'cancelled' ? 'Follow-up cancelled' : 'Follow-up skipped');
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = reason.trim() ? {} : { reason: 'Give a reason: it is kept with the follow-up.' };
    setLocal(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate();
  };
  return (
    <Dialog title={`Cancel follow-up with ${contactName}`} onClose={onClose} testId="cancel-dialog">
      <form onSubmit={submit} noValidate className="stack">
        {followUp.promised ? <div className="alert alert-warn" role="note">This was a promise. Tell {contactName} if it no longer stands.</div> : null}
        <ErrorSummary errors={errors} claimed={['reason', 'status']} title="Not cancelled" />
        <Field label="Reason" error={errors.field('reason')}>
          {(p) => <input {...p} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />}
        </Field>
        <Field label="Mark as" error={errors.field('status')}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as 'cancelled' | 'skipped')}>
              <option value="cancelled">Cancelled: it will not happen</option>
              <option value="skipped">Skipped: this step is passed over</option>
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Keep it</button>
          <button type="submit" className="button-danger" disabled={save.isPending}>Cancel follow-up</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Schedule a follow-up outside a logged conversation (a manual one, or a promise made by mail). */
export function ScheduleDialog({ contact, onClose }: {
  contact: { id: string; name: string; timeZone: string; preferredChannel: Channel | null; interest: InterestLevel; canBuy: CanBuy }; onClose: () => void;
}) {
  const me = useMe();
  const toast = useToast();
  const invalidate = useInvalidateFollowUps(contact.id);
  const [state, setState] = useState<NextStepState>(() => blankNextStep(contact.timeZone, contact.preferredChannel ?? 'call'));
  const [kind, setKind] = useState<FollowUpKind>('next-step');
  const [promised, setPromised] = useState(true);
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => api.post<FollowUp>('/follow-ups', body),
    onSuccess: (created) => {
      invalidate();
      toast(`Scheduled for ${created.allDay ? created.dueLocal : formatInstant(created.dueAt, me.user.timeZone)} your time`);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = checkNextStep(state, '');
    setLocal(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate({ contactId: contact.id, ...toFollowUpInput(state, contact.timeZone), kind, promised: kind === 'owed' || promised });
  };
  return (
    <Dialog title={`Schedule a follow-up with ${contact.name}`} onClose={onClose} wide testId="schedule-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={['due', 'channel', 'agenda', 'progress', 'kind', 'promised']} title="Not scheduled" />
        <QualificationWarning contact={contact} />
        <Field label="Kind" error={errors.field('kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as FollowUpKind)} data-autofocus>
              {followUpKinds.map((k) => <option key={k} value={k}>{k === 'owed' ? 'I owe them… (something to send, an answer, news)' : label(k)}</option>)}
            </select>
          )}
        </Field>
        {kind === 'owed' ? <p className="muted" data-testid="owed-hint">Write what you owe them in the agenda, and set the date you promised it by. It is a promise.</p> : null}
        <NextStepFields value={state} onChange={setState} errors={errors} prefix="" contactZone={contact.timeZone} userZone={me.user.timeZone} legend="When and how" past="warn" contactId={contact.id} />
        {kind === 'owed' ? null : (
          <div className="checkbox">
            <input id="schedule-promised" type="checkbox" checked={promised} onChange={(e) => setPromised(e.target.checked)} />
            <label htmlFor="schedule-promised">They agreed to this: it is a promise</label>
          </div>
        )}
        <DialogActions onCancel={onClose} disabled={save.isPending}>Schedule</DialogActions>
      </form>
    </Dialog>
  );
}
