import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../core/errors.js';
import { readableIssue } from '../shared/readableErrors.js';
import type { ServiceDeps } from '../services/deps.js';
import { registerAuth } from './auth.js';
import { registerIdempotency } from './idempotency.js';
import { registerLoginLimiter, type LoginLimiter } from './loginLimiter.js';
import { problemFor, type Problem } from './problems.js';
import { accountRoutes } from './routes/accounts.js';
import { accountAdminRoutes } from './routes/accountAdmin.js';
import { agendaRoutes } from './routes/agenda.js';
import { AgendaCache } from '../services/agendaCache.js';
import { bookingLinkRoutes } from './routes/bookingLinks.js';
import { webhookRoutes } from './routes/webhooks.js';
import { tagViewRoutes } from './routes/tagsViews.js';
import { dealRoutes } from './routes/deals.js';
import { customFieldRoutes } from './routes/customFields.js';
import { taskRoutes } from './routes/tasks.js';
import { calendarRoutes, redactSecretPaths } from './routes/calendar.js';
import { publicBookingRoutes } from './routes/publicBookings.js';
import { pushRoutes } from './routes/push.js';
import { contactRoutes } from './routes/contacts.js';
import { mailSettingsRoutes } from './routes/mailSettings.js';
import { directEmailRoutes } from './routes/directEmails.js';
import { templatePreviewRoutes } from './routes/templatePreview.js';
import { dataTransferRoutes } from './routes/dataTransfer.js';
import { followUpRoutes } from './routes/followUps.js';
import { healthRoutes } from './routes/health.js';
import { insightsRoutes } from './routes/insights.js';
import { teamRoutes } from './routes/team.js';
import { interactionRoutes } from './routes/interactions.js';
import { invitationRoutes } from './routes/invitations.js';
import { opportunityRoutes } from './routes/opportunities.js';
import { playbookRoutes } from './routes/playbooks.js';
import { demoRoutes } from './routes/demo.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { timeBudgetRoutes } from './routes/timeBudget.js';
import { newsletterRoutes } from './routes/newsletter.js';
import { registerWebApp } from './webApp.js';
import { registerValidText } from './validText.js';
import { BARE_ERROR_HEADERS, registerSecurityHeaders } from './securityHeaders.js';

export interface AppOptions {
  deps: ServiceDeps;
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  bodyLimit?: number;
  secureCookies?: boolean;
  /** The server's own SMTP (SMTP_URL), if any: the last-resort mailbox. */
  serverSmtpUrl?: string | undefined;
  /** Keep agendas between requests (default); false computes each one afresh (the benchmark's comparison). */
  keepAgendas?: boolean;
}

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext {
  deps: ServiceDeps;
  secureCookies: boolean;
  loginLimiter: LoginLimiter;
  serverSmtpUrl: string | undefined;
  /** Agendas kept between requests while their data is unchanged (services/agendaCache). */
  agendaCache: AgendaCache;
}

/**
 * PostgreSQL text cannot hold U+0000 (the insert fails), so no dialect accepts it: a NUL anywhere
 * in the params, query or body is invalid input. Iterative, because bodies may nest thousands deep.
 */
function nulCharacterPath(input: { params: unknown; query: unknown; body: unknown }): string | null {
  interface Node { value: unknown; key: string; parent: Node | null }
  const pathOf = (node: Node): string => {
    const keys: string[] = [];
    for (let at: Node | null = node; at; at = at.parent) keys.unshift(at.key);
    // Named like schema validation errors: body fields bare, others under params/querystring.
    return (keys[0] === 'body' && keys.length > 1 ? keys.slice(1) : keys).join('.');
  };
  const roots: Array<[string, unknown]> = [['params', input.params], ['querystring', input.query], ['body', input.body]];
  const pending: Node[] = roots.map(([key, value]) => ({ value, key, parent: null }));
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (typeof node.value === 'string') {
      if (node.value.includes('\u0000')) return pathOf(node);
    } else if (typeof node.value === 'object' && node.value !== null) {
      for (const [key, value] of Object.entries(node.value)) {
        const child: Node = { value, key, parent: node };
        if (key.includes('\u0000')) return pathOf(child);
        pending.push(child);
      }
    }
  }
  return null;
}

