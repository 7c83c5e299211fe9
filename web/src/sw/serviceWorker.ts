/// <reference lib="webworker" />
/**
 * The service worker (served as /sw.js, built by web/serviceWorkerBuild.ts): keeps the app shell of
 * this build so the app opens without a network, and the last agenda fetched so Today can be drawn
 * from it, marked as possibly stale. Everything else goes to the network as if it were not here.
 */
import { CACHED_AT_HEADER, keptApiPath, OFFLINE_CACHE, SHELL_CACHE_PREFIX } from './protocol.js';
import { listenForPushReminders } from './pushReminders.js';

declare const self: ServiceWorkerGlobalScope;
/** Filled in at build time: this build's id and the files of its shell (index.html and its hashed assets). */
declare const __SHELL__: { version: string; files: string[] };

const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${__SHELL__.version}`;
const SHELL_FILES = new Set(__SHELL__.files);
const INDEX = '/index.html';

// Push reminders before a follow-up, and opening it from the notification (docs/push.md).
listenForPushReminders(self);

self.addEventListener('install', (event) => {
  // A new build takes over at once (with clients.claim below): no tab stays on a shell the server no longer has.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll([...SHELL_FILES])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/book' || url.pathname.startsWith('/book/')) return;
  if (url.pathname.startsWith('/api/')) {
    if (keptApiPath(url.pathname)) event.respondWith(networkFirst(request, url));
    return;
  }
  if (request.mode === 'navigate') {
    if (!url.pathname.startsWith('/ical/') && url.pathname !== '/healthz') event.respondWith(page(request));
    return;
  }
  if (SHELL_FILES.has(url.pathname)) event.respondWith(shellFile(request));
});

/** The page itself from the network (a new build shows at once), the shell's copy when offline. */
async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const copy = await caches.match(INDEX, { cacheName: SHELL_CACHE });
    if (copy) return copy;
    throw error;
  }
}

/** Hashed assets never change, so the shell's copy is as good as the server's. */
async function shellFile(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

/**
 * The answer from the server whenever it can be had, and a copy of it kept; when the network fails,
 * the last copy (one per path: the agenda of whichever day was last fetched), marked with when it was
 * taken. A 401 means signed out: the copies go, so the next person at this browser sees nothing.
 */
async function networkFirst(request: Request, url: URL): Promise<Response> {
  const key = url.origin + url.pathname;
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await caches.match(key, { cacheName: OFFLINE_CACHE });
    if (copy) return copy;
    throw error;
  }
  if (response.status === 200) {
    const cache = await caches.open(OFFLINE_CACHE);
    await cache.put(key, await offlineCopy(url, response.clone()));
  } else if (response.status === 401) {
    await caches.delete(OFFLINE_CACHE);
  }
  return response;
}

async function offlineCopy(url: URL, response: Response): Promise<Response> {
  let body = await response.text();
  if (url.pathname === '/api/v1/me') {
    // The CSRF token stays with the page that fetched it: nothing can be written offline anyway.
    const { csrfToken: _dropped, ...me } = JSON.parse(body) as Record<string, unknown>;
    body = JSON.stringify(me);
  }
  const headers = new Headers({ 'content-type': response.headers.get('content-type') ?? 'application/json', [CACHED_AT_HEADER]: new Date().toISOString() });
  return new Response(body, { status: 200, headers });
}
