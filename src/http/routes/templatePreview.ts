import { z } from 'zod';
import { idSchema, problemSchema } from '../../shared/index.js';
import { previewTemplate } from '../../services/templatePreview.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const previewSchema = z.object({
  fields: z.array(z.object({ field: z.string(), name: z.string(), value: z.string().nullable(), note: z.string().nullable() })),
  warnings: z.array(z.string()),
});

/** What a template's merge fields will be when used, for the playbook editor. */
export function templatePreviewRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/playbooks/preview', {
    schema: {
      tags: ['playbooks'], summary: 'The values a script or email template\'s merge fields will take, and a warning for each that is empty',
      body: z.object({ text: z.string().max(50_000), contactId: idSchema.optional().describe('preview for this contact; otherwise contact fields are shown as coming from each contact') }),
      response: { 200: previewSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema },
    },
  }, async (request) => previewTemplate(deps, requireActor(request), request.body));
}
