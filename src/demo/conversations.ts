/**
 * Conversations of a story: each keeps the previous one's agreement and agrees the next, in words
 * that fit the contact's relationship and how far along they are.
 */
import { formatInstant } from '../core/time.js';
import type { FollowUpRequest } from '../core/followUps.js';
import type { Channel, Direction, FollowUpKind, InteractionResult } from '../core/types.js';
import { HOUR, MINUTE } from './frame.js';
import {
  CHANGED, CUSTOMER_AGENDA, CUSTOMER_EMAIL_NOTES, CUSTOMER_NOTES, fill, FIRST_NOTES, NO_REASONS, PARTNER_AGENDA, PARTNER_EMAIL_NOTES,
  PARTNER_NOTES, PROGRESS, PROGRESS_FOR, PROSPECT_AGENDA, PROSPECT_EMAIL_NOTES, PROSPECT_NOTES, REFERRAL_AGENDA, REFERRAL_EMAIL_NOTES,
  REFERRAL_NOTES, STALL_REASONS,
} from './scripts.js';
import { slotOnOrAfter, type Slot } from './slots.js';
import { log, schedule, type LogStep, type Planner } from './story.js';

/** How a conversation on that channel is recorded. */
export function resultOf(channel: Channel): InteractionResult {
  return channel === 'call' ? 'connected' : channel === 'email' ? 'replied' : 'held';
}

export function nextChannel(pl: Planner): Channel {
  const { rng, p } = pl;
  if (rng.chance(0.7)) return p.preferred;
  return p.near ? rng.pick<Channel>(['meeting', 'video', 'call', 'coffee']) : rng.pick<Channel>(['video', 'call', 'email']);
}

export function kindFor(pl: Planner): FollowUpKind {
  switch (pl.p.relationship) {
    case 'customer': return pl.rng.weighted<FollowUpKind>([['service', 65], ['upgrade', 35]]);
    case 'referral-source': return 'referral';
    default: return 'next-step';
  }
}

export function agendaText(pl: Planner, kind: FollowUpKind, stage: number): string {
  const { rng, p } = pl;
  const list = kind === 'service' || kind === 'upgrade' ? CUSTOMER_AGENDA[kind]
    : kind === 'referral' ? REFERRAL_AGENDA
      : p.relationship === 'partner' ? PARTNER_AGENDA
        : PROSPECT_AGENDA[Math.min(stage, PROSPECT_AGENDA.length - 1)] ?? PROSPECT_AGENDA[0] ?? [];
  return fill(rng.pick(list), p.words, false);
}


export function conversationNotes(pl: Planner, stage: number, channel: Channel, direction: Direction): string {
  const { rng, p } = pl;
  const email = channel === 'email';
  let list: readonly string[];
  if (p.relationship === 'customer') list = email ? CUSTOMER_EMAIL_NOTES : CUSTOMER_NOTES;
  else if (p.relationship === 'referral-source') list = email ? REFERRAL_EMAIL_NOTES : REFERRAL_NOTES;
  else if (p.relationship === 'partner') list = email ? PARTNER_EMAIL_NOTES : PARTNER_NOTES;
  else if (stage === 0 && direction === 'in') list = channel === 'email' ? FIRST_NOTES.inbound.email : FIRST_NOTES.inbound.call;
  else if (stage === 0 && (channel === 'meeting' || channel === 'coffee')) list = FIRST_NOTES.inPerson;
  else {
    const stages = email ? PROSPECT_EMAIL_NOTES : PROSPECT_NOTES;
    list = stages[Math.min(stage, stages.length - 1)] ?? [];
  }
  return fill(rng.pick(list), p.words);
}

export function nextStep(pl: Planner, due: Slot | { date: string }, channel: Channel, stage: number, kind = kindFor(pl)): FollowUpRequest {
  const { rng, p } = pl;
  const linked = p.interests.map((i) => PROGRESS_FOR[i]).filter((x): x is string => x !== undefined);
  const generic = p.relationship === 'prospect' ? fill(rng.pick(PROGRESS), p.words, false) : null;
  const progress = !rng.chance(0.5) ? null : linked.length && rng.chance(0.7) ? rng.pick(linked) : generic;
  return {
    due: 'date' in due ? { date: due.date } : { local: due.local },
    channel,
    kind,
    agenda: agendaText(pl, kind, stage),
    progress,
  };
}

