import { describe, expect, it } from 'vitest';
import { planInteraction, type InteractionContext, type InteractionPlan, type InteractionRequest } from './interactionPlan.js';
import type { Contact, FollowUp, Opportunity } from './types.js';
import { refusal } from '../../test/helpers/appErrors.js';

const ZONE = 'America/New_York';
const at = (iso: string): number => Date.parse(iso);
const NOW = at('2026-03-02T15:00:00Z'); // Monday 10:00 in New York

const dana = {
  id: 'c1', name: 'Dana Lee', timeZone: ZONE, interest: 'real', canBuy: 'yes',
  doNotContact: false, doNotContactReason: null, doNotContactAt: null,
} as Contact;

const promise = {
  id: 'f1', contactId: 'c1', status: 'open', channel: 'call', promised: true,
  dueAt: '2026-03-02T15:00:00.000Z', dueLocal: '2026-03-02T10:00', timeZone: ZONE, allDay: false,
} as FollowUp;

const opportunity = { id: 'o1', contactId: 'c1', status: 'open', touches: 2 } as Opportunity;

const call = (fields: Partial<InteractionRequest> = {}): InteractionRequest => ({
  channel: 'call', result: 'connected', direction: 'out', occurredAtMs: NOW, outcome: { type: 'no-agreement', hasNext: false }, ...fields,
});
const context = (fields: Partial<InteractionContext> = {}): InteractionContext => ({
  contact: dana, fulfilled: null, opportunity: null, contactTouches: 0, ...fields,
});

/** What changes nothing but the touch itself: the plan for a connected call that agreed nothing. */
const plain: Omit<InteractionPlan, 'touchNumber'> = {
  fulfil: false, openOpportunity: false, closeOpportunity: null, cancelOpenFollowUps: null,
  markDoNotContact: null, exitEnrollments: null, createNext: false, warnings: [],
};

describe('planInteraction: what each outcome changes', () => {
  it('no agreement: counts the touch and changes nothing else', () => {
    expect(planInteraction(call(), context({ contactTouches: 3 }))).toEqual({ ...plain, touchNumber: 4 });
  });

  it('a next step: opens an opportunity when none is open, numbers the touch from it, creates the next follow-up and ends the series', () => {
    const plan = planInteraction(call({ outcome: { type: 'next-step', hasNext: true } }), context({ contactTouches: 3 }));
    expect(plan).toEqual({ ...plain, touchNumber: 1, openOpportunity: true, createNext: true, exitEnrollments: 'outcome' });
  });

  it('a yes: wins the opportunity (opening one when none is open) and ends the series', () => {
    expect(planInteraction(call({ outcome: { type: 'yes', hasNext: false } }), context())).toEqual({
      ...plain, touchNumber: 1, openOpportunity: true, closeOpportunity: 'won', exitEnrollments: 'outcome',
    });
    expect(planInteraction(call({ outcome: { type: 'yes', hasNext: false } }), context({ opportunity }))).toEqual({
      ...plain, touchNumber: 3, closeOpportunity: 'won', exitEnrollments: 'outcome',
    });
  });

  it('a no: loses the opportunity, cancels what is planned, stops contact and exits the series as said-no', () => {
    expect(planInteraction(call({ outcome: { type: 'no', hasNext: false } }), context({ opportunity }))).toEqual({
      ...plain, touchNumber: 3, closeOpportunity: 'lost', cancelOpenFollowUps: 'said no', markDoNotContact: 'said no', exitEnrollments: 'said-no',
    });
  });

  it('no outcome (nobody answered): counts the touch towards the contact, not an opportunity it does not have', () => {
    expect(planInteraction(call({ result: 'no-answer', outcome: undefined }), context({ contactTouches: 1 }))).toEqual({ ...plain, touchNumber: 2 });
  });
});

describe('planInteraction: touch numbers', () => {
  it('numbers from the open opportunity rather than the contact', () => {
    expect(planInteraction(call(), context({ opportunity, contactTouches: 9 })).touchNumber).toBe(3);
  });

  it('does not count what they sent unless it was a conversation', () => {
    const inbound = { direction: 'in' as const, channel: 'email' as const };
    expect(planInteraction(call({ ...inbound, result: null, outcome: undefined }), context({ opportunity })).touchNumber).toBe(2);
    expect(planInteraction(call({ ...inbound, result: 'replied' }), context({ opportunity })).touchNumber).toBe(3);
  });
});

