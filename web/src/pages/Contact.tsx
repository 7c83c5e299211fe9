import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  canBuyValues, channels, interestLevels, invitableChannels, relationships, type CanBuy, type Channel, type InterestLevel, type Relationship,
} from '../../../src/shared/vocabulary.js';
import { api, isApiError, query, type Contact, type FollowUp, type Interaction, type Opportunity, type Page } from '../api.js';
import { EmailDraftDialog } from '../components/EmailDraft.js';
import { EnrolDialog } from '../components/EnrolDialog.js';
import { EnrollmentStory } from '../components/EnrollmentStory.js';
import { CancelDialog, RescheduleDialog, ScheduleDialog } from '../components/FollowUpDialogs.js';
import { LogDialog } from '../components/LogDialog.js';
import { channelLabel } from '../components/NextStepFields.js';
import { Badge, Dialog, ErrorSummary, Field, FormErrors, label, QueryError, Spinner, useToast } from '../components/ui.js';
import { OptInDialog } from '../components/OptInDialog.js';
import { NewsletterConsent } from '../components/NewsletterConsent.js';
import { TimeBudgetFact } from '../components/TimeBudgetFact.js';
import { ZoneInput } from '../components/ZoneInput.js';
import { currentStepText, playbookLabel, useEnrollments, usePlaybooks, type Enrollment } from '../playbooks.js';
import { navigate } from '../router.js';
import { useContact, useMe, useUsers } from '../session.js';
import { cityOf, formatInstant } from '../time.js';
import { splitList } from './Contacts.js';
import { isOverdue } from '../../../src/shared/overdue.js';
import { qualificationWarnings } from '../../../src/shared/warnings.js';

type Modal =
  | { kind: 'log'; followUp?: FollowUp; inbound?: boolean }
  | { kind: 'schedule' | 'enrol' | 'email' | 'opt-out' | 'opt-in' | 'delete' }
  | { kind: 'reschedule' | 'cancel'; followUp: FollowUp }
  | null;

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function ContactPage({ id }: { id: string }) {
  const me = useMe();
  const contact = useContact(id);
  const [modal, setModal] = useState<Modal>(null);
  const close = () => setModal(null);

  if (contact.isPending) return <Spinner label="Loading contact…" />;
  if (contact.isError) {
    if (isApiError(contact.error) && contact.error.status === 404) {
      return <section><h1>Contact not found</h1><p>It may have been deleted. <a href="#/contacts">Back to contacts</a>.</p></section>;
    }
    return <QueryError error={contact.error} what="the contact" />;
  }
  const c = contact.data;
  return (
    <article aria-labelledby="contact-title" className="contact-page">
      <p className="breadcrumb"><a href="#/contacts">Contacts</a></p>
      <div className="page-head">
        <div>
          <h1 id="contact-title">{c.name}</h1>
          <p className="muted">
            {[c.title, c.company].filter(Boolean).join(', ')}
            {c.title || c.company ? ' · ' : ''}
            {cityOf(c.timeZone)}, {formatInstant(Date.now(), c.timeZone, false)} there now
          </p>
          <div className="badges">
            <Badge>{label(c.relationship)}</Badge>
            {c.doNotContact ? <Badge tone="danger">Do not contact</Badge> : null}
            {c.stalled ? <Badge tone="warn">Stalled</Badge> : null}
          </div>
        </div>
        {/* After a "no", nothing here reaches out to them: the only way on is their consent (the banner below). */}
        {c.doNotContact ? null : (
          <div className="head-actions">
            <button type="button" onClick={() => setModal({ kind: 'log' })}>Log outcome</button>
            {c.email ? <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'email' })}>Email</button> : null}
            {c.phone ? <a className="button-secondary" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>Call</a> : null}
            <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'schedule' })}>Schedule follow-up</button>
            <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'enrol' })}>Enrol in playbook</button>
          </div>
        )}
      </div>

      {c.doNotContact ? (
        <div className="alert alert-error" role="status" data-testid="dnc-banner">
          <strong>Do not contact.</strong> {c.doNotContactReason ? <>Reason: {c.doNotContactReason}.</> : null}
          {c.doNotContactAt ? <> Since {formatInstant(c.doNotContactAt, me.user.timeZone)}.</> : null}
          {' '}No calls, emails, follow-ups or playbooks until they give their consent again.{' '}
          <div className="actions actions-start">
            <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'opt-in' })}>Opt in again…</button>
            <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'log', inbound: true })}>Log what they sent</button>
          </div>
        </div>
      ) : null}

      <div className="contact-grid">
        <ProtocolPanel contact={c} />
        <div className="stack">
          <Promises contact={c} onAction={setModal} />
          <Enrollments contact={c} />
          <Opportunities contact={c} />
        </div>
      </div>

      <Timeline contact={c} />

      <section className="panel danger-zone" aria-labelledby="consent-title">
        <h2 id="consent-title">Consent and data</h2>
        <NewsletterConsent contact={c} />
        <Consent contactId={c.id} />
        <div className="actions actions-start">
          {c.doNotContact ? null : <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'opt-out' })}>Opt out…</button>}
          <button type="button" className="button-danger" onClick={() => setModal({ kind: 'delete' })}>Delete contact…</button>
        </div>
      </section>

      {modal?.kind === 'log' ? <LogDialog target={{ contact: c, followUp: modal.inbound ? null : modal.followUp, inbound: modal.inbound }} onClose={close} /> : null}
      {modal?.kind === 'schedule' ? <ScheduleDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'enrol' ? <EnrolDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'reschedule' ? <RescheduleDialog followUp={modal.followUp} contactName={c.name} contactZone={c.timeZone} onClose={close} /> : null}
      {modal?.kind === 'cancel' ? <CancelDialog followUp={modal.followUp} contactName={c.name} onClose={close} /> : null}
      {modal?.kind === 'email' && c.email && !c.doNotContact ? <EmailDraftDialog contact={{ ...c, email: c.email }} onClose={close} /> : null}
      {modal?.kind === 'opt-out' ? <OptOutDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'opt-in' ? <OptInDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'delete' ? <DeleteDialog contact={c} onClose={close} /> : null}
    </article>
  );
}

