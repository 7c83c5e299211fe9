/**
 * What the service worker (serviceWorker.ts) and the page agree on. The worker answers from its
 * copies only when the network cannot, and marks such an answer with CACHED_AT_HEADER (when the copy
 * was taken), so a page can say plainly that what it shows may be out of date.
 */
export const SERVICE_WORKER_URL = '/sw.js';
export const CACHED_AT_HEADER = 'x-followthrough-cached-at';
/** The last agenda and session answers: dropped at logout and whenever the server says signed out. */
export const OFFLINE_CACHE = 'followthrough-offline';
/** The app shell of one build; each build has its own, and the old ones go once a new build takes over. */
export const SHELL_CACHE_PREFIX = 'followthrough-shell-';

/**
 * The API answers kept for offline use: the agenda (any day asked for) and who is signed in (without
 * which no page can be drawn). Nothing else from the API, and nothing under /book/, is ever kept.
 */
export function keptApiPath(pathname: string): boolean {
  return pathname === '/api/v1/agenda' || pathname === '/api/v1/me';
}
