import type { FastifyInstance, HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

interface Operation {
  summary?: string;
  responses?: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}
interface Route {
  method: HTTPMethods;
  url: string;
}

/**
 * Every method/path pair the server answers, read from Fastify's own route tree
 * (`printRoutes({ commonPrefix: false })` prints one node per line, its methods in brackets, and
 * nests children under their parent's path). A test checks each pair with `hasRoute`, so a
 * parsing mistake cannot pass silently.
 */
function serverRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const pathAtDepth: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const url = (depth > 0 ? pathAtDepth[depth - 1] ?? '' : '') + (match[2] ?? '');
    pathAtDepth.length = depth;
    pathAtDepth.push(url);
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) routes.push({ method: method as HTTPMethods, url });
  }
  return routes;
}

/** `/contacts/:id/timeline` → `/contacts/{id}/timeline` */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const isDocumentedApi = (route: Route): boolean => route.method !== 'HEAD' && (route.url.startsWith('/api/v1/') || route.url === '/healthz');

describe.each(testDialects())('OpenAPI document on %s', (dialect) => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = response.json() as OpenApiDocument;
    routes = serverRoutes(t.app);
  });
  afterAll(async () => { await t.close(); });

  it('is served as JSON without credentials and declares OpenAPI 3.1', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toEqual(expect.any(String));
  });

  it('reads the server\'s routes reliably (each one exists; the known ones are there)', () => {
    expect(routes.length).toBeGreaterThan(20);
    // Wildcard routes (the docs' static files, the web app's fallback) print without their full prefix.
    for (const route of routes.filter((r) => !r.url.includes('*'))) expect(t.app.hasRoute(route), `${route.method} ${route.url}`).toBe(true);
    const listed = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of ['POST /api/v1/setup', 'GET /api/v1/contacts/:id/timeline', 'PATCH /api/v1/follow-ups/:id', 'POST /api/v1/interactions', 'GET /healthz']) {
      expect(listed).toContain(known);
    }
  });

  it('lists every /api/v1 route and /healthz the server has', () => {
    const api = routes.filter(isDocumentedApi);
    const missing = api
      .filter((route) => !doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()])
      .map((route) => `${route.method} ${route.url}`);
    expect(missing).toEqual([]);
  });

  it('lists nothing the server does not have', () => {
    const extra: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      const url = path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
      for (const method of Object.keys(operations)) {
        if (!t.app.hasRoute({ method: method.toUpperCase() as HTTPMethods, url })) extra.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(extra).toEqual([]);
  });

  it('gives every documented operation a summary and a success response', () => {
    const incomplete: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.keys(operation.responses ?? {}).some((status) => /^2\d\d$/.test(status));
        if (!operation.summary || !success) incomplete.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(incomplete).toEqual([]);
  });

  it('serves the interactive documentation at /api/docs as an HTML page', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; response.statusCode >= 300 && response.statusCode < 400 && hops < 3; hops++) {
      response = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
    }
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
  });
});