describe('planInteraction: the follow-up it fulfils', () => {
  it('fulfils an open follow-up of the contact, kept on time and in the form agreed, without a word', () => {
    const plan = planInteraction(call(), context({ fulfilled: promise }));
    expect(plan.fulfil).toBe(true);
    expect(plan.warnings).toEqual([]);
  });

  it('says when the promise was broken in form or in time', () => {
    const plan = planInteraction(call({ channel: 'email', result: 'replied', occurredAtMs: at('2026-03-03T15:00:00Z') }), context({ fulfilled: promise }));
    expect(plan.warnings.map((w) => w.code)).toEqual(['channel-mismatch', 'late']);
  });

  it('refuses a follow-up of another contact, or one no longer open', () => {
    const theirs = refusal(() => planInteraction(call(), context({ fulfilled: { ...promise, contactId: 'c2' } })));
    expect(theirs?.errors.map((e) => e.path)).toEqual(['followUpId']);
    expect(theirs?.message).toMatch(/another contact/);
    const done = refusal(() => planInteraction(call(), context({ fulfilled: { ...promise, status: 'done' } })));
    expect(done?.errors.map((e) => e.path)).toEqual(['followUpId']);
    expect(done?.message).toMatch(/already done/);
  });

  it('refuses an opportunity that is already closed', () => {
    const error = refusal(() => planInteraction(call(), context({ opportunity: { ...opportunity, status: 'won' } })));
    expect(error?.errors.map((e) => e.path)).toEqual(['opportunityId']);
    expect(error?.message).toMatch(/already won/);
  });
});

describe('planInteraction: the rules it holds', () => {
  it('refuses a conversation without an outcome, and a next step without its follow-up', () => {
    expect(refusal(() => planInteraction(call({ outcome: undefined }), context()))?.errors.map((e) => e.path)).toEqual(['outcome']);
    expect(refusal(() => planInteraction(call({ outcome: { type: 'next-step', hasNext: false } }), context()))?.errors.map((e) => e.path))
      .toEqual(['outcome.next']);
  });

  it('refuses a touch from us to a do-not-contact contact, and a next step agreed with one even when they called us', () => {
    const optedOut = { ...dana, doNotContact: true, doNotContactReason: 'said no', doNotContactAt: '2026-03-01T15:00:00.000Z' };
    expect(refusal(() => planInteraction(call(), context({ contact: optedOut })))?.code).toBe('do-not-contact');
    const agreed = refusal(() => planInteraction(call({ direction: 'in', outcome: { type: 'next-step', hasNext: true } }), context({ contact: optedOut })));
    expect(agreed?.code).toBe('do-not-contact');
    expect(agreed?.message).toMatch(/opt them in before agreeing a next step/);
    expect(planInteraction(call({ direction: 'in' }), context({ contact: optedOut })).touchNumber).toBe(1);
  });

  it('warns unqualified when a next step is agreed with someone who cannot buy, and only then', () => {
    const cannotBuy = { ...dana, canBuy: 'no' } as Contact;
    expect(planInteraction(call({ outcome: { type: 'next-step', hasNext: true } }), context({ contact: cannotBuy })).warnings.map((w) => w.code))
      .toEqual(['unqualified']);
    expect(planInteraction(call(), context({ contact: cannotBuy })).warnings).toEqual([]);
  });

  it('warns pestering for an unagreed touch over the cap, never for a promise kept or without the frequency rule', () => {
    const frequency = { cap: { maxTouches: 2, perDays: 7 }, otherTouchesMs: [at('2026-02-27T15:00:00Z'), at('2026-03-01T15:00:00Z')] };
    const unanswered = call({ result: 'no-answer', outcome: undefined });
    expect(planInteraction(unanswered, context({ frequency })).warnings.map((w) => w.code)).toEqual(['pestering']);
    expect(planInteraction(unanswered, context({ frequency, fulfilled: promise })).warnings).toEqual([]);
    expect(planInteraction(unanswered, context()).warnings).toEqual([]);
    expect(planInteraction(unanswered, context({ frequency: { ...frequency, cap: null } })).warnings).toEqual([]);
  });
});
