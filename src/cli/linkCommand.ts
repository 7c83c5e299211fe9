import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { spokenInstant } from '../core/spokenTime.js';
import type { Contact } from '../core/types.js';
import { bookingLinkRequestSchema, type BookingLinkView } from '../shared/booking.js';
import { bookingInvitationEmail, channelChoice, nextOpenFollowUp } from '../shared/bookingInvitation.js';
import { createBookingLink } from '../services/bookingLinks.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { sendDirectEmail } from '../services/directEmail.js';
import { listFollowUps } from '../services/followUps.js';
import { findContact } from './findContact.js';
import { describeError, printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

interface LinkOptions { agenda?: string; minutes?: string; channels?: string; days?: string; email?: boolean; json?: boolean }

/** What happened to the email that carries the link, when --email asked for one. */
type Emailed = { status: 'queued'; to: string; subject: string } | { status: 'not-sent'; reason: string; subject: string; body: string };

interface Made { link: BookingLinkView; contact: Contact; userZone: string; email: Emailed | null }

const FIRST_TIMES = 5;

async function emailLink(deps: ServiceDeps, actor: Actor, contact: Contact, link: BookingLinkView): Promise<Emailed> {
  const { subject, body } = bookingInvitationEmail({
    contactName: contact.name, interests: contact.interests, agenda: link.agenda, channels: link.channels,
    durationMinutes: link.durationMinutes, url: link.url ?? '', senderName: actor.user.name,
  });
  try {
    const queued = await sendDirectEmail(deps, actor, contact.id, { draftId: randomUUID(), subject, body }, loadConfig().smtpUrl !== undefined);
    return { status: 'queued', to: queued.to, subject };
  } catch (error) {
    // The link exists and is shown once: say why the email did not go, and give its text to send by hand.
    return { status: 'not-sent', reason: describeError(error), subject, body };
  }
}

/** The link, when it closes, and the first times offered, in the contact's zone and in words. */
export function describeLink({ link, contact, userZone, email }: Made): string {
  const lines = [
    `Booking link for ${contact.name} (shown once: only its hash is kept):`,
    link.url ?? '',
    `Open until ${spokenInstant(Date.parse(link.expiresAt), userZone)} your time.`,
    `They choose ${channelChoice(link.channels)}, ${link.durationMinutes} minutes, over the next ${link.days} days.`,
  ];
  if (link.agenda) lines.push(`Agenda: ${link.agenda}`);
  if (link.slots.length === 0) {
    lines.push(`No time is free in those days inside your working hours and their reachable hours: try more --days.`);
  } else {
    lines.push(`First times offered, their time (${contact.timeZone}):`);
    for (const slot of link.slots.slice(0, FIRST_TIMES)) lines.push(`  ${spokenInstant(Date.parse(slot.start), contact.timeZone)}`);
    if (link.slots.length > FIRST_TIMES) lines.push(`  … and ${link.slots.length - FIRST_TIMES} more`);
  }
  if (email?.status === 'queued') lines.push(`Emailed to ${email.to} ("${email.subject}"): queued in the outbox, sent through your mailbox by the worker.`);
  if (email?.status === 'not-sent') lines.push(`Not emailed: ${email.reason}`, 'Send it yourself:', '', `Subject: ${email.subject}`, '', email.body);
  return `${lines.join('\n')}\n`;
}

export function registerLinkCommand(program: Command, globals: () => GlobalOptions): void {
  program.command('link').description('make a booking link: the contact opens it and chooses the day, the time and the channel themselves')
    .argument('<contact>', 'contact id, email or name')
    .option('--agenda <text>', 'what the call or meeting is about (default: the agenda of their next open follow-up)')
    .option('--minutes <n>', 'how long it takes, in minutes (default 30)')
    .option('--channels <list>', 'what they may choose, comma-separated: call,video,meeting,coffee (default: their preferred one, call and video)')
    .option('--days <n>', 'how many days ahead they may choose (default 10)')
    .option('--email', 'email them the link through your mailbox (queued in the outbox; the worker sends it)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nThe link replaces their next open follow-up: once they book, that one is done and the time they chose is the agreed follow-up.\nExample: followthrough link "Ana Souza" --channels call,video --minutes 30 --email')
    .action(async (reference: string, o: LinkOptions) => {
      const made = await withActor(globals(), async (deps, actor): Promise<Made> => {
        const contact = await findContact(deps, actor, reference);
        const next = nextOpenFollowUp((await listFollowUps(deps, actor, { contactId: contact.id, status: 'open', limit: 500 })).items);
        const input = bookingLinkRequestSchema.parse({
          contactId: contact.id, followUpId: next?.id, agenda: o.agenda,
          channels: o.channels?.split(',').map((c) => c.trim()).filter(Boolean),
          durationMinutes: o.minutes === undefined ? undefined : Number(o.minutes),
          days: o.days === undefined ? undefined : Number(o.days),
        });
        const link = await createBookingLink(deps, actor, input);
        return { link, contact, userZone: actor.user.timeZone, email: o.email ? await emailLink(deps, actor, contact, link) : null };
      });
      if (o.json) printJson({ ...made.link, email: made.email });
      else process.stdout.write(describeLink(made));
      // The link stands either way; a script that asked for the email learns it did not go.
      if (made.email?.status === 'not-sent') process.exitCode = 2;
    });
}
