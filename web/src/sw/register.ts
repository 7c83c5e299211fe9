import { OFFLINE_CACHE, SERVICE_WORKER_URL } from './protocol.js';

/**
 * Installs the service worker (web/src/sw/serviceWorker.ts) where browsers allow one: over HTTPS, or
 * from localhost / 127.0.0.1 (a secure context). A LAN install over plain HTTP runs without it, as before.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    // Not being able to work offline is no reason to stop the app: the page runs the same without it.
    navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** The offline copies of the agenda and the session: gone at logout, login and a workspace switch. */
export async function dropOfflineCopies(): Promise<void> {
  if (!('caches' in window)) return;
  await window.caches.delete(OFFLINE_CACHE).catch(() => false);
}
