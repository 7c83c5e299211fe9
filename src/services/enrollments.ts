import { AppError } from '../core/errors.js';
import { assertContactable } from '../core/doNotContact.js';
import { pesteringWarning, planningWarnings } from '../core/guardrails.js';
import { advance, startEnrollment } from '../core/playbooks/engine.js';
import { enrollmentMoveInWords, historyInWords } from '../core/playbooks/history.js';
import { enrollmentEventFor } from '../core/playbooks/interactionEvents.js';
import { assertControlAllowed, controlEvent, type EnrollmentControl } from '../core/playbooks/transitions.js';
import { renderTemplate } from '../core/playbooks/template.js';
import type { EngineContext, EnrollmentEvent, PlannedStep, Playbook } from '../core/playbooks/types.js';
import { formatInstant, localDateTimeOf, parseInstant } from '../core/time.js';
import { contactTimeBudget } from './timeBudget.js';
import type { Contact, FollowUp, Interaction, Warning } from '../core/types.js';
import { findContact } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import * as store from '../store/enrollments.js';
import type { Enrollment } from '../store/enrollments.js';
import * as followUps from '../store/followUps.js';
import { newId } from '../store/ids.js';
import { countTouches, lastConversations, lastInteractions } from '../store/interactions.js';
import { openOpportunityOf } from '../store/opportunities.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireEnrollment } from './guards.js';
import { announceEnrollmentEnd } from './webhookPayloads.js';
import { mergeValuesFor } from './mergeValues.js';
import { enqueueStepEmail } from './outboxQueue.js';
import { resolvePlaybook } from './playbooks.js';
import { rulesOf, settingsOf } from './workspaceRules.js';

const DAY_MS = 86_400_000;

export interface EnrollmentView {
  id: string;
  contactId: string;
  playbookKey: string;
  playbookId: string | null;
  state: Enrollment['state']['status'];
  exitReason: string | null;
  currentStep: { id: string; title: string; type: string; channel: string } | null;
  nextFollowUp: FollowUp | null;
  touches: number;
  voicemails: number;
  emails: number;
  spentMinutes: number;
  /** What happened at each step and what it planned next, and why a step was moved: oldest first. */
  history: EnrollmentHistoryView[];
  createdAt: string;
  updatedAt: string;
}

export interface EnrollmentHistoryView {
  at: string;
  event: string;
  stepId: string | null;
  stepTitle: string | null;
  result: string | null;
  outcome: string | null;
  nextStepId: string | null;
  nextStepTitle: string | null;
  nextDueAt: string | null;
  note: string | null;
  summary: string;
}

/** Read once per event: both the engine (last contact) and the step's merge fields need it. */
async function lastInteractionOf(db: Db, actor: Actor, contactId: string): Promise<Interaction | null> {
  return (await lastInteractions(db, actor.workspace.id, [contactId])).get(contactId) ?? null;
}

async function engineContext(db: Db, actor: Actor, contact: Contact, last: Interaction | null, atMs: number, replanning: string | null): Promise<EngineContext> {
  const rules = rulesOf(actor.workspace);
  const lookBack = ((rules.frequencyCap?.perDays ?? 7) + 2) * DAY_MS;
  const touches = await store.unagreedTouchesSince(db, actor.workspace.id, contact.id, formatInstant(atMs - lookBack), replanning);
  return {
    contact: {
      timeZone: contact.timeZone, reachable: contact.reachable, doNotContact: contact.doNotContact,
      customerSince: contact.customerSince, purchaseDate: contact.purchaseDate,
      lastContactAtMs: last ? Date.parse(last.occurredAt) : null,
      timeBudget: contactTimeBudget(actor.workspace, contact),
    },
    rules,
    unagreedTouches: touches,
  };
}

