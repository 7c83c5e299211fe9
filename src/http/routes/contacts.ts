import { z } from 'zod';
import {
  contactAttentionSchema, contactInputSchema, contactListQuerySchema, contactPatchSchema, contactSchema, idSchema, interactionSchema, listOf,
  listQuerySchema, optInSchema, optOutSchema, problemSchema,
} from '../../shared/index.js';
import * as contacts from '../../services/contacts.js';
import { customFieldFiltersOf } from '../../shared/customFields.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['contacts'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });
const consentSchema = z.object({ id: z.string(), kind: z.string(), detail: z.string(), userId: z.string().nullable(), createdAt: z.string() });

export function contactRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/contacts', {
    schema: { tags, summary: 'Create a contact with their protocol', body: contactInputSchema, response: { 201: contactSchema, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return contacts.createContact(deps, requireActor(request), request.body);
  });

  app.get('/contacts', {
    schema: { tags, summary: 'Search and filter contacts', querystring: contactListQuerySchema, response: { 200: listOf(contactSchema), ...errors } },
  }, async (request) => {
    const q = request.query;
    const actor = requireActor(request);
    const owner = q.owner === 'me' ? actor.user.id : q.owner === 'none' ? undefined : q.owner;
    return contacts.listContacts(deps, actor, {
      q: q.q, relationship: q.relationship, ownerId: q.ownerId ?? owner, limit: q.limit, cursor: q.cursor,
      tags: q.tag === undefined ? undefined : [q.tag].flat(), noOwner: q.owner === 'none', sort: q.sort,
      doNotContact: q.doNotContact === undefined ? undefined : q.doNotContact === 'true',
      nextStep: q.nextStep, silent: q.silent === undefined ? undefined : q.silent === 'true',
      // field.<key>[.from|.to|.has]: keys of the workspace's own, so not in the schema (docs/custom-fields.md).
      customFields: customFieldFiltersOf(new URL(request.url, 'http://localhost').searchParams),
    });
  });

  app.get('/contacts/attention', {
    schema: {
      tags, summary: 'How many contacts have no next step, are stalled, or have been silent too long (Today\'s counts)',
      querystring: z.object({ ownerId: idSchema.optional() }), response: { 200: contactAttentionSchema, ...errors },
    },
  }, async (request) => contacts.contactAttention(deps, requireActor(request), request.query.ownerId));

  app.get('/contacts/:id', {
    schema: { tags, summary: 'One contact', params, response: { 200: contactSchema, ...errors } },
  }, async (request) => contacts.getContact(deps, requireActor(request), request.params.id));

  app.patch('/contacts/:id', {
    schema: { tags, summary: 'Update a contact (edits are audited)', params, body: contactPatchSchema, response: { 200: contactSchema, ...errors } },
  }, async (request) => contacts.updateContact(deps, requireActor(request), request.params.id, request.body));

  app.delete('/contacts/:id', {
    schema: { tags, summary: 'Erase a contact and everything about them (owner or admin, or a member the owner allowed: 403 otherwise)', params, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await contacts.deleteContact(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/contacts/:id/opt-out', {
    schema: { tags, summary: 'Opt out: do-not-contact, open follow-ups cancelled', params, body: optOutSchema, response: { 200: contactSchema, ...errors } },
  }, async (request) => contacts.optOut(deps, requireActor(request), request.params.id, request.body.reason));

  app.post('/contacts/:id/opt-in', {
    schema: { tags, summary: 'Opt in again, with the evidence of consent', params, body: optInSchema, response: { 200: contactSchema, ...errors } },
  }, async (request) => contacts.optIn(deps, requireActor(request), request.params.id, request.body.evidence));

  app.get('/contacts/:id/timeline', {
    schema: { tags, summary: 'Interactions with the contact, newest first', params, querystring: listQuerySchema, response: { 200: listOf(interactionSchema), ...errors } },
  }, async (request) => contacts.contactTimeline(deps, requireActor(request), request.params.id, request.query.limit, request.query.cursor));

  app.get('/contacts/:id/consent', {
    schema: { tags, summary: 'The contact\'s consent record: opt-outs, opt-ins, refusals', params, response: { 200: listOf(consentSchema), ...errors } },
  }, async (request) => ({ items: await contacts.contactConsent(deps, requireActor(request), request.params.id), nextCursor: null }));
}
