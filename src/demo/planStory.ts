/** One contact's whole story, by its arc: how it began, the conversations, and where it stands now. */
import { Temporal } from 'temporal-polyfill';
import type { ContactFields } from '../core/contacts.js';
import type { Channel } from '../core/types.js';
import { agendaText, conversations, resultOf } from './conversations.js';
import { DAY, HOUR, MINUTE, type Frame } from './frame.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';
import { fill, FIRST_NOTES } from './scripts.js';
import { chainEndingAt, slotOnOrBefore, slotToday, slotUpcoming, slotOverdue, zonedAt, type Slot } from './slots.js';
import { log, qualificationFor, schedule, update, type Arc, type Planner, type Story } from './story.js';

export function planStory(rng: Rng, p: Person, arc: Arc, f: Frame): Story {
  const pl: Planner = { rng, p, f, steps: [], clock: 0 };
  const lastBefore = (daysMin: number, daysMax: number) => slotOnOrBefore(rng, p, f.now - rng.int(daysMin * 24, daysMax * 24) * HOUR);
  let firstAt: number;

  switch (arc) {
    case 'today': case 'overdue': case 'upcoming': {
      const due = arc === 'today' ? slotToday(rng, p, f) : arc === 'overdue' ? slotOverdue(rng, p, f) : slotUpcoming(rng, p, f, 1, 21);
      const dueMs = 'date' in due ? f.todayStart : due.ms;
      const last = slotOnOrBefore(rng, p, Math.min(dueMs - rng.int(2, 14) * DAY, f.now - 2 * HOUR));
      const slots = chainEndingAt(rng, p, f, last, rng.weighted([[1, 15], [2, 25], [3, 25], [4, 15], [5, 10], [6, 6], [7, 4]]));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'next-step', due });
      break;
    }
    case 'won': {
      const slots = chainEndingAt(rng, p, f, lastBefore(2, 60), rng.int(3, 8));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'yes' });
      const wonAt = pl.clock;
      const wonDay = zonedAt(wonAt, p.zone).toPlainDate().toString();
      update(pl, { relationship: 'customer', customerSince: wonDay }, wonAt + rng.int(10, 90) * MINUTE);
      if (f.now - wonAt < 40 * DAY && rng.chance(0.6)) {
        schedule(pl, rng.chance(0.4)
          ? { due: { date: slotUpcoming(rng, p, f, 2, 14).local.slice(0, 10) }, channel: rng.pick<Channel>(['gift', 'letter']), kind: 'thank-you', promised: false, agenda: fill('handwritten thank-you card to {first} and the {dept} team', p.words) }
          : { due: { local: slotUpcoming(rng, p, f, 1, 14).local }, channel: p.preferred, kind: 'service', promised: false, agenda: 'first 30 days: adoption, open questions, who else should be trained' });
      }
      break;
    }
    case 'lost': {
      const slots = chainEndingAt(rng, p, f, lastBefore(1, 90), rng.int(1, 4));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, { type: 'no' });
      break;
    }
    case 'stalled': {
      const slots = chainEndingAt(rng, p, f, lastBefore(8, 45), rng.int(2, 5));
      if (slots.length < 2) slots.unshift(slotOnOrBefore(rng, p, (slots[0] as Slot).ms - 5 * DAY));
      firstAt = (slots[0] as Slot).ms;
      conversations(pl, slots, rng.chance(0.3) ? { type: 'missed-call' } : { type: 'no-agreement' });
      break;
    }
    case 'hard-to-reach': {
      // Met once, agreed a call, then the voicemail series (seed 002): retry in 15 minutes, then every
      // couple of days with an email of suggested times. The next retry is open.
      const due = rng.chance(0.4) ? slotToday(rng, p, f) : slotUpcoming(rng, p, f, 1, 4);
      const dueMs = 'date' in due ? f.todayStart : due.ms;
      const attempts: Slot[] = [slotOnOrBefore(rng, p, Math.min(dueMs - rng.int(1, 2) * DAY, f.now - 2 * HOUR))];
      for (let k = rng.int(1, 4); attempts.length < k;) attempts.unshift(slotOnOrBefore(rng, p, (attempts[0] as Slot).ms - rng.int(2, 3) * DAY));
      const first = attempts[0] as Slot;
      const met = slotOnOrBefore(rng, p, first.ms - rng.int(4, 10) * DAY);
      firstAt = met.ms;
      const topic = agendaText(pl, 'next-step', 1);
      const channel: Channel = p.near ? rng.pick<Channel>(['meeting', 'coffee', 'video']) : 'video';
      log(pl, {
        at: met.ms, channel, result: resultOf(channel), direction: 'out', fulfils: false, changed: null,
        notes: fill(rng.pick(channel === 'video' ? FIRST_NOTES.remote : FIRST_NOTES.inPerson), p.words),
        outcome: { type: 'next-step', next: { due: { local: first.local }, channel: 'call', kind: 'next-step', agenda: topic } },
      });
      let voicemails = 0;
      const retryTo = (dueAt: Slot | { date: string }) => schedule(pl, {
        due: 'date' in dueAt ? { date: dueAt.date } : { local: dueAt.local }, channel: 'call', kind: 'hard-to-reach', promised: false, agenda: `call back: ${topic}`,
      });
      attempts.forEach((attempt, k) => {
        const at = attempt.ms + rng.int(0, 3) * MINUTE;
        voicemails++;
        log(pl, {
          at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
          notes: k === 0
            ? `Agreed call at ${attempt.local.slice(11)}; no answer. Voicemail: "Sorry to miss you — I'll try again in 15 minutes."`
            : `Voicemail ${voicemails}. Kept it short and pointed ${p.first} to the email with times.`,
        });
        let lastAt = at;
        if (k === 0) {
          const retry = at + 15 * MINUTE;
          retryTo({ ms: retry, local: zonedAt(retry, p.zone).toPlainDateTime().toString({ smallestUnit: 'minute' }) });
          voicemails++;
          log(pl, {
            at: retry, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
            notes: 'Second voicemail. Said I\'d call again in a couple of days and email some times.',
          });
          lastAt = retry;
        }
        if (k === 0 || k % 2 === 1) {
          lastAt += 5 * MINUTE;
          log(pl, {
            at: lastAt, channel: 'email', result: null, direction: 'out', fulfils: false, changed: null,
            notes: fill(`Emailed {first} three times that suit their calendar for ${topic}.`, p.words),
          });
        }
        retryTo(attempts[k + 1] ?? due);
      });
      break;
    }
    case 'new': {
      // Just arrived: no conversation yet, often a first call on the list (not a promise: nobody agreed it).
      firstAt = f.now - rng.int(30, 6 * 24 * 60) * MINUTE;
      pl.clock = firstAt + rng.int(2, 20) * MINUTE;
      const source = fill(rng.pick(['downloaded the {interest} checklist', 'asked for a demo on the website', 'referred by {introName}', 'met briefly at {event}']), p.words, false);
      if (rng.chance(0.6)) {
        const today = rng.chance(0.25) ? slotToday(rng, p, f) : null;
        const due = today && ('date' in today || today.ms > firstAt + HOUR) ? today : slotUpcoming(rng, p, f, 1, 7);
        schedule(pl, { due: 'date' in due ? { date: due.date } : { local: due.local }, channel: p.preferred === 'email' ? 'email' : 'call', kind: 'next-step', promised: false, agenda: `first call: ${source}` });
      }
      const fields = { ...p.fields, ...qualificationFor(rng, arc, p.relationship), notes: `New lead: ${source}.` };
      return { person: p, fields, createdAt: firstAt, steps: pl.steps };
    }
  }

  const qualification = qualificationFor(rng, arc, p.relationship);
  let createdAt = firstAt - rng.int(1, 14 * 24) * HOUR;
  const fields: ContactFields & { name: string } = { ...p.fields, ...qualification };
  if (p.relationship === 'customer') {
    const since = Temporal.PlainDate.from(f.today).subtract({ days: rng.int(200, 1500) });
    fields.customerSince = since.toString();
    createdAt = since.toZonedDateTime(p.zone).epochMilliseconds + 10 * HOUR;
  }
  return { person: p, fields, createdAt: Math.min(createdAt, firstAt - MINUTE), steps: pl.steps };
}