/** A planned step becomes a follow-up on the agenda, its script filled in for this contact. */
async function materialize(db: Db, actor: Actor, contact: Contact, last: Interaction | null, enrollment: Enrollment, planned: PlannedStep, nowIso: string): Promise<FollowUp> {
  const opportunity = await openOpportunityOf(db, actor.workspace.id, contact.id);
  const touchBase = opportunity ? opportunity.touches : await countTouches(db, actor.workspace.id, contact.id);
  const agreed = await followUps.nextOpenFollowUps(db, actor.workspace.id, [contact.id]);
  const text = [planned.script ?? '', planned.template?.subject ?? ''].join('\n');
  const userId = contact.ownerId ?? enrollment.userId ?? actor.user.id;
  const busy = text.includes('{{suggestedTimes}}')
    ? (await followUps.openFollowUpsDueBefore(db, actor.workspace.id, userId, formatInstant(planned.dueAtMs + 70 * DAY_MS))).map((f) => Date.parse(f.dueAt))
    : [];
  const lastConversation = (await lastConversations(db, actor.workspace.id, [contact.id])).get(contact.id) ?? null;
  const values = mergeValuesFor({
    actor, contact, lastConversation, agenda: agreed.get(contact.id)?.agenda ?? null, progress: agreed.get(contact.id)?.progress ?? null,
    dueAtMs: planned.dueAtMs, busy, needsSuggestedTimes: busy.length > 0 || text.includes('{{suggestedTimes}}'),
    offersBookingLink: planned.channel === 'email' && Boolean(planned.template),
  });
  return {
    id: newId(), workspaceId: actor.workspace.id, contactId: contact.id, opportunityId: opportunity?.id ?? null, userId,
    kind: planned.kind, channel: planned.channel, dueAt: formatInstant(planned.dueAtMs),
    dueLocal: localDateTimeOf(planned.dueAtMs, planned.timeZone), timeZone: planned.timeZone, allDay: false,
    agenda: planned.title, progress: null, promised: planned.agreed, source: 'playbook', status: 'open', statusReason: null,
    enrollmentId: enrollment.id, stepId: planned.stepId, touchNumber: touchBase + 1, createdAt: nowIso, doneAt: null,
    script: planned.script ? renderTemplate(planned.script, values) : planned.template ? renderTemplate(planned.template.body, values) : null,
    subject: planned.template ? renderTemplate(planned.template.subject, values) : null,
    scheduleNote: planned.scheduleNote,
  };
}

/** A planned step joins the agenda; an email step is queued in the outbox in the same transaction. */
async function insertPlanned(db: Db, contact: Contact, followUp: FollowUp): Promise<void> {
  await followUps.insertFollowUp(db, followUp);
  await enqueueStepEmail(db, contact, followUp);
}

/** What a logged touch did to one of the contact's series, for the message after logging it. */
export interface EnrollmentMove {
  enrollmentId: string;
  playbookName: string;
  state: Enrollment['state']['status'];
  exitReason: string | null;
  /** The step now waiting, if any; its follow-up carries the schedule note. */
  nextFollowUp: FollowUp | null;
  /** In words: "Voicemail series: next, Call again, 15 minutes later, Tue 8 Dec, 10:15 their time." */
  summary: string;
}

/** Runs one event through the engine and persists the outcome: state, cancelled and new follow-ups. */
async function applyEvent(db: Db, actor: Actor, enrollment: Enrollment, contact: Contact, event: EnrollmentEvent, nowIso: string): Promise<Enrollment> {
  return (await applyEventWithMove(db, actor, enrollment, contact, event, nowIso)).enrollment;
}

async function applyEventWithMove(
  db: Db, actor: Actor, enrollment: Enrollment, contact: Contact, event: EnrollmentEvent, nowIso: string,
): Promise<{ enrollment: Enrollment; move: EnrollmentMove | null }> {
  const playbook = await resolvePlaybook(db, actor, enrollment.playbookId ? { playbookId: enrollment.playbookId } : { playbookKey: enrollment.playbookKey });
  const last = await lastInteractionOf(db, actor, contact.id);
  const context = await engineContext(db, actor, contact, last, event.at, enrollment.id);
  const result = advance(playbook, enrollment.state, event, context);
  const updated: Enrollment = { ...enrollment, state: result.state, updatedAt: nowIso };
  if (result.cancelOpen || result.followUps.length > 0) {
    await store.cancelEnrollmentFollowUps(db, actor.workspace.id, enrollment.id, `enrollment ${result.state.exitReason ?? result.state.status}`);
  }
  let nextFollowUp: FollowUp | null = null;
  for (const planned of result.followUps) {
    nextFollowUp = await materialize(db, actor, contact, last, updated, planned, nowIso);
    await insertPlanned(db, contact, nextFollowUp);
  }
  await store.updateEnrollment(db, updated);
  await announceEnrollmentEnd(db, enrollment, updated, playbook.name, contact, Date.parse(nowIso));
  const moved = result.state.history.length !== enrollment.state.history.length || result.state.status !== enrollment.state.status;
  const move: EnrollmentMove | null = moved ? {
    enrollmentId: enrollment.id, playbookName: playbook.name, state: result.state.status, exitReason: result.state.exitReason ?? null,
    nextFollowUp, summary: enrollmentMoveInWords(playbook, result.state, contact.timeZone),
  } : null;
  return { enrollment: updated, move };
}

