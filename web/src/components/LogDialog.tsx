import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { followUpFulfilledBy } from '../../../src/shared/fulfilment.js';
import { warningTitle } from '../../../src/shared/warnings.js';
import { usualTouchMinutes } from '../../../src/shared/timeBudget.js';
import { channels, results, type Channel, type InteractionResult, type OutcomeType } from '../../../src/shared/vocabulary.js';
import { api, query, type FollowUp, type InteractionInput, type LogResult, type Page } from '../api.js';
import { useMe } from '../session.js';
import { addDays, cityOf, formatDate, formatInstant, todayIn } from '../time.js';
import { instantOf } from '../wallTime.js';
import { blankNextStep, channelLabel, checkNextStep, NextStepFields, toFollowUpInput, type NextStepState } from './NextStepFields.js';
import { AfterYesSuggestions } from './AfterYesSuggestions.js';
import { CoachHints } from './CoachHints.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors } from './ui.js';

export interface LogTarget {
  contact: { id: string; name: string; timeZone: string; preferredChannel?: string | null; doNotContact?: boolean };
  /** The follow-up this touch fulfils; undefined: the one due by the end of today (the shared rule); null: none. */
  followUp?: FollowUp | null;
  /** Something they sent or said to us: the only touch a do-not-contact contact can have logged. */
  inbound?: boolean | undefined;
}

/** The result a channel implies, so the usual case is no extra choice: a meeting, video call or coffee took place. */
const impliedResult = (channel: Channel): InteractionResult | '' => (channel === 'meeting' || channel === 'video' || channel === 'coffee' ? 'held' : '');

const RESULT_LABELS: Record<InteractionResult, string> = {
  connected: 'Connected: we spoke',
  voicemail: 'Left a voicemail',
  'no-answer': 'No answer',
  replied: 'They replied',
  bounced: 'Bounced',
  held: 'Held: the meeting took place',
};

const OUTCOMES: { type: OutcomeType; title: string; hint: string }[] = [
  { type: 'next-step', title: 'Next step', hint: 'They chose a date, a time and a channel.' },
  { type: 'yes', title: 'Yes', hint: 'They bought or agreed: the opportunity is won.' },
  { type: 'no', title: 'No', hint: 'They said no: everything stops and they become do-not-contact.' },
  { type: 'no-agreement', title: 'No agreement yet', hint: 'Neither: nothing was agreed this time.' },
];

const CONVERSATION_RESULTS = new Set<string>(['connected', 'held', 'replied']);
const CONVERSATION_CHANNELS = new Set<string>(['meeting', 'video', 'coffee']);

/** Same rule as the server: a touch where the client took part must end in an outcome. */
export const isConversation = (channel: string, result: string): boolean =>
  result ? CONVERSATION_RESULTS.has(result) : CONVERSATION_CHANNELS.has(channel);

const isChannel = (value: string | null | undefined): value is Channel => !!value && (channels as readonly string[]).includes(value);

/**
 * Log an outcome: records the touch and, after a conversation, insists on yes / no / an agreed next
 * step. Everything typed stays in the form when the server refuses it.
 */
