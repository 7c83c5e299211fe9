import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { fieldLabel } from '../shared/readableErrors.js';

/**
 * JSON bodies are valid text, or refused before anything reads them (issue 12 finding 6).
 *
 * Fastify's own parser decodes the body leniently, so invalid UTF-8 became U+FFFD and was stored
 * as if the user had typed it; and JSON may spell a lone surrogate (`"\ud800"`), which PostgreSQL
 * refuses and exports cannot write. Both are a 400 naming the field, here, once, for every route:
 * the body is decoded with a fatal decoder and the parsed value walked for a string or key that
 * is not well formed. Parsing itself stays Fastify's (secure-json-parse: no __proto__ poisoning).
 */
export function registerValidText(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, raw: Buffer, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      done(notText(invalidUtf8Path(raw)), undefined);
      return;
    }
    parseJson(request, text, (error, body) => {
      if (error) return done(error, undefined);
      const path = illFormedPath(body);
      done(path === null ? null : notText(path), path === null ? body : undefined);
    });
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8');
const REPLACEMENT = '\uFFFD';
/** With the u flag a surrogate pair is one code point, so this matches only a lone surrogate
 * (what String.prototype.isWellFormed looks for; the project's TypeScript lib predates it). */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

function notText(path: string): AppError {
  const what = path === '' ? 'The request body' : fieldLabel(path);
  return new AppError('invalid', `${what} contains characters that are not valid text (UTF-8); nothing was saved.`, [
    { path: path || 'body', message: `${what} contains characters that are not valid text.` },
  ]);
}

/**
 * Which field held the bad bytes: decoded leniently, they are the only U+FFFD in the body, unless
 * the body also spelled a real one (then, or when the bytes broke the JSON itself, "the request
 * body").
 */
function invalidUtf8Path(raw: Buffer): string {
  const text = lenientUtf8.decode(raw);
  if (raw.includes(Buffer.from(REPLACEMENT, 'utf8')) || /\\u[fF]{3}[dD]/.test(text)) return '';
  try {
    return firstPath(JSON.parse(text) as unknown, (s) => s.includes(REPLACEMENT)) ?? '';
  } catch {
    return '';
  }
}

/** The path of the first string or key that is not well-formed UTF-16 (a lone surrogate), or null. */
export function illFormedPath(value: unknown): string | null {
  return firstPath(value, (s) => LONE_SURROGATE.test(s));
}

/**
 * The dotted path (`outcome.next.agenda`, `rows.0.name`, as schema errors name fields) of the
 * first string or key, in document order, that `bad` holds for. Iterative: bodies may nest
 * thousands deep.
 */
function firstPath(root: unknown, bad: (text: string) => boolean): string | null {
  // Parent links, not copied paths, so a deep body costs memory in proportion to its size.
  interface Node { value: unknown; key: string; parent: Node | null }
  const pathOf = (node: Node | null, last?: string): string => {
    const keys = last === undefined ? [] : [last];
    for (let at = node; at?.parent; at = at.parent) keys.unshift(at.key);
    return keys.join('.');
  };
  const pending: Node[] = [{ value: root, key: '', parent: null }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (typeof node.value === 'string') {
      if (bad(node.value)) return pathOf(node);
    } else if (typeof node.value === 'object' && node.value !== null) {
      const children = Object.entries(node.value);
      for (const [key] of children) if (bad(key)) return pathOf(node, key.replace(LONE_SURROGATES, REPLACEMENT));
      for (let i = children.length - 1; i >= 0; i--) {
        const [key, value] = children[i] as [string, unknown];
        pending.push({ value, key, parent: node });
      }
    }
  }
  return null;
}
