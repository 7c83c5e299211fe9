import { z } from 'zod';
import {
  mailScopeSchema, mailSettingsPairSchema, mailSettingsSchema, problemSchema, putMailSettingsSchema, testMailResultSchema, testMailSchema,
} from '../../shared/index.js';
import { deleteMailSettings, getMailSettings, putMailSettings } from '../../services/mailSettings.js';
import { sendTestMail } from '../../services/testMail.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['mail'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** The mailboxes mail goes out through: the workspace's and the caller's own. Passwords go in, never come out. */
export function mailSettingsRoutes(app: ZodApp, { deps, serverSmtpUrl }: RouteContext): void {
  app.get('/mail-settings', {
    schema: { tags, summary: 'The workspace mailbox and your own (passwords are never returned, only whether one is stored)', response: { 200: mailSettingsPairSchema, 401: problemSchema } },
  }, async (request) => getMailSettings(deps, requireActor(request), serverSmtpUrl !== undefined));

  app.put('/mail-settings/:scope', {
    schema: {
      tags, summary: 'Set the workspace mailbox (owner/admin) or your own; leave a password out to keep the stored one',
      params: mailScopeSchema, body: putMailSettingsSchema, response: { 200: mailSettingsSchema, ...errors },
    },
  }, async (request) => putMailSettings(deps, requireActor(request), request.params.scope, request.body));

  app.delete('/mail-settings/:scope', {
    schema: { tags, summary: 'Remove a mailbox (its mail then goes out through the next one: yours → workspace → server)', params: mailScopeSchema, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteMailSettings(deps, requireActor(request), request.params.scope);
    return reply.status(204).send(null);
  });

  app.post('/mail-settings/:scope/test', {
    schema: {
      tags,
      summary: 'Send a test mail to yourself through a mailbox (the workspace\'s and the server\'s: owner/admin) and report whether the SMTP server took it; it counts against the mailbox\'s caps',
      params: z.object({ scope: z.enum(['workspace', 'me', 'server']) }), body: testMailSchema.optional(),
      response: { 200: testMailResultSchema, ...errors, 429: problemSchema, 502: problemSchema },
    },
  }, async (request) => sendTestMail(deps, requireActor(request), request.params.scope, request.body?.to, { url: serverSmtpUrl }));
}
