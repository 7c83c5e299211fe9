import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type RawServerDefault } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../core/errors.js';
import type { ServiceDeps } from '../services/deps.js';
import { registerAuth } from './auth.js';
import { LoginThrottle } from './loginThrottle.js';
import { problemFor } from './problems.js';
import { accountRoutes } from './routes/accounts.js';
import { agendaRoutes } from './routes/agenda.js';
import { contactRoutes } from './routes/contacts.js';
import { followUpRoutes } from './routes/followUps.js';
import { healthRoutes } from './routes/health.js';
import { interactionRoutes } from './routes/interactions.js';
import { opportunityRoutes } from './routes/opportunities.js';

export interface AppOptions {
  deps: ServiceDeps;
  logger?: boolean | { level: string };
  bodyLimit?: number;
  secureCookies?: boolean;
}

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext {
  deps: ServiceDeps;
  secureCookies: boolean;
  loginThrottle: LoginThrottle;
}

function validationErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => ({
    path: [error.validationContext === 'body' ? '' : error.validationContext, ...v.instancePath.split('/')].filter(Boolean).join('.') || (error.validationContext ?? 'body'),
    message: v.message ?? 'invalid',
  }));
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem;
    if (error instanceof AppError) {
      problem = problemFor(error.code, error.message, error.errors);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = validationErrors(error);
      problem = problemFor('invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      problem = problemFor('payload-too-large', `the request body is larger than ${options.bodyLimit ?? 1_048_576} bytes`, [{ path: 'body', message: 'too large' }]);
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = { type: 'about:blank', title: error.code ?? 'Bad request', status: error.statusCode, detail: error.message, errors: [{ path: 'body', message: error.message }] };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = { type: 'about:blank', title: 'Internal error', status: 500, detail: 'something went wrong on our side; nothing was changed' };
    }
    if (problem.status === 429) reply.header('retry-after', String((error as AppError & { retryAfter?: number }).retryAfter ?? 60));
    return reply.status(problem.status).type('application/problem+json').serializer(JSON.stringify).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).type('application/problem+json').send(problemFor('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
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
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const deps = options.deps;
  registerAuth(app, deps);
  const context: RouteContext = { deps, secureCookies: options.secureCookies ?? false, loginThrottle: new LoginThrottle(deps.clock) };
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(zapp, context);
  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    accountRoutes(z, context);
    contactRoutes(z, context);
    interactionRoutes(z, context);
    followUpRoutes(z, context);
    agendaRoutes(z, context);
    opportunityRoutes(z, context);
  }, { prefix: '/api/v1' });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  return app;
}
