import { describe, expect, it } from 'vitest';
import { slackEscape, slackMessageOf, wallTimeInWords } from './slackMessage.js';

describe('Slack messages', () => {
  it('escapes what Slack reads as markup and keeps typed text to one line', () => {
    expect(slackEscape('  Ana <@here> & co\nline two ')).toBe('Ana &lt;@here&gt; &amp; co line two');
  });

  it('says a late promise in the salesperson\'s words', () => {
    expect(slackMessageOf('follow-up.late', { contact: { name: 'Ana Souza' }, dueInWords: 'Mon 7 Dec 10:00 (Europe/Berlin)' }))
      .toEqual({ text: 'Promise to *Ana Souza* for Mon 7 Dec 10:00 (Europe/Berlin) is late' });
  });

  it('lists the morning digest, overdue first', () => {
    const message = slackMessageOf('digest.ready', {
      title: 'Your day, Monday 7 December: 1 overdue, 1 follow-up',
      items: [
        { when: '10:00', contact: 'Bo Berg', company: 'Acme', channel: 'call', agenda: null, promised: false, overdue: false },
        { when: 'due Fri 4 Dec 09:00', contact: 'Ana Souza', company: null, channel: 'email', agenda: 'the quote', promised: true, overdue: true },
      ],
    });
    expect(message.text).toBe([
      '*Your day, Monday 7 December: 1 overdue, 1 follow-up*', '',
      '*Overdue, keep these first:*', '• due Fri 4 Dec 09:00: email *Ana Souza* about the quote — _promised_', '',
      '*Today:*', '• 10:00: call *Bo Berg (Acme)*',
    ].join('\n'));
    expect(message.blocks).toHaveLength(3);
  });

  it('names the event and the contact for the other events', () => {
    expect(slackMessageOf('booking.created', { contact: { name: 'Ana Souza' } })).toEqual({ text: 'A contact booked a time through a link: *Ana Souza*' });
  });

  it('reads a wall time as a salesperson would', () => {
    expect(wallTimeInWords('2026-12-07T10:00')).toBe('Mon 7 Dec 10:00');
    expect(wallTimeInWords('2026-12-07')).toBe('Mon 7 Dec');
  });
});