export type Ending =
  | { type: 'next-step'; due: Slot | { date: string } }
  | { type: 'yes' }
  | { type: 'no' }
  | { type: 'no-agreement' }
  | { type: 'missed-call' };

/**
 * Conversations at the given slots: each keeps the previous one's agreement (sometimes late,
 * sometimes by another channel, sometimes after a voicemail and a retry) and agrees the next.
 */
export function conversations(pl: Planner, slots: readonly Slot[], ending: Ending): void {
  const { rng, p, f } = pl;
  let agreed: Channel | null = null;
  slots.forEach((slot, j) => {
    const last = j === slots.length - 1;
    const following = slots[j + 1];
    let channel: Channel = agreed ?? (p.relationship === 'referral-source' && p.near ? 'coffee' : nextChannel(pl));
    let direction: Direction = 'out';
    let at = slot.ms + (channel === 'meeting' || channel === 'coffee' ? 0 : rng.int(0, 6) * MINUTE);
    let prefix = '';
    if (j === 0 && p.relationship === 'prospect' && rng.chance(0.3)) {
      channel = rng.pick<Channel>(['email', 'call']);
      direction = 'in';
    }
    // A late touch: the agreement was kept on the next reachable day, not the promised one.
    const late = j > 0 && !last && following && rng.chance(0.07) ? slotOnOrAfter(rng, p, slot.ms + 20 * HOUR) : null;
    if (late && following && late.ms < Math.min(following.ms - HOUR, f.now - HOUR)) {
      at = late.ms;
      prefix = 'A day late — my fault. ';
    } else if (j > 0 && (channel === 'meeting' || channel === 'coffee') && rng.chance(0.08)) {
      channel = 'video';
      prefix = 'Moved to video on the day (their office was closed). ';
    }
    if (last && ending.type === 'missed-call') {
      log(pl, {
        at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: j > 0, changed: null,
        notes: `Agreed call at ${slot.local.slice(11)}; no answer. Left a voicemail with the agenda. Need to book the retry.`,
      });
      return;
    }
    // The agreed call went to voicemail; retry in 15 minutes (seed 002).
    if (j > 0 && channel === 'call' && rng.chance(0.12) && at + 2 * HOUR < f.now && (!following || at + 2 * HOUR < following.ms)) {
      log(pl, {
        at, channel: 'call', result: 'voicemail', direction: 'out', fulfils: true, changed: null,
        notes: `No answer at ${slot.local.slice(11)}. Voicemail: "Sorry to miss you — meetings run over; I'll call again in 15 minutes."`,
      });
      const retry = at + 15 * MINUTE;
      schedule(pl, { due: { at: formatInstant(retry) }, channel: 'call', kind: 'hard-to-reach', promised: false, agenda: 'retry after voicemail' });
      at = retry + rng.int(0, 2) * MINUTE;
    }
    const stage = j;
    let notes = prefix + conversationNotes(pl, stage, channel, direction);
    const changed = j > 0 && rng.chance(0.4) ? fill(rng.pick(CHANGED), p.words) : null;
    let outcome: LogStep['outcome'];
    if (!last) {
      const next = following as Slot;
      const ch = j === slots.length - 2 && ending.type === 'missed-call' ? 'call' : nextChannel(pl);
      agreed = ch;
      outcome = { type: 'next-step', next: nextStep(pl, next, ch, stage + 1) };
    } else {
      switch (ending.type) {
        case 'next-step': {
          const ch = nextChannel(pl);
          outcome = { type: 'next-step', next: nextStep(pl, ending.due, ch, stage + 1) };
          break;
        }
        case 'yes':
          notes = `${prefix}Yes! ${fill(rng.pick(['{approver} signed the annual order for {seats} seats.', 'Signed: {seats} seats, 2-year term.', 'PO arrived for {seats} seats; kickoff to book with {first}.']), p.words)}`;
          outcome = { type: 'yes' };
          break;
        case 'no':
          notes = `${prefix}${p.first} said no — ${fill(rng.pick(NO_REASONS), p.words, false)}. Asked us not to follow up; closed.`;
          outcome = { type: 'no' };
          break;
        default:
          notes = `${prefix}${notes} No commitment: ${fill(rng.pick(STALL_REASONS), p.words, false)}. Didn't agree a time — fix this.`;
          outcome = { type: 'no-agreement' };
      }
    }
    log(pl, { at, channel, result: resultOf(channel), direction, fulfils: j > 0, notes, changed, outcome });
  });
}
