import { z } from 'zod';
import { idSchema, listOf, problemSchema } from '../../shared/index.js';
import { bulkRequestSchema, bulkResultSchema } from '../../shared/bulk.js';
import { savedViewInputSchema, savedViewPatchSchema, savedViewSchema } from '../../shared/savedViews.js';
import { addTagsSchema, tagNameSchema, tagSchema } from '../../shared/tags.js';
import { runBulk } from '../../services/bulkActions.js';
import { createView, deleteView, getView, listViews, updateView } from '../../services/savedViews.js';
import { listTags, tagContact, untagContact } from '../../services/tags.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });
const contactTagsSchema = z.object({ tags: z.array(z.string()).describe('all the contact\'s tags, after the change') });

/** Tags, saved views and bulk actions on contacts (issue 16 item 3; docs/views-and-bulk.md). */
export function tagViewRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/tags', {
    schema: { tags: ['tags'], summary: 'The workspace\'s tags, with how many contacts wear each', response: { 200: listOf(tagSchema), ...errors } },
  }, async (request) => ({ items: await listTags(deps, requireActor(request)), nextCursor: null }));

  app.post('/contacts/:id/tags', {
    schema: { tags: ['tags'], summary: 'Tag a contact (a new tag is created)', params, body: addTagsSchema, response: { 200: contactTagsSchema, ...errors } },
  }, async (request) => ({ tags: await tagContact(deps, requireActor(request), request.params.id, request.body.tags, request.body.colour) }));

  app.delete('/contacts/:id/tags/:tag', {
    schema: { tags: ['tags'], summary: 'Take a tag off a contact', params: params.extend({ tag: tagNameSchema }), response: { 200: contactTagsSchema, ...errors } },
  }, async (request) => ({ tags: await untagContact(deps, requireActor(request), request.params.id, request.params.tag) }));

  app.post('/contacts/bulk', {
    schema: {
      tags: ['contacts'],
      summary: 'Enrol, assign, tag, untag, opt out or export many contacts ({ids}, {viewId} or {filter}); preview: true says who would be acted on and who skipped and why, changing nothing',
      body: bulkRequestSchema, response: { 200: bulkResultSchema, ...errors },
    },
  }, async (request) => runBulk(deps, requireActor(request), request.body));

  app.get('/views', {
    schema: { tags: ['views'], summary: 'Your saved views and the workspace\'s shared ones', response: { 200: listOf(savedViewSchema), ...errors } },
  }, async (request) => ({ items: await listViews(deps, requireActor(request)), nextCursor: null }));

  app.get('/views/:id', {
    schema: { tags: ['views'], summary: 'One saved view', params, response: { 200: savedViewSchema, ...errors } },
  }, async (request) => getView(deps, requireActor(request), request.params.id));

  app.post('/views', {
    schema: { tags: ['views'], summary: 'Save filters, sort and columns as a view, yours alone or shared with the workspace', body: savedViewInputSchema, response: { 201: savedViewSchema, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return createView(deps, requireActor(request), request.body);
  });

  app.patch('/views/:id', {
    schema: { tags: ['views'], summary: 'Rename, share or change a view (its author, or an admin or owner for a shared one)', params, body: savedViewPatchSchema, response: { 200: savedViewSchema, ...errors } },
  }, async (request) => updateView(deps, requireActor(request), request.params.id, request.body));

  app.delete('/views/:id', {
    schema: { tags: ['views'], summary: 'Delete a view (its author, or an admin or owner for a shared one)', params, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteView(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
}
