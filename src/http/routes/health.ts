import { z } from 'zod';
import { checkHealth } from '../../services/health.js';
import type { RouteContext, ZodApp } from '../app.js';

export function healthRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/healthz', {
    config: { public: true },
    schema: { tags: ['health'], summary: 'Liveness and database check', response: { 200: z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']) }) } },
  }, () => checkHealth(deps));
}
