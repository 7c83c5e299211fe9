import escapeHtml from 'escape-html';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describeUnsubscribe, unsubscribeByToken, type UnsubscribeView } from '../../services/unsubscribe.js';
import type { RouteContext, ZodApp } from '../app.js';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>`
    + `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933}button{font:inherit;padding:.5rem 1rem}</style>`
    + `</head><body><main>${body}</main></body></html>`;
}

const confirmPage = (token: string, view: UnsubscribeView): string => view.alreadyUnsubscribed
  ? page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${escapeHtml(view.maskedEmail)} gets no more automated mail from ${escapeHtml(view.sender)}.</p>`)
  : page('Unsubscribe', `<h1>Unsubscribe?</h1><p>Stop automated mail from ${escapeHtml(view.sender)} to ${escapeHtml(view.maskedEmail)}.</p>`
    + `<form method="post" action="/u/${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`);

const donePage = (view: UnsubscribeView): string =>
  page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${escapeHtml(view.maskedEmail)} gets no more automated mail from ${escapeHtml(view.sender)}.</p>`);

const unknownPage = page('Link not found', '<h1>This unsubscribe link is not valid</h1><p>Please use the link from the most recent message.</p>');

const params = z.object({ token: z.string().min(1).max(200) });
const html = z.string().describe('text/html');

/**
 * One-click unsubscribe (RFC 8058). No cookies, no CSRF token: the unguessable token is the only
 * credential, and mail providers POST `List-Unsubscribe=One-Click` as a form.
 */
export function unsubscribeRoutes(app: ZodApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body));
    const routes = scope.withTypeProvider<ZodTypeProvider>();

    routes.get('/u/:token', {
      config: { public: true },
      schema: { tags: ['mail'], summary: 'Unsubscribe confirmation page (changes nothing)', security: [], params, response: { 200: html, 404: html } },
    }, async (request, reply) => {
      const view = await describeUnsubscribe(deps, request.params.token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').serializer((body: string) => body);
      return view ? reply.send(confirmPage(request.params.token, view)) : reply.status(404).send(unknownPage);
    });

    routes.post('/u/:token', {
      config: { public: true },
      schema: { tags: ['mail'], summary: 'One-click unsubscribe (RFC 8058): opts the contact out at once', security: [], params, response: { 200: html, 404: html } },
    }, async (request, reply) => {
      const view = await unsubscribeByToken(deps, request.params.token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').serializer((body: string) => body);
      return view ? reply.send(donePage(view)) : reply.status(404).send(unknownPage);
    });
  });
}