// ---------------------------------------------------------------------------------------------
// Protocol panel: how this person wants to be followed up, editable in place.

interface ProtocolForm {
  name: string; email: string; phone: string; company: string; title: string; timeZone: string;
  preferredChannel: Channel | ''; reachable: { days: number[]; from: string; to: string }[];
  interests: string; buyingProcess: string; referredBy: string; relationship: Relationship; interest: InterestLevel; canBuy: CanBuy;
  authority: string; notes: string; ownerId: string;
}

const toForm = (c: Contact): ProtocolForm => ({
  name: c.name, email: c.email ?? '', phone: c.phone ?? '', company: c.company ?? '', title: c.title ?? '', timeZone: c.timeZone,
  preferredChannel: c.preferredChannel ?? '', reachable: c.reachable.map((w) => ({ ...w, days: [...w.days] })),
  interests: c.interests.join(', '), buyingProcess: c.buyingProcess ?? '', referredBy: c.referredBy ?? '', relationship: c.relationship, interest: c.interest, canBuy: c.canBuy,
  authority: c.authority ?? '', notes: c.notes ?? '', ownerId: c.ownerId ?? '',
});

const windowsText = (c: Contact): string =>
  c.reachable.length ? c.reachable.map((w) => `${daysText(w.days)} ${w.from}–${w.to}`).join('; ') : 'Not set (weekdays 09:00–17:00 assumed)';

function daysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.join() === '1,2,3,4,5') return 'Mon–Fri';
  if (sorted.length === 7) return 'Every day';
  return sorted.map((d) => DAY_NAMES[d - 1]).join(', ');
}

