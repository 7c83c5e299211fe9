import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import {
  createTokenSchema, createUserSchema, createWorkspaceSchema, idSchema, loginSchema, meSchema, meUserSchema, problemSchema, setupSchema,
  tokenSchema, updateMeSchema, userSchema, workspaceSchema,
} from '../../shared/index.js';
import { DEFAULT_REMINDER_MINUTES } from '../../shared/defaults.js';
import * as accounts from '../../services/accounts.js';
import { digestEnabled, setDigestEnabled } from '../../services/digest.js';
import { setSummaryEnabled, summaryEnabled } from '../../services/teamSummary.js';
import { permissionsFor } from '../../services/permissions.js';
import { requireActor, SESSION_COOKIE } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';
import { presentUser, presentWorkspace } from '../presenters.js';

const tags = ['accounts'];

/** What only the user sees of themself besides the shared user fields. */
const profileOf = (user: accounts.UserProfile) => ({
  phone: user.phone ?? null, signature: user.signature ?? null, reminderMinutes: user.reminderMinutes ?? DEFAULT_REMINDER_MINUTES,
});
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

export function accountRoutes(app: ZodApp, { deps, secureCookies, loginLimiter }: RouteContext): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: secureCookies };

  app.post('/setup', {
    config: { public: true },
    schema: { tags, summary: 'First run: create the first user and workspace', security: [], body: setupSchema,
      response: { 201: z.object({ user: userSchema, workspace: workspaceSchema, token: z.string() }), ...errors } },
  }, async (request, reply) => {
    const result = await accounts.setup(deps, request.body);
    reply.status(201);
    return { user: presentUser(result.user, 'owner'), workspace: presentWorkspace(result.workspace), token: result.token };
  });

  app.get('/setup', {
    config: { public: true },
    schema: { tags, summary: 'Whether first-run setup is still needed', security: [], response: { 200: z.object({ needed: z.boolean() }) } },
  }, async () => ({ needed: !(await accounts.isSetUp(deps)) }));

  app.post('/auth/login', {
    config: { public: true },
    schema: { tags, summary: 'Log in; sets the session cookie', security: [], body: loginSchema,
      response: { 200: z.object({ user: userSchema, workspace: workspaceSchema, csrfToken: z.string() }), ...errors, 429: problemSchema } },
  }, async (request, reply) => {
    const wait = await loginLimiter.retryAfter(request);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError('rate-limited', `too many failed logins; try again in ${wait} seconds`);
    }
    let session;
    try {
      session = await accounts.login(deps, request.body.email, request.body.password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') await loginLimiter.fail(request);
      throw error;
    }
    loginLimiter.succeed(request);
    reply.setCookie(SESSION_COOKIE, session.sessionId, { ...cookieOptions, maxAge: accounts.SESSION_DAYS * 86_400 });
    const role = (await accounts.workspacesOf(deps, { user: session.user, workspace: session.workspace, role: 'member' })).find((w) => w.id === session.workspace.id)?.role ?? 'member';
    return { user: presentUser(session.user, role), workspace: presentWorkspace(session.workspace), csrfToken: session.csrfToken };
  });

  app.post('/auth/logout', {
    config: { public: true },
    schema: { tags, summary: 'End the browser session', response: { 204: z.null() } },
  }, async (request, reply) => {
    // The cookie alone is enough: ending your own session harms no one, so no CSRF header is
    // needed (a cross-site page cannot send this SameSite=Strict cookie anyway). The auth hook
    // leaves request.sessionId unset without the header, so the cookie is read here.
    const sessionId = request.sessionId ?? request.cookies[SESSION_COOKIE];
    if (sessionId) await accounts.logout(deps, sessionId);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  app.get('/me', {
    schema: { tags, summary: 'The caller, their workspace and whether their iCal feed exists', response: { 200: meSchema, 401: problemSchema } },
  }, async (request) => {
    const actor = requireActor(request);
    const [workspaces, digest, weeklySummary] = await Promise.all([accounts.workspacesOf(deps, actor), digestEnabled(deps, actor), summaryEnabled(deps, actor)]);
    return {
      user: { ...presentUser(actor.user, actor.role), digest, weeklySummary, ...profileOf(actor.user) },
      workspace: presentWorkspace(actor.workspace),
      workspaces: workspaces.map((w) => ({ ...presentWorkspace(w), role: w.role })),
      permissions: permissionsFor(actor),
      // Only the feed secret's hash is kept: the link is shown once, by POST /me/ical-secret.
      icalUrl: null,
      icalFeed: { active: Boolean(actor.user.icalCreatedAt), createdAt: actor.user.icalCreatedAt ?? null },
      ...(request.csrfToken ? { csrfToken: request.csrfToken } : {}),
    };
  });

  app.patch('/me', {
    schema: { tags, summary: 'Update your name, zone, working hours, phone number, signature, reminder lead, morning digest and weekly team summary', body: updateMeSchema, response: { 200: meUserSchema, ...errors } },
  }, async (request) => {
    const actor = requireActor(request);
    const { digest, weeklySummary, ...profile } = request.body;
    const user = await accounts.updateMe(deps, actor, profile);
    if (digest !== undefined) await setDigestEnabled(deps, actor, digest);
    if (weeklySummary !== undefined) await setSummaryEnabled(deps, actor, weeklySummary);
    return { ...presentUser(user, actor.role), digest: await digestEnabled(deps, actor), weeklySummary: await summaryEnabled(deps, actor), ...profileOf(user) };
  });

  app.post('/me/ical-secret', {
    schema: { tags, summary: 'Make a new private iCal feed link (shown only in this response); the old link stops working',
      response: { 200: z.object({ icalUrl: z.string(), createdAt: z.string() }), ...errors } },
  }, async (request) => {
    const made = await accounts.rotateIcalSecret(deps, requireActor(request));
    return { icalUrl: accounts.icalUrl(deps, made.secret), createdAt: made.createdAt };
  });

  app.post('/session/workspace', {
    schema: { tags, summary: 'Switch the browser session to another of your workspaces', body: z.object({ workspaceId: idSchema }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    if (!request.sessionId) throw new AppError('invalid', 'only a browser session can switch workspace; API tokens act in one workspace', [{ path: 'workspaceId', message: 'needs a session' }]);
    await accounts.switchSessionWorkspace(deps, request.sessionId, actor, request.body.workspaceId);
    return reply.status(204).send(null);
  });

  app.post('/tokens', {
    schema: { tags, summary: 'Create an API token (shown only once)', body: createTokenSchema,
      response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string() }), ...errors } },
  }, async (request, reply) => {
    const token = await accounts.createToken(deps, requireActor(request), request.body.name);
    reply.status(201);
    return token;
  });

  app.get('/tokens', {
    schema: { tags, summary: 'Your API tokens in this workspace (never their values)', response: { 200: z.object({ items: z.array(tokenSchema), nextCursor: z.null() }), ...errors } },
  }, async (request) => ({ items: await accounts.listTokens(deps, requireActor(request)), nextCursor: null }));

  app.delete('/tokens/:id', {
    schema: { tags, summary: 'Revoke an API token', params: z.object({ id: idSchema }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await accounts.revokeToken(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/users', {
    schema: { tags, summary: 'Add a user to your workspace (owner or admin)', body: createUserSchema, response: { 201: userSchema, ...errors } },
  }, async (request, reply) => {
    const user = await accounts.addUser(deps, requireActor(request), request.body);
    reply.status(201);
    return presentUser(user, user.role);
  });

  app.get('/users', {
    schema: { tags, summary: 'Users of your workspace', response: { 200: z.object({ items: z.array(userSchema), nextCursor: z.null() }), ...errors } },
  }, async (request) => ({ items: (await accounts.listUsers(deps, requireActor(request))).map((u) => presentUser(u, u.role)), nextCursor: null }));

  app.post('/workspaces', {
    schema: { tags, summary: 'Create a workspace you own; the token acts in it', body: createWorkspaceSchema,
      response: { 201: z.object({ workspace: workspaceSchema, token: z.string() }), ...errors } },
  }, async (request, reply) => {
    const result = await accounts.createWorkspace(deps, requireActor(request), request.body);
    reply.status(201);
    return { workspace: presentWorkspace(result.workspace), token: result.token };
  });
}
