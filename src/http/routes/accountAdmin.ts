import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import {
  auditEntrySchema, changePasswordSchema, deactivatedUserSchema, deactivateUserSchema, idSchema, passwordResetIssuedSchema, problemSchema,
  usePasswordResetSchema,
} from '../../shared/index.js';
import { accountAudit } from '../../services/accountAudit.js';
import { deactivateUser } from '../../services/deactivation.js';
import { changePassword, issuePasswordReset, usePasswordReset } from '../../services/passwords.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['accounts'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Passwords, reset links, leavers and the account audit log (issue 12 item 9). */
export function accountAdminRoutes(app: ZodApp, { deps, loginLimiter, serverSmtpUrl }: RouteContext): void {
  app.post('/me/password', {
    schema: { tags, summary: 'Change your password (needs the current one); your other sessions end', body: changePasswordSchema,
      response: { 204: z.null(), ...errors, 429: problemSchema } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    // Guessing the current password through a stolen session is throttled like guessing it at login (same counter).
    const wait = await loginLimiter.retryAfter(request);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError('rate-limited', `too many wrong passwords; try again in ${wait} seconds`);
    }
    try {
      await changePassword(deps, actor, request.body, request.sessionId);
    } catch (error) {
      if (error instanceof AppError && error.errors.some((e) => e.path === 'currentPassword')) await loginLimiter.fail(request);
      throw error;
    }
    loginLimiter.succeed(request);
    return reply.status(204).send(null);
  });

  app.post('/users/:id/password-reset', {
    schema: { tags, summary: 'Issue a one-time password reset link (owner or admin): mailed when a mailbox exists, otherwise returned once',
      params: z.object({ id: idSchema }), response: { 201: passwordResetIssuedSchema, ...errors } },
  }, async (request, reply) => {
    const issued = await issuePasswordReset(deps, requireActor(request), request.params.id, { serverHasSmtp: Boolean(serverSmtpUrl) });
    reply.status(201);
    return issued;
  });

  app.post('/password-reset', {
    config: { public: true },
    schema: { tags, summary: 'Choose a new password with a reset link; every session of the user ends', security: [], body: usePasswordResetSchema,
      response: { 200: z.object({ email: z.string() }), ...errors } },
  }, async (request) => usePasswordReset(deps, request.body));

  app.post('/users/:id/deactivate', {
    schema: { tags, summary: 'Deactivate a leaver (owner or admin): sign-in, sessions, API tokens and calendar feed end; contacts and open follow-ups go to reassignTo',
      params: z.object({ id: idSchema }), body: deactivateUserSchema, response: { 200: deactivatedUserSchema, ...errors } },
  }, async (request) => {
    const done = await deactivateUser(deps, requireActor(request), request.params.id, request.body.reassignTo);
    return { ...done, active: false as const };
  });

  app.get('/audit', {
    schema: { tags, summary: 'Account events: passwords changed, reset links issued and used, users deactivated (owners only), newest first',
      response: { 200: z.object({ items: z.array(auditEntrySchema), nextCursor: z.null() }), ...errors } },
  }, async (request) => ({ items: await accountAudit(deps, requireActor(request)), nextCursor: null }));
}
