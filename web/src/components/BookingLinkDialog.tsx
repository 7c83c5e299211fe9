import { useState } from 'react';
import { bookingInvitationEmail } from '../../../src/shared/bookingInvitation.js';
import { firstName } from '../../../src/shared/names.js';
import type { BookingLink } from '../api.js';
import { useMe } from '../session.js';
import { BookingLinkForm } from './BookingLinkForm.js';
import { BookingLinkMade } from './BookingLinkMade.js';
import { EmailDraftDialog } from './EmailDraft.js';
import { Dialog } from './ui.js';
import './BookingLinkDialog.css';

/** Whom the link is for, and the follow-up it replaces (done once they book) with its series. */
export interface BookingLinkTarget {
  contact: { id: string; name: string; email: string | null; timeZone: string; preferredChannel: string | null; interests: readonly string[] };
  followUp: { id: string; agenda: string | null; enrollmentId: string | null } | null;
}

/**
 * "Send booking link", on the contact page and on Today: the contact opens the link and chooses the
 * day, the time and how to meet themselves. The link is shown once, to copy or to email; the email
 * opens in the usual draft (coach included) on top, so the link stays in view behind it.
 */
export function BookingLinkDialog({ target, onClose }: { target: BookingLinkTarget; onClose: () => void }) {
  const me = useMe();
  const [made, setMade] = useState<BookingLink | null>(null);
  const [emailing, setEmailing] = useState(false);
  const { contact } = target;
  const first = firstName(contact.name);
  const email = contact.email;
  return (
    <>
      <Dialog title={made ? `Booking link for ${first}` : `Send ${first} a booking link`} onClose={onClose} wide testId="booking-link-dialog">
        {made ? (
          <BookingLinkMade link={made} contact={contact} onEmail={email ? () => setEmailing(true) : null} onClose={onClose} />
        ) : (
          <BookingLinkForm target={target} onMade={setMade} onCancel={onClose} />
        )}
      </Dialog>
      {made && email && emailing ? (
        <EmailDraftDialog
          contact={{ id: contact.id, name: contact.name, email }}
          initial={bookingInvitationEmail({
            contactName: contact.name, interests: contact.interests, agenda: made.agenda, channels: made.channels,
            durationMinutes: made.durationMinutes, url: made.url ?? '', senderName: me.user.name,
          })}
          onClose={() => setEmailing(false)}
          onSent={onClose}
        />
      ) : null}
    </>
  );
}
