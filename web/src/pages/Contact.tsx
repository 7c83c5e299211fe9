import { useState } from 'react';
import { nextOpenFollowUp } from '../../../src/shared/bookingInvitation.js';
import { isApiError, type FollowUp } from '../api.js';
import { BookingLinkDialog } from '../components/BookingLinkDialog.js';
import { EmailDraftDialog } from '../components/EmailDraft.js';
import { EnrolDialog } from '../components/EnrolDialog.js';
import { CancelDialog, RescheduleDialog, ScheduleDialog } from '../components/FollowUpDialogs.js';
import { LogDialog } from '../components/LogDialog.js';
import { NewsletterConsent } from '../components/NewsletterConsent.js';
import { OptInDialog } from '../components/OptInDialog.js';
import { Badge, label, QueryError, Spinner } from '../components/ui.js';
import { useContact, useMe } from '../session.js';
import { cityOf, formatInstant } from '../time.js';
import { BookingLinks } from './contact/BookingLinks.js';
import { Consent } from './contact/Consent.js';
import { DeleteDialog } from './contact/DeleteDialog.js';
import { Enrollments } from './contact/Enrollments.js';
import { Opportunities } from './contact/Opportunities.js';
import { OptOutDialog } from './contact/OptOutDialog.js';
import { Promises } from './contact/Promises.js';
import { ProtocolPanel } from './contact/ProtocolPanel.js';
import { Timeline } from './contact/Timeline.js';
import { CustomFieldValuesPanel } from '../customFields/CustomFieldValues.js';
import { ContactTags } from '../contacts/TagChips.js';
import { useContactFollowUps } from './contact/useFollowUps.js';

/** The dialog the contact page has open, if any. */
export type ContactModal =
  | { kind: 'log'; followUp?: FollowUp; inbound?: boolean }
  | { kind: 'schedule' | 'enrol' | 'email' | 'booking-link' | 'opt-out' | 'opt-in' | 'delete' }
  | { kind: 'reschedule' | 'cancel'; followUp: FollowUp }
  | null;

export function ContactPage({ id }: { id: string }) {
  const me = useMe();
  const contact = useContact(id);
  const followUps = useContactFollowUps(id);
  const [modal, setModal] = useState<ContactModal>(null);
  const close = () => setModal(null);

  if (contact.isPending) return <Spinner label="Loading contact…" />;
  if (contact.isError) {
    if (isApiError(contact.error) && contact.error.status === 404) {
      return <section><h1>Contact not found</h1><p>It may have been deleted. <a href="#/contacts">Back to contacts</a>.</p></section>;
    }
    return <QueryError error={contact.error} what="the contact" />;
  }
  const c = contact.data;
  const next = nextOpenFollowUp(followUps.data?.items ?? []);
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
          <ContactTags contactId={c.id} tags={c.tags ?? []} />
        </div>
        {/* After a "no", nothing here reaches out to them: the only way on is their consent (the banner below). */}
        {c.doNotContact ? null : (
          <div className="head-actions">
            <button type="button" onClick={() => setModal({ kind: 'log' })}>Log outcome</button>
            {c.email ? <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'email' })}>Email</button> : null}
            {c.phone ? <a className="button-secondary" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>Call</a> : null}
            <button type="button" className="button-secondary" onClick={() => setModal({ kind: 'booking-link' })}>Send booking link</button>
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
          <BookingLinks contact={c} />
          <Enrollments contact={c} />
          <CustomFieldValuesPanel entity="contact" recordId={c.id} values={c.customFields} />
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
          {me.permissions.eraseContacts ? <button type="button" className="button-danger" onClick={() => setModal({ kind: 'delete' })}>Delete contact…</button> : null}
        </div>
      </section>

      {modal?.kind === 'log' ? <LogDialog target={{ contact: c, followUp: modal.inbound ? null : modal.followUp, inbound: modal.inbound }} onClose={close} /> : null}
      {modal?.kind === 'schedule' ? <ScheduleDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'enrol' ? <EnrolDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'reschedule' ? <RescheduleDialog followUp={modal.followUp} contactName={c.name} contactZone={c.timeZone} onClose={close} /> : null}
      {modal?.kind === 'cancel' ? <CancelDialog followUp={modal.followUp} contactName={c.name} onClose={close} /> : null}
      {modal?.kind === 'email' && c.email && !c.doNotContact ? <EmailDraftDialog contact={{ ...c, email: c.email }} onClose={close} /> : null}
      {modal?.kind === 'booking-link' && !c.doNotContact ? <BookingLinkDialog target={{ contact: c, followUp: next }} onClose={close} /> : null}
      {modal?.kind === 'opt-out' ? <OptOutDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'opt-in' ? <OptInDialog contact={c} onClose={close} /> : null}
      {modal?.kind === 'delete' && me.permissions.eraseContacts ? <DeleteDialog contact={c} onClose={close} /> : null}
    </article>
  );
}