function ProtocolPanel({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<ProtocolForm>(() => toForm(contact));
  const set = <K extends keyof ProtocolForm>(key: K, value: ProtocolForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: (body: unknown) => api.patch<Contact>(`/contacts/${contact.id}`, body),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['contacts'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
      setEditing(false);
      toast('Protocol saved');
    },
  });
  const errors = FormErrors.from(save.error);
  const start = () => {
    setForm(toForm(contact));
    save.reset();
    setEditing(true);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const orNull = (v: string) => (v.trim() ? v.trim() : null);
    save.mutate({
      name: form.name, email: orNull(form.email), phone: orNull(form.phone), company: orNull(form.company), title: orNull(form.title),
      timeZone: form.timeZone.trim(), preferredChannel: form.preferredChannel || null, reachable: form.reachable,
      interests: splitList(form.interests), buyingProcess: orNull(form.buyingProcess), referredBy: orNull(form.referredBy), relationship: form.relationship,
      interest: form.interest, canBuy: form.canBuy, authority: orNull(form.authority), notes: orNull(form.notes),
      ...(form.ownerId ? { ownerId: form.ownerId } : {}),
    });
  };
  const owner = users.data?.items.find((u) => u.id === contact.ownerId);

  if (!editing) {
    return (
      <section className="panel" aria-labelledby="protocol-title" data-testid="protocol-panel">
        <div className="panel-head">
          <h2 id="protocol-title">Protocol</h2>
          <button type="button" className="button-secondary" onClick={start}>Edit</button>
        </div>
        <dl className="facts">
          <div><dt>Time zone</dt><dd>{contact.timeZone}</dd></div>
          <div><dt>Preferred channel</dt><dd>{contact.preferredChannel ? channelLabel(contact.preferredChannel) : 'Not known yet'}</dd></div>
          <div><dt>Reachable</dt><dd>{windowsText(contact)} <span className="muted">their time</span></dd></div>
          <div><dt>Cares about</dt><dd>{contact.interests.length ? <ul className="chips">{contact.interests.map((t, i) => <li key={i}>{t}</li>)}</ul> : 'Not known yet'}</dd></div>
          <div><dt>How they buy</dt><dd>{contact.buyingProcess ?? 'Not known yet'}</dd></div>
          {contact.referredBy ? <div><dt>Referred by</dt><dd>{contact.referredBy}</dd></div> : null}
          <div><dt>Interest</dt><dd>{label(contact.interest)}</dd></div>
          <div><dt>Can buy</dt><dd>{label(contact.canBuy)}</dd></div>
          <div><dt>Authority</dt><dd>{contact.authority ?? 'Not known yet'}</dd></div>
          <div><dt>Email</dt><dd>{contact.email ?? '—'}</dd></div>
          <div><dt>Phone</dt><dd>{contact.phone ?? '—'}</dd></div>
          <div><dt>Owner</dt><dd>{owner?.name ?? '—'}</dd></div>
          <TimeBudgetFact contact={contact} />
          {contact.notes ? <div className="wide"><dt>Notes</dt><dd className="note">{contact.notes}</dd></div> : null}
        </dl>
        {qualificationWarnings(contact).map((w) => <p key={w.code} className="alert alert-warn" role="note">{w.message}</p>)}
      </section>
    );
  }

  const claimed = ['name', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'reachable', 'interests', 'buyingProcess', 'referredBy', 'relationship', 'interest', 'canBuy', 'authority', 'notes', 'ownerId'];
  return (
    <section className="panel" aria-labelledby="protocol-title" data-testid="protocol-panel">
      <h2 id="protocol-title">Edit protocol</h2>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={claimed} title="Not saved" />
        <Field label="Name" error={errors.field('name')}>{(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} autoFocus />}</Field>
        <div className="row">
          <Field label="Company" error={errors.field('company')}>{(p) => <input {...p} value={form.company} onChange={(e) => set('company', e.target.value)} />}</Field>
          <Field label="Title" error={errors.field('title')}>{(p) => <input {...p} value={form.title} onChange={(e) => set('title', e.target.value)} />}</Field>
        </div>
        <div className="row">
          <Field label="Email" error={errors.field('email')}>{(p) => <input {...p} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} />}</Field>
          <Field label="Phone" error={errors.field('phone')}>{(p) => <input {...p} type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} />}</Field>
        </div>
        <div className="row">
          <Field label="Time zone" error={errors.field('timeZone')}>{(p) => <ZoneInput {...p} value={form.timeZone} onChange={(v) => set('timeZone', v)} />}</Field>
          <Field label="Preferred channel" error={errors.field('preferredChannel')}>
            {(p) => (
              <select {...p} value={form.preferredChannel} onChange={(e) => set('preferredChannel', e.target.value as Channel | '')}>
                <option value="">Not known yet</option>
                {channels.map((ch) => <option key={ch} value={ch}>{channelLabel(ch)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Reachable windows (their time)</legend>
          {form.reachable.length === 0 ? <p className="hint">None set: weekdays 09:00–17:00 are assumed.</p> : null}
          {form.reachable.map((w, i) => (
            <div key={i} className={`window-row${errors.field(`reachable.${i}`) ? ' field-invalid' : ''}`} role="group" aria-label={`Window ${i + 1}`}>
              <div className="days">
                {DAY_NAMES.map((d, di) => (
                  <label key={d} className="day">
                    <input
                      type="checkbox"
                      checked={w.days.includes(di + 1)}
                      onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, days: e.target.checked ? [...x.days, di + 1].sort() : x.days.filter((n) => n !== di + 1) }))}
                    />
                    {d}
                  </label>
                ))}
              </div>
              <label>From <input type="time" value={w.from} onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, from: e.target.value }))} /></label>
              <label>To <input type="time" value={w.to} onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, to: e.target.value }))} /></label>
              <button type="button" className="button-link" onClick={() => set('reachable', form.reachable.filter((_, xi) => xi !== i))}>Remove window {i + 1}</button>
              {errors.field(`reachable.${i}`) ? <div className="field-error" data-testid="field-error">{errors.field(`reachable.${i}`)}</div> : null}
            </div>
          ))}
          {errors.field('reachable') && !form.reachable.some((_, i) => errors.field(`reachable.${i}`)) ? <div className="field-error">{errors.field('reachable')}</div> : null}
          <button type="button" className="button-secondary" onClick={() => set('reachable', [...form.reachable, { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }])}>Add a window</button>
        </fieldset>
        <Field label="What they care about" hint="Separate with commas." error={errors.field('interests')}>
          {(p) => <input {...p} value={form.interests} onChange={(e) => set('interests', e.target.value)} />}
        </Field>
        <Field label="How their company buys" error={errors.field('buyingProcess')}>
          {(p) => <textarea {...p} rows={2} value={form.buyingProcess} onChange={(e) => set('buyingProcess', e.target.value)} />}
        </Field>
        <Field label="Referred by" hint="Who introduced them: the referral playbook thanks them and names them." error={errors.field('referredBy')}>
          {(p) => <input {...p} value={form.referredBy} onChange={(e) => set('referredBy', e.target.value)} />}
        </Field>
        <div className="row">
          <Field label="Relationship" error={errors.field('relationship')}>
            {(p) => <select {...p} value={form.relationship} onChange={(e) => set('relationship', e.target.value as Relationship)}>{relationships.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
          <Field label="Interest" error={errors.field('interest')}>
            {(p) => <select {...p} value={form.interest} onChange={(e) => set('interest', e.target.value as InterestLevel)}>{interestLevels.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
          <Field label="Can buy" error={errors.field('canBuy')}>
            {(p) => <select {...p} value={form.canBuy} onChange={(e) => set('canBuy', e.target.value as CanBuy)}>{canBuyValues.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
        </div>
        <div className="row">
          <Field label="Authority" hint="Who decides, who signs." error={errors.field('authority')}>
            {(p) => <input {...p} value={form.authority} onChange={(e) => set('authority', e.target.value)} />}
          </Field>
          <Field label="Owner" error={errors.field('ownerId')}>
            {(p) => (
              <select {...p} value={form.ownerId} onChange={(e) => set('ownerId', e.target.value)}>
                {form.ownerId ? null : <option value="">—</option>}
                {users.data?.items.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            )}
          </Field>
        </div>
        <Field label="Notes" error={errors.field('notes')}>
          {(p) => <textarea {...p} rows={3} value={form.notes} onChange={(e) => set('notes', e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => setEditing(false)}>Cancel</button>
          <button type="submit" disabled={save.isPending}>Save protocol</button>
        </div>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

const STATUS_TONE: Record<string, 'neutral' | 'danger' | 'warn' | 'ok' | 'info'> = { open: 'info', done: 'ok', missed: 'danger', skipped: 'neutral', cancelled: 'neutral' };

/**
 * Emails the contact a calendar invitation for an agreed call or meeting; later reschedules and a
 * cancellation update their calendar by themselves.
 */
function InviteButton({ followUp, email }: { followUp: FollowUp; email: string }) {
  const toast = useToast();
  const client = useQueryClient();
  const invite = useMutation({
    mutationFn: () => api.post<{ sequence: number }>(`/follow-ups/${followUp.id}/invitation`),
    onSuccess: async (sent) => {
      toast(`${sent.sequence > 0 ? 'Updated invitation' : 'Invitation'} on its way to ${email}`);
      await client.invalidateQueries({ queryKey: ['outbox'] });
    },
    onError: (error) => toast(`Invitation not sent: ${error.message}`),
  });
  return <button type="button" className="button-link" disabled={invite.isPending} onClick={() => invite.mutate()}>Send invitation</button>;
}

function Promises({ contact, onAction }: { contact: Contact; onAction: (modal: Modal) => void }) {
  const me = useMe();
  const list = useQuery({
    queryKey: ['followUps', contact.id],
    queryFn: () => api.get<Page<FollowUp>>(`/follow-ups${query({ contactId: contact.id, limit: 200 })}`),
  });
  const items = [...(list.data?.items ?? [])];
  const open = items.filter((f) => f.status === 'open').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const past = items.filter((f) => f.status !== 'open').sort((a, b) => b.dueAt.localeCompare(a.dueAt)).slice(0, 10);
  const now = Date.now();
  const row = (f: FollowUp) => (
    <li key={f.id} className="promise" data-testid="follow-up">
      <div>
        <strong>{f.allDay ? `${f.dueLocal} (all day)` : `${formatInstant(f.dueAt, f.timeZone)} their time`}</strong>
        {!f.allDay && f.timeZone !== me.user.timeZone ? <span className="muted"> · {formatInstant(f.dueAt, me.user.timeZone)} yours</span> : null}
        <div className="muted">
          {channelLabel(f.channel)} · touch #{f.touchNumber} · {f.promised ? 'promised' : 'not promised'}{f.source !== 'agreement' ? ` · ${f.source}` : ''}
        </div>
        {f.agenda ? <div>{f.agenda}</div> : null}
        {f.statusReason ? <div className="muted">Reason: {f.statusReason}</div> : null}
      </div>
      <div className="badges">
        <Badge tone={isOverdue(f, now, me.user.timeZone) ? 'danger' : STATUS_TONE[f.status] ?? 'neutral'}>{isOverdue(f, now, me.user.timeZone) ? 'overdue' : f.status}</Badge>
      </div>
      {f.status === 'open' ? (
        <div className="row-actions">
          {contact.doNotContact ? null : (
            <>
              <button type="button" className="button-secondary" onClick={() => onAction({ kind: 'log', followUp: f })}>Log outcome</button>
              <button type="button" className="button-link" onClick={() => onAction({ kind: 'reschedule', followUp: f })}>Reschedule</button>
            </>
          )}
          <button type="button" className="button-link" onClick={() => onAction({ kind: 'cancel', followUp: f })}>Cancel</button>
          {!f.allDay && invitableChannels.includes(f.channel) && contact.email && !contact.doNotContact ? <InviteButton followUp={f} email={contact.email} /> : null}
        </div>
      ) : null}
    </li>
  );
  return (
    <section className="panel" aria-labelledby="promises-title" data-testid="promises">
      <h2 id="promises-title">Promises and follow-ups</h2>
      {list.isPending ? <Spinner /> : null}
      {list.isError ? <QueryError error={list.error} what="follow-ups" /> : null}
      {list.data && open.length === 0 ? <p className="muted">No open follow-up. {contact.doNotContact ? '' : 'Agree the next step in your next conversation.'}</p> : null}
      {open.length ? <ul className="plain">{open.map(row)}</ul> : null}
      {past.length ? (
        <details>
          <summary>Earlier ({past.length})</summary>
          <ul className="plain">{past.map(row)}</ul>
        </details>
      ) : null}
    </section>
  );
}

function Enrollments({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const me = useMe();
  const enrollments = useEnrollments(contact.id);
  const playbooks = usePlaybooks();
  const names = new Map((playbooks.data?.available ? playbooks.data.value.items : []).flatMap((p) => [[p.id, playbookLabel(p)], [p.key ?? p.id, playbookLabel(p)]] as [string, string][]));
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'exit' }) => api.post<Enrollment>(`/enrollments/${id}/${action}`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['enrollments'] });
      void client.invalidateQueries({ queryKey: ['followUps'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
    },
  });
  return (
    <section className="panel" aria-labelledby="enrollments-title">
      <h2 id="enrollments-title">Playbooks</h2>
      {enrollments.isPending ? <Spinner /> : null}
      {enrollments.isError ? <QueryError error={enrollments.error} what="enrollments" /> : null}
      {enrollments.data && !enrollments.data.available ? <p className="muted">Playbooks are not available on this server yet.</p> : null}
      {enrollments.data?.available ? (
        enrollments.data.value.items.length === 0 ? <p className="muted">Not enrolled in any playbook.</p> : (
          <ul className="plain" data-testid="enrollments">
            {enrollments.data.value.items.map((e) => (
              <li key={e.id} className="promise">
                <div>
                  <strong>{e.playbookName ?? names.get(e.playbookId ?? '') ?? names.get(e.playbookKey ?? '') ?? e.playbookKey ?? 'Playbook'}</strong>
                  <div className="muted">
                    {label(e.state)}{currentStepText(e.currentStep) ? ` · ${currentStepText(e.currentStep)}` : ''}
                    {typeof e.touches === 'number' ? ` · ${e.touches} touch${e.touches === 1 ? '' : 'es'}` : ''}
                    {e.exitReason ? ` · ${e.exitReason.replace(/-/g, ' ')}` : ''}
                  </div>
                  {e.nextFollowUp ? <div className="muted">Next step due {formatInstant(e.nextFollowUp.dueAt, me.user.timeZone)} your time</div> : null}
                  <EnrollmentStory enrollment={e} />
                </div>
                {e.state === 'active' || e.state === 'paused' ? (
                  <div className="row-actions">
                    {e.state === 'active'
                      ? <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'pause' })}>Pause</button>
                      : contact.doNotContact ? null : <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'resume' })}>Resume</button>}
                    <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'exit' })}>Exit</button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {act.isError ? <p className="field-error" role="alert">{act.error.message}</p> : null}
    </section>
  );
}

function Opportunities({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const list = useQuery({
    queryKey: ['opportunities', 'contact', contact.id],
    queryFn: () => api.get<Page<Opportunity>>(`/opportunities${query({ contactId: contact.id, limit: 50 })}`),
  });
  const create = useMutation({
    mutationFn: () => api.post<Opportunity>('/opportunities', { contactId: contact.id, title: title.trim() }),
    onSuccess: () => {
      setTitle('');
      void client.invalidateQueries({ queryKey: ['opportunities'] });
    },
  });
  const errors = FormErrors.from(create.error);
  const hasOpen = list.data?.items.some((o) => o.status === 'open');
  return (
    <section className="panel" aria-labelledby="opps-title">
      <h2 id="opps-title">Opportunities</h2>
      {list.isPending ? <Spinner /> : null}
      {list.data?.items.length === 0 ? <p className="muted">No opportunity yet.</p> : null}
      {list.data?.items.length ? (
        <ul className="plain">
          {list.data.items.map((o) => (
            <li key={o.id} className="promise">
              <div>
                <strong>{o.title}</strong>
                <div className="muted">
                  {o.touches} touch{o.touches === 1 ? '' : 'es'}{o.closedOnTouch ? ` · closed on touch #${o.closedOnTouch}` : ''}
                  {o.nextFollowUp ? ` · next: ${formatInstant(o.nextFollowUp.dueAt, o.nextFollowUp.timeZone)} their time` : ''}
                </div>
              </div>
              <div className="badges">
                <Badge tone={o.status === 'won' ? 'ok' : o.status === 'lost' ? 'danger' : 'info'}>{o.status}</Badge>
                {o.stalled ? <Badge tone="warn">Stalled: no next step</Badge> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {list.data && !hasOpen && !contact.doNotContact ? (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }} noValidate>
          <Field label="Open an opportunity" error={errors.field('title', 'contactId') ?? (errors.detail && !errors.errors.length ? errors.detail : undefined)}>
            {(p) => <input {...p} value={title} placeholder="e.g. Team licence for 20 seats" onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <button type="submit" className="button-secondary" disabled={create.isPending}>Open</button>
        </form>
      ) : null}
    </section>
  );
}

function Timeline({ contact }: { contact: Contact }) {
  const me = useMe();
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', contact.id],
    queryFn: ({ pageParam }) => api.get<Page<Interaction>>(`/contacts/${contact.id}/timeline${query({ limit: 30, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {timeline.isPending ? <Spinner /> : null}
      {timeline.isError ? <QueryError error={timeline.error} what="the timeline" /> : null}
      {timeline.data && items.length === 0 ? <p className="muted">Nothing logged yet. Log your first touch to start the story.</p> : null}
      <ol className="timeline" data-testid="timeline">
        {items.map((i) => (
          <li key={i.id}>
            <div className="timeline-head">
              <strong>{channelLabel(i.channel)}</strong>
              {i.result ? <span> · {i.result.replace(/-/g, ' ')}</span> : null}
              {i.direction === 'in' ? <span> · inbound</span> : null}
              {i.outcome ? <Badge tone={i.outcome === 'no' ? 'danger' : i.outcome === 'yes' ? 'ok' : 'info'}>{i.outcome.replace(/-/g, ' ')}</Badge> : null}
              <span className="muted"> · touch #{i.touchNumber} · {formatInstant(i.occurredAt, me.user.timeZone)}{i.minutes ? ` · ${i.minutes} min` : ''}</span>
            </div>
            {i.notes ? <p className="note">{i.notes}</p> : null}
            {i.changed ? <p className="note"><span className="muted">What changed: </span>{i.changed}</p> : null}
          </li>
        ))}
      </ol>
      {timeline.hasNextPage ? (
        <button type="button" className="button-secondary" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>Show older</button>
      ) : null}
    </section>
  );
}

interface ConsentRecord { id: string; kind: string; detail: string; createdAt: string }

function Consent({ contactId }: { contactId: string }) {
  const me = useMe();
  const records = useQuery({ queryKey: ['contact', contactId, 'consent'], queryFn: () => api.get<Page<ConsentRecord>>(`/contacts/${contactId}/consent`) });
  if (!records.data?.items.length) return <p className="muted">No opt-out or opt-in recorded.</p>;
  return (
    <ul className="plain">
      {records.data.items.map((r) => (
        <li key={r.id}><strong>{label(r.kind)}</strong> · {formatInstant(r.createdAt, me.user.timeZone)}: {r.detail}</li>
      ))}
    </ul>
  );
}

function OptOutDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => api.post<Contact>(`/contacts/${contact.id}/opt-out`, { reason: reason.trim() }),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      for (const key of ['contacts', 'agenda', 'followUps', 'enrollments', 'opportunities']) void client.invalidateQueries({ queryKey: [key] });
      void client.invalidateQueries({ queryKey: ['contact', contact.id, 'consent'] });
      toast(`${contact.name} is now do-not-contact`);
      onClose();
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = reason.trim() ? {} : { reason: 'Say why (their words if you have them).' };
    setLocal(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate();
  };
  return (
    <Dialog title={`Opt out ${contact.name}`} onClose={onClose} testId="consent-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <p>They will be marked do-not-contact: open follow-ups are cancelled, playbooks stop and new outbound touches are refused.</p>
        <ErrorSummary errors={errors} claimed={['reason']} title="Not saved" />
        <Field label="Reason" error={errors.field('reason')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />}
        </Field>
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" className="button-danger" disabled={save.isPending}>Opt out</button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState('');
  const remove = useMutation({
    mutationFn: () => api.delete(`/contacts/${contact.id}`),
    onSuccess: () => {
      client.removeQueries({ queryKey: ['contact', contact.id] });
      for (const key of ['contacts', 'agenda', 'followUps', 'opportunities']) void client.invalidateQueries({ queryKey: [key] });
      toast(`${contact.name} and everything about them was deleted`);
      onClose();
      navigate('/contacts');
    },
  });
  return (
    <Dialog title={`Delete ${contact.name}?`} onClose={onClose} testId="delete-dialog">
      <form onSubmit={(e) => { e.preventDefault(); if (confirm.trim() === 'DELETE') remove.mutate(); }} noValidate className="stack">
        <p>This erases the contact, their timeline, follow-ups, opportunities and consent record. It cannot be undone.</p>
        <Field label='Type DELETE to confirm' error={remove.isError ? remove.error.message : undefined}>
          {(p) => <input {...p} value={confirm} onChange={(e) => setConfirm(e.target.value)} data-autofocus autoComplete="off" />}
        </Field>
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Keep</button>
          <button type="submit" className="button-danger" disabled={confirm.trim() !== 'DELETE' || remove.isPending}>Delete for good</button>
        </div>
      </form>
    </Dialog>
  );
}
