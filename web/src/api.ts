import type { z } from 'zod';
import type {
  agendaItemSchema, agendaSchema, bookingLinkSchema, contactInputSchema, contactSchema, followUpInputSchema, followUpSchema, interactionInputSchema,
  interactionSchema, logInteractionResponseSchema, meSchema, opportunitySchema, userSchema, workspaceSchema,
} from '../../src/shared/index.js';
import { CACHED_AT_HEADER } from './sw/protocol.js';

/** Types come from the server's own zod schemas (type-only imports: no zod in the bundle). */
export type Me = z.infer<typeof meSchema>;
export type User = z.infer<typeof userSchema>;
export type Workspace = z.infer<typeof workspaceSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type ContactInput = z.input<typeof contactInputSchema>;
export type FollowUp = z.infer<typeof followUpSchema>;
export type FollowUpInput = z.input<typeof followUpInputSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type InteractionInput = z.input<typeof interactionInputSchema>;
export type LogResult = z.infer<typeof logInteractionResponseSchema>;
export type Agenda = z.infer<typeof agendaSchema>;
export type AgendaItem = z.infer<typeof agendaItemSchema>;
export type Opportunity = z.infer<typeof opportunitySchema>;
export type BookingLink = z.infer<typeof bookingLinkSchema>;
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface FieldError { path: string; message: string }
export interface Problem { type?: string; title?: string; status?: number; detail?: string; errors?: FieldError[] }

/** An RFC 9457 problem from the API, with its field errors keyed by path. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
  /** The rule that refused the request, e.g. "do-not-contact" from ".../problems/do-not-contact". */
  get rule(): string {
    return (this.problem.type ?? '').split('/').pop() ?? '';
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
export const isMissing = (error: unknown): boolean => isApiError(error) && (error.status === 404 || error.status === 405 || error.status === 501);

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null | undefined): void => {
  csrfToken = token ?? null;
};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * A new Idempotency-Key: one per submit, so a POST the browser or a double click sends twice is
 * carried out once (the server answers the repeat with the first response). crypto.randomUUID
 * exists only on HTTPS or localhost; a LAN install over plain HTTP gets random bytes instead.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, path, body)).data;
}

/** An answer, and when it is the service worker's offline copy (web/src/sw) the time the copy was taken. */
export interface CopyTimed<T> { data: T; copiedAt: string | null }

/**
 * A GET that also says when the answer is the service worker's offline copy (web/src/sw): the time the
 * copy was taken, or null when the server answered just now.
 */
export async function getWithCopyTime<T>(path: string): Promise<CopyTimed<T>> {
  const { data, headers } = await exchange<T>('GET', path);
  return { data, copiedAt: headers.get(CACHED_AT_HEADER) };
}

async function exchange<T>(method: Method, path: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (method === 'POST') headers['idempotency-key'] = newIdempotencyKey();
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    if (!navigator.onLine) {
      throw new ApiError(0, { title: 'Offline', detail: method === 'GET'
        ? 'you are offline, and this needs the server: try again once you are back online'
        : 'you are offline, so nothing was saved: try again once you are back online' });
    }
    throw new ApiError(0, { title: 'Network error', detail: 'the server could not be reached; check your connection and try again' });
  }
  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { title: response.statusText, detail: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, (data ?? { title: response.statusText }) as Problem);
  return { data: data as T, headers: response.headers };
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

export const query = (params: Record<string, string | number | boolean | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