export async function viewOf(db: Db, actor: Actor, enrollment: Enrollment): Promise<EnrollmentView> {
  let playbook: Playbook | null = null;
  try {
    playbook = await resolvePlaybook(db, actor, enrollment.playbookId ? { playbookId: enrollment.playbookId } : { playbookKey: enrollment.playbookKey });
  } catch {
    playbook = null;
  }
  const step = playbook?.steps.find((s) => s.id === enrollment.state.currentStepId) ?? null;
  const next = await followUps.openFollowUpOfEnrollment(db, actor.workspace.id, enrollment.id);
  const s = enrollment.state;
  const zone = next?.timeZone ?? (await findContact(db, actor.workspace.id, enrollment.contactId))?.timeZone ?? actor.user.timeZone;
  const history = playbook ? historyInWords(playbook, s.history ?? [], zone) : [];
  return {
    id: enrollment.id, contactId: enrollment.contactId, playbookKey: enrollment.playbookKey, playbookId: enrollment.playbookId,
    state: s.status, exitReason: s.exitReason ?? null,
    currentStep: step ? { id: step.id, title: step.title, type: step.type, channel: step.channel } : null,
    nextFollowUp: next, touches: s.touches, voicemails: s.voicemails, emails: s.emails, spentMinutes: s.spentMinutes,
    history: history.map((h) => ({
      at: formatInstant(h.at), event: h.event, stepId: h.stepId, stepTitle: h.stepTitle, result: h.result, outcome: h.outcome,
      nextStepId: h.nextStepId, nextStepTitle: h.nextStepTitle, nextDueAt: h.nextDueAtMs === null ? null : formatInstant(h.nextDueAtMs),
      note: h.note, summary: h.summary,
    })),
    createdAt: enrollment.createdAt, updatedAt: enrollment.updatedAt,
  };
}

export interface EnrollInput {
  contactId: string;
  playbookKey?: string | undefined;
  playbookId?: string | undefined;
  startAt?: string | undefined;
  agreed?: boolean | undefined;
}

/** One running series at a time, unless the workspace allows several. */
async function assertNotEnrolled(db: Db, actor: Actor, contact: Contact): Promise<void> {
  if (settingsOf(actor.workspace).allowMultipleEnrollments) return;
  const live = await store.liveEnrollmentsOf(db, actor.workspace.id, contact.id);
  if (live.length > 0) {
    throw new AppError('conflict', `${contact.name} is already in the "${live[0]?.playbookKey}" playbook; exit it first (or allow several enrollments in the workspace settings)`, [{ path: 'contactId', message: 'already enrolled' }]);
  }
}

export type EnrolmentBlock = { code: 'do-not-contact' | 'already-enrolled' | 'unqualified' | 'frequency-cap'; reason: string };

/**
 * Why enrolling the contact now would be refused or unwise, or null: enroll()'s own refusals
 * (do-not-contact, already enrolled) and the warnings it would give (qualification; the frequency
 * cap the first step would wait for), for a bulk enrolment to skip them and say why beforehand.
 */
export async function enrolmentBlock(db: Db, actor: Actor, contact: Contact, atMs: number, includeUnqualified = false): Promise<EnrolmentBlock | null> {
  try {
    assertContactable(contact);
    await assertNotEnrolled(db, actor, contact);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code === 'do-not-contact' ? 'do-not-contact' : 'already-enrolled', reason: error.message };
  }
  const unqualified = planningWarnings(contact)[0];
  if (unqualified && !includeUnqualified) return { code: 'unqualified', reason: unqualified.message };
  const cap = rulesOf(actor.workspace).frequencyCap;
  if (!cap) return null;
  const touches = await store.unagreedTouchesSince(db, actor.workspace.id, contact.id, formatInstant(atMs - (cap.perDays + 2) * DAY_MS));
  const pestering = pesteringWarning(atMs, touches, cap, contact.timeZone);
  return pestering ? { code: 'frequency-cap', reason: pestering.message } : null;
}