export function LogDialog({ target, onClose }: { target: LogTarget; onClose: () => void }) {
  const me = useMe();
  const client = useQueryClient();
  const { contact } = target;
  const userZone = me.user.timeZone;
  // Opened on a contact rather than a follow-up: the touch fulfils the one due by the end of today, unless changed.
  const open = useQuery({
    queryKey: ['followUps', 'open', contact.id],
    queryFn: () => api.get<Page<FollowUp>>(`/follow-ups${query({ contactId: contact.id, status: 'open', limit: 100 })}`),
    enabled: target.followUp === undefined,
  });
  const openFollowUps = open.data?.items ?? [];
  const suggested = target.followUp === undefined
    ? followUpFulfilledBy(contact.id, openFollowUps, { today: todayIn(userZone), endOfTodayMs: instantOf(addDays(todayIn(userZone), 1), '00:00', userZone) ?? Date.now() })
    : null;
  const [chosenId, setChosenId] = useState<string | null | undefined>(undefined);
  const followUp = target.followUp !== undefined
    ? target.followUp
    : chosenId === undefined ? suggested : openFollowUps.find((f) => f.id === chosenId) ?? null;
  const defaultChannel: Channel = followUp?.channel ?? (isChannel(contact.preferredChannel) ? contact.preferredChannel : 'call');
  const [channelChoice, setChannel] = useState<Channel | null>(null);
  const channel = channelChoice ?? defaultChannel;
  const [resultChoice, setResult] = useState<InteractionResult | '' | null>(null);
  const result = resultChoice ?? impliedResult(channel);
  const [direction, setDirection] = useState<'out' | 'in'>(target.inbound || contact.doNotContact ? 'in' : 'out');
  const [notes, setNotes] = useState('');
  const [changed, setChanged] = useState('');
  const [minutes, setMinutes] = useState('');
  const [outcome, setOutcome] = useState<OutcomeType | ''>('');
  const [next, setNext] = useState<NextStepState>(() => blankNextStep(contact.timeZone, isChannel(contact.preferredChannel) ? contact.preferredChannel : defaultChannel));
  const [local, setLocal] = useState<Record<string, string>>({});
  const outcomeName = useId();

  const conversation = isConversation(channel, result);

  const log = useMutation({
    mutationFn: (body: InteractionInput) => api.post<LogResult>('/interactions', body),
    onSuccess: () => {
      for (const key of ['agenda', 'timeline', 'followUps', 'opportunities', 'contacts', 'insights', 'enrollments']) void client.invalidateQueries({ queryKey: [key] });
      void client.invalidateQueries({ queryKey: ['contact', contact.id] });
    },
  });
  const errors = FormErrors.from(log.error, local);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (conversation && !outcome) problems.outcome = 'This was a conversation: choose how it ended (yes, no or a next step).';
    if (minutes.trim() && (!/^\d{1,4}$/.test(minutes.trim()) || Number(minutes) > 1440)) problems.minutes = 'Time it took: a whole number of minutes, from 0 to 1440 (a day).';
    if (outcome === 'next-step') Object.assign(problems, checkNextStep(next, 'outcome.next.', { agreedNow: { contactZone: contact.timeZone } }));
    setLocal(problems);
    if (Object.keys(problems).length) {
      log.reset();
      return;
    }
    const body: InteractionInput = {
      contactId: contact.id,
      channel,
      direction,
      ...(result ? { result } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(changed.trim() ? { changed: changed.trim() } : {}),
      ...(minutes.trim() ? { minutes: Number(minutes.trim()) } : {}),
      ...(followUp ? { followUpId: followUp.id } : {}),
      ...(outcome ? { outcome: { type: outcome, ...(outcome === 'next-step' ? { next: toFollowUpInput(next, contact.timeZone) } : {}) } } : {}),
    };
    log.mutate(body);
  };

  if (log.isSuccess) return <LoggedView result={log.data} contactName={contact.name} userZone={userZone} onClose={onClose} />;

  const claimed = ['channel', 'result', 'direction', 'notes', 'changed', 'outcome', 'minutes'];
  return (
    <Dialog title={`Log outcome: ${contact.name}`} onClose={onClose} wide testId="log-dialog">
      <form onSubmit={submit} noValidate className="stack">
        {target.followUp !== undefined ? (
          followUp ? <p className="muted" data-testid="fulfils">Fulfils touch #{followUp.touchNumber}: {describeFollowUp(followUp)}.</p> : null
        ) : openFollowUps.length ? (
          <Field label="This touch fulfils" hint="Their follow-up due today is chosen for you; change it if this touch was about something else.">
            {(p) => (
              <select {...p} name="fulfils" data-testid="fulfils-select" value={followUp?.id ?? ''} onChange={(e) => setChosenId(e.target.value || null)}>
                <option value="">None of their follow-ups</option>
                {openFollowUps.map((f) => <option key={f.id} value={f.id}>{describeFollowUp(f)}</option>)}
              </select>
            )}
          </Field>
        ) : null}
        {contact.doNotContact ? (
          <div className="alert alert-warn" role="note">{contact.name} is do-not-contact. You can still log what they initiated.</div>
        ) : null}
        <ErrorSummary errors={errors} claimed={claimed} title="The touch was not logged" />
        <div className="row">
          <Field label="Channel used" error={errors.field('channel')}>
            {(p) => (
              <select {...p} name="channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)} data-autofocus>
                {channels.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
              </select>
            )}
          </Field>
          <Field label="Result" error={errors.field('result')}>
            {(p) => (
              <select {...p} name="result" value={result} onChange={(e) => setResult(e.target.value as InteractionResult | '')}>
                <option value="">No result to record</option>
                {results.map((r) => <option key={r} value={r}>{RESULT_LABELS[r]}</option>)}
              </select>
            )}
          </Field>
          <Field label="Direction" error={errors.field('direction')}>
            {(p) => (
              <select {...p} name="direction" value={direction} onChange={(e) => setDirection(e.target.value as 'out' | 'in')}>
                <option value="out">I reached out</option>
                <option value="in">They reached out</option>
              </select>
            )}
          </Field>
        </div>
        <Field label="Time it took (minutes)" error={errors.field('minutes')}
          hint={`Left empty, it counts as ${usualTouchMinutes[channel]} minutes, the usual for this channel.`}>
          {(p) => (
            <input {...p} name="minutes" type="text" inputMode="numeric" style={{ maxWidth: '8rem' }} placeholder={String(usualTouchMinutes[channel])}
              value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          )}
        </Field>
        <Field label="Notes" error={errors.field('notes')}>
          {(p) => <textarea {...p} name="notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        {channel === 'email' && direction === 'out' && notes.trim() ? <CoachHints text={notes} contactId={contact.id} /> : null}
        <Field label="What changed since last time" error={errors.field('changed')}>
          {(p) => <textarea {...p} name="changed" rows={2} value={changed} onChange={(e) => setChanged(e.target.value)} />}
        </Field>
        <fieldset className={`outcomes${errors.field('outcome.type', 'outcome') && !errors.field('outcome.next') ? ' field-invalid' : ''}`} aria-describedby={`${outcomeName}-hint`}>
          <legend>{conversation ? 'How did the conversation end? (required)' : 'Outcome (optional without a conversation)'}</legend>
          <p className="hint" id={`${outcomeName}-hint`}>
            {conversation ? 'Every conversation ends with yes, no or a next step the client agreed to.' : 'Record one if something was decided.'}
          </p>
          <div className="outcome-options">
            {OUTCOMES.map((o) => (
              <label key={o.type} className={`outcome-option${outcome === o.type ? ' selected' : ''}`}>
                <input type="radio" name={outcomeName} value={o.type} checked={outcome === o.type} onChange={() => setOutcome(o.type)} />
                <span><strong>{o.title}</strong><span className="hint">{o.hint}</span></span>
              </label>
            ))}
          </div>
          {!conversation && outcome ? (
            <button type="button" className="button-link" onClick={() => setOutcome('')}>Clear outcome</button>
          ) : null}
          {(() => {
            const message = errors.field('outcome.type') ?? (errors.field('outcome.next') ? undefined : errors.field('outcome'));
            return message ? <div className="field-error" data-testid="field-error" role="alert">{message}</div> : null;
          })()}
        </fieldset>
        {outcome === 'no' ? (
          <div className="alert alert-warn" role="note">
            Saying no closes the opportunity as lost, cancels {contact.name}'s open follow-ups, ends their playbooks and marks them do-not-contact.
          </div>
        ) : null}
        {outcome === 'next-step' ? (
          <>
            <NextStepFields
              value={next}
              onChange={setNext}
              past="refuse"
              contactId={contact.id}
              errors={errors}
              prefix="outcome.next."
              contactZone={contact.timeZone}
              userZone={me.user.timeZone}
            />
            {errors.field('outcome.next') && !errors.field('outcome.next.due', 'outcome.next.channel', 'outcome.next.agenda', 'outcome.next.progress') ? (
              <div className="field-error" role="alert">{errors.field('outcome.next')}</div>
            ) : null}
          </>
        ) : null}
        <DialogActions onCancel={onClose} disabled={log.isPending}>{log.isPending ? 'Logging…' : 'Log outcome'}</DialogActions>
      </form>
    </Dialog>
  );
}

function LoggedView({ result, contactName, userZone, onClose }: { result: LogResult; contactName: string; userZone: string; onClose: () => void }) {
  const { interaction, next, warnings } = result;
  return (
    <Dialog title={`Logged: touch #${interaction.touchNumber} with ${contactName}`} onClose={onClose} testId="log-dialog">
      <div className="stack" data-testid="log-result">
        {warnings.length ? (
          <div className="alert alert-warn" role="alert" data-testid="log-warnings">
            <strong>{warnings.length === 1 ? 'One thing to note' : `${warnings.length} things to note`}</strong>
            <ul>
              {warnings.map((w) => (
                <li key={w.code} data-code={w.code}><strong>{warningTitle(w.code)}:</strong> {w.message}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="alert alert-ok" role="status">Logged. {keptWhat(result)}</p>
        )}
        {(result.enrollments ?? []).map((move) => (
          <p key={move.enrollmentId} data-testid="logged-playbook">{move.summary}{move.nextFollowUp?.scheduleNote ? ` ${move.nextFollowUp.scheduleNote}` : ''}</p>
        ))}
        {interaction.outcome === 'no' ? <p>{contactName} said no: they are now do-not-contact and their open follow-ups are cancelled.</p> : null}
        {interaction.outcome === 'yes' ? <p>A yes on touch #{interaction.touchNumber}. Well done.</p> : null}
        <AfterYesSuggestions contactId={interaction.contactId} suggestions={result.suggestions ?? []} />
        {next ? (
          <p data-testid="logged-next">
            Next step: {channelLabel(next.channel).toLowerCase()} on{' '}
            {next.allDay ? `${next.dueLocal} (all day, ${cityOf(next.timeZone)})` : (
              <>
                <strong>{formatInstant(next.dueAt, next.timeZone)}</strong> their time ({cityOf(next.timeZone)}), which is{' '}
                <strong>{formatInstant(next.dueAt, userZone)}</strong> your time
              </>
            )}.
          </p>
        ) : null}
        <div className="actions"><button type="button" onClick={onClose} data-autofocus>Done</button></div>
      </div>
    </Dialog>
  );
}

/** "phone call agreed for Fri 4 Dec, 10:00 their time" */
function describeFollowUp(f: FollowUp): string {
  const when = f.allDay ? `${formatDate(f.dueLocal.slice(0, 10))} (all day)` : `${formatInstant(f.dueAt, f.timeZone)} their time`;
  return `${channelLabel(f.channel)} ${f.promised ? 'agreed for' : 'planned for'} ${when}${f.agenda ? `: ${f.agenda}` : ''}`;
}

/** What logging did to the follow-up, in words that match what happened (no "kept as promised" for a step nobody promised). */
function keptWhat({ fulfilled, interaction }: LogResult): string {
  if (!fulfilled) return '';
  const reached = interaction.result === null || ['connected', 'held', 'replied'].includes(interaction.result);
  if (fulfilled.promised) return reached ? 'The promise was kept: on the day, by the channel they chose.' : 'You kept your word and tried on the day they chose.';
  return reached ? 'This step is done.' : 'This step is done; the playbook moves on to the next one.';
}