function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem: Problem = error.statusCode && error.statusCode < 500
    ? problemFor('invalid', error.message, [{ path: 'url', message: error.message }])
    : { type: 'about:blank', title: 'Internal error', status: 500, detail: 'something went wrong on our side; nothing was changed' };
  // The router fails before any hook runs, so helmet never saw this reply: the headers a JSON body needs.
  void reply.status(problem.status).type('application/problem+json')
    .headers(BARE_ERROR_HEADERS)
    .send(JSON.stringify(problem));
}

function validationErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const path = [error.validationContext === 'body' ? '' : error.validationContext, ...v.instancePath.split('/')].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    return { path, message: readableIssue(path.replace(/^(querystring|params)\./, ''), { ...v.params, code: v.keyword, message: v.message ?? 'invalid' }) };
  });
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Secrets in paths (/ical/{secret}.ics, /u/{token}) never reach a log line.
    logger: options.logger ? { ...(typeof options.logger === 'object' ? options.logger : {}), serializers: { req: (request: FastifyRequest) => ({ method: request.method, url: redactSecretPaths(request.url) }) } } : false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: false,
    // The router's own errors (a path that is not valid percent-encoding) are problems too.
    frameworkErrors: sendFrameworkError,
  });
  registerValidText(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem;
    if (error instanceof AppError) {
      problem = problemFor(error.code, error.message, error.errors);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = validationErrors(error);
      problem = problemFor('invalid', errors.map((e) => e.message).join(' '), errors);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      problem = problemFor('payload-too-large', `the request body is larger than ${options.bodyLimit ?? 1_048_576} bytes`, [{ path: 'body', message: 'too large' }]);
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = { type: 'about:blank', title: STATUS_CODES[error.statusCode] ?? 'Bad request', status: error.statusCode, detail: error.message, errors: [{ path: 'body', message: error.message }] };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = { type: 'about:blank', title: 'Internal error', status: 500, detail: 'something went wrong on our side; nothing was changed' };
    }
    // The route may already have said how long to wait; 60 s is only the fallback.
    if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', String((error as AppError & { retryAfter?: number }).retryAfter ?? 60));
    return reply.status(problem.status).type('application/problem+json').serializer(JSON.stringify).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).type('application/problem+json').send(problemFor('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  await registerSecurityHeaders(app, { secure: options.secureCookies ?? false });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Followthrough API', version: '1.0.0', description: 'Agreed follow-ups, on time, through the client\'s chosen channel.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'ft_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // No staticCSP: the docs get the app's one policy (securityHeaders.ts).
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('preValidation', async (request) => {
    const path = nulCharacterPath({ params: request.params, query: request.query, body: request.body });
    if (path !== null) throw AppError.invalid(path, 'must not contain the NUL character (U+0000)');
  });

  const deps = options.deps;
  registerAuth(app, deps);
  registerIdempotency(app, deps);
  const context: RouteContext = { deps, secureCookies: options.secureCookies ?? false, loginLimiter: await registerLoginLimiter(app, deps.clock), serverSmtpUrl: options.serverSmtpUrl, agendaCache: new AgendaCache(deps, options.keepAgendas === false ? 0 : undefined) };
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(zapp, context);
  calendarRoutes(zapp, context);
  unsubscribeRoutes(zapp, context);
  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    accountRoutes(z, context);
    accountAdminRoutes(z, context);
    contactRoutes(z, context);
    interactionRoutes(z, context);
    followUpRoutes(z, context);
    invitationRoutes(z, context);
    agendaRoutes(z, context);
    opportunityRoutes(z, context);
    insightsRoutes(z, context);
    teamRoutes(z, context);
    playbookRoutes(z, context);
    demoRoutes(z, context);
    dataTransferRoutes(z, context);
    mailSettingsRoutes(z, context);
    directEmailRoutes(z, context);
    templatePreviewRoutes(z, context);
    timeBudgetRoutes(z, context);
    newsletterRoutes(z, context);
    bookingLinkRoutes(z, context);
    webhookRoutes(z, context);
    tagViewRoutes(z, context);
    dealRoutes(z, context);
    customFieldRoutes(z, context);
    taskRoutes(z, context);
    publicBookingRoutes(z, context);
    pushRoutes(z, context);
  }, { prefix: '/api/v1' });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  await registerWebApp(app);
  return app;
}
