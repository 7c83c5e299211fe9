import { describe, expect, it } from 'vitest';
import { bookingInvitationEmail, channelChoice } from '../../shared/bookingInvitation.js';
import { coach } from '../playbooks/coach.js';

const base = { contactName: 'Ana Souza', url: 'https://crm.example/book/abc', senderName: 'Olivia Owner', durationMinutes: 30, channels: ['call', 'video'] as const };

/** The booking-link email reads as the salesperson wrote it: the coach flags nothing, whatever is known about the contact. */
describe('the booking-link email', () => {
  const cases = [
    { name: 'an agenda and an interest it names', interests: ['logistics'], agenda: 'the logistics pilot' },
    { name: 'an agenda and an interest it does not name', interests: ['warehouse robots'], agenda: 'the pricing for 40 seats' },
    { name: 'an interest and no agenda', interests: ['warehouse robots'], agenda: null },
    { name: 'nothing known', interests: [], agenda: null },
  ];
  it.each(cases)('gives the coach nothing to flag with $name', ({ interests, agenda }) => {
    const { subject, body } = bookingInvitationEmail({ ...base, interests, agenda });
    expect(subject).toBe('Choose a time that suits you');
    expect(body).toMatch(/^Hi Ana,\n\n/);
    expect(body).toContain('\n\nhttps://crm.example/book/abc\n\n');
    expect(body).toMatch(/Best,\nOlivia$/);
    // The web app's draft coaches against the contact alone; the CLI's text against the agenda too.
    expect(coach(`${subject}\n\n${body}`, { interests, firstName: 'Ana' }).findings).toEqual([]);
    expect(coach(body, { interests, agenda, firstName: 'Ana' }).findings).toEqual([]);
  });

  it('says the channels and the length in words', () => {
    expect(channelChoice(['call'])).toBe('a call');
    expect(channelChoice(['call', 'video', 'meeting'])).toBe('a call, a video call or a meeting');
    const coffee = bookingInvitationEmail({ ...base, interests: [], agenda: 'the pilot.', channels: ['coffee'], durationMinutes: 60 }).body;
    expect(coffee).toContain('choose a time that suits you: the day and the time for a coffee (an hour).');
    expect(coffee).toContain('\n\nOn the agenda: the pilot.\n\n');
    expect(bookingInvitationEmail({ ...base, interests: [], agenda: 'the pilot' }).body)
      .toContain('whether you would rather have a call or a video call (30 minutes).');
  });
});
