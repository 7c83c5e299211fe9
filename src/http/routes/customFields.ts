import { z } from 'zod';
import { idSchema, listOf, problemSchema } from '../../shared/index.js';
import { createCustomFieldSchema, customFieldEntities, customFieldSchema, updateCustomFieldSchema } from '../../shared/customFields.js';
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from '../../services/customFields.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['custom fields'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });

/** Custom fields (issue 16 item 2; docs/custom-fields.md): owners and admins define them, everyone reads them. */
export function customFieldRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/custom-fields', {
    schema: {
      tags, summary: 'The workspace\'s custom fields on contacts and deals, in display order',
      querystring: z.object({ entity: z.enum(customFieldEntities).optional() }), response: { 200: listOf(customFieldSchema), ...errors },
    },
  }, async (request) => ({ items: await listCustomFields(deps, requireActor(request), request.query.entity), nextCursor: null }));

  app.post('/custom-fields', {
    schema: {
      tags, summary: 'Define a custom field (text, number, date, choice, choices or url) on contacts or deals (owner or admin)',
      body: createCustomFieldSchema, response: { 201: customFieldSchema, ...errors },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createCustomField(deps, requireActor(request), request.body);
  });

  app.patch('/custom-fields/:id', {
    schema: {
      tags, summary: 'Rename a custom field, change its options or its place (owner or admin); its key and type stay',
      params, body: updateCustomFieldSchema, response: { 200: customFieldSchema, ...errors },
    },
  }, async (request) => updateCustomField(deps, requireActor(request), request.params.id, request.body));

  app.delete('/custom-fields/:id', {
    schema: { tags, summary: 'Remove a custom field and its value on every contact or deal (owner or admin)', params, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteCustomField(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
}