/** Enrols a contact who can be contacted; the first step lands inside their reachable windows. */
export async function enroll(deps: ServiceDeps, actor: Actor, input: EnrollInput): Promise<EnrollmentView & { warnings: Warning[] }> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const startMs = input.startAt ? parseInstant(input.startAt, 'startAt') : now;
  return deps.store.db.transaction().execute(async (trx) => {
    const contact = await requireContact(trx, actor, input.contactId);
    assertContactable(contact);
    const playbook = await resolvePlaybook(trx, actor, input);
    await assertNotEnrolled(trx, actor, contact);
    const last = await lastInteractionOf(trx, actor, contact.id);
    const context = await engineContext(trx, actor, contact, last, startMs, null);
    const result = startEnrollment(playbook, context, startMs, input.agreed ?? false);
    const enrollment: Enrollment = {
      id: newId(), workspaceId: actor.workspace.id, contactId: contact.id, userId: actor.user.id, playbookKey: playbook.key,
      playbookId: playbook.builtin ? null : playbook.id, state: result.state, createdAt: nowIso, updatedAt: nowIso,
    };
    await store.insertEnrollment(trx, enrollment);
    for (const planned of result.followUps) await insertPlanned(trx, contact, await materialize(trx, actor, contact, last, enrollment, planned, nowIso));
    return { ...(await viewOf(trx, actor, enrollment)), warnings: planningWarnings(contact) };
  });
}

export async function getEnrollment(deps: ServiceDeps, actor: Actor, id: string): Promise<EnrollmentView> {
  return viewOf(deps.store.db, actor, await requireEnrollment(deps.store.db, actor, id));
}

export async function listEnrollments(deps: ServiceDeps, actor: Actor, filter: { contactId?: string | undefined; status?: string | undefined }): Promise<EnrollmentView[]> {
  const rows = await store.listEnrollments(deps.store.db, actor.workspace.id, filter);
  return Promise.all(rows.map((e) => viewOf(deps.store.db, actor, e)));
}

/** pause, resume or exit by hand. */
export async function controlEnrollment(deps: ServiceDeps, actor: Actor, id: string, action: EnrollmentControl): Promise<EnrollmentView> {
  const now = deps.clock();
  return deps.store.db.transaction().execute(async (trx) => {
    const enrollment = await requireEnrollment(trx, actor, id);
    assertControlAllowed(enrollment.state.status, action);
    const contact = await requireContact(trx, actor, enrollment.contactId);
    if (action === 'resume') assertContactable(contact);
    return viewOf(trx, actor, await applyEvent(trx, actor, enrollment, contact, controlEvent(action, now), formatInstant(now)));
  });
}

/** What a logged touch means for each of the contact's running series (core/playbooks/interactionEvents decides the event). */
export async function onInteractionLogged(db: Db, actor: Actor, interaction: Interaction, fulfilled: FollowUp | null, nowIso: string): Promise<EnrollmentMove[]> {
  const live = await store.liveEnrollmentsOf(db, actor.workspace.id, interaction.contactId);
  if (live.length === 0) return [];
  const contact = await findContact(db, actor.workspace.id, interaction.contactId);
  if (!contact) return [];
  const moves: EnrollmentMove[] = [];
  for (const enrollment of live) {
    const { move } = await applyEventWithMove(db, actor, enrollment, contact, enrollmentEventFor(interaction, fulfilled, enrollment.id), nowIso);
    if (move) moves.push(move);
  }
  return moves;
}

/** A stop (services/stopContacting) ends every running series of the contact at once. */
export async function exitSeries(db: Db, actor: Actor, contact: Contact, exitAs: 'said-no' | 'opted-out', atMs: number, nowIso: string): Promise<EnrollmentMove[]> {
  const moves: EnrollmentMove[] = [];
  for (const enrollment of await store.liveEnrollmentsOf(db, actor.workspace.id, contact.id)) {
    const { move } = await applyEventWithMove(db, actor, enrollment, contact, { type: exitAs, at: atMs }, nowIso);
    if (move) moves.push(move);
  }
  return moves;
}

/** The client booked a time through a link made for this series: it ends as booked, its open step cancelled. */
export async function endSeriesAsBooked(db: Db, actor: Actor, enrollmentId: string, contact: Contact, atMs: number, nowIso: string): Promise<EnrollmentMove | null> {
  const enrollment = await store.findEnrollment(db, actor.workspace.id, enrollmentId);
  if (!enrollment) return null;
  return (await applyEventWithMove(db, actor, enrollment, contact, { type: 'booked', at: atMs }, nowIso)).move;
}
