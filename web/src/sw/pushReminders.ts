/// <reference lib="webworker" />
/**
 * Push reminders in the service worker (docs/push.md): a push the server sent before a follow-up
 * (its payload: src/shared/push.ts PushReminderPayload) becomes a notification, and a click on it
 * opens the follow-up in the app, in a tab already open when there is one.
 */

interface ReminderNotice {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** The fields a notification needs, read without trusting the shape (a push with no payload still shows something). */
function noticeOf(data: PushMessageData | null, origin: string): ReminderNotice {
  let payload: Partial<Record<keyof ReminderNotice, unknown>> = {};
  try {
    payload = (data?.json() ?? {}) as typeof payload;
  } catch {
    payload = {};
  }
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value ? value : fallback);
  const url = text(payload.url, `${origin}/#/today`);
  return {
    title: text(payload.title, 'A follow-up is coming up'),
    body: text(payload.body, 'Open Followthrough to see it.'),
    // Only this app's own pages are opened from a notification.
    url: new URL(url, origin).origin === origin ? url : `${origin}/#/today`,
    tag: text(payload.tag, 'follow-up-reminder'),
  };
}

export function listenForPushReminders(worker: ServiceWorkerGlobalScope): void {
  worker.addEventListener('push', (event) => {
    const notice = noticeOf(event.data, worker.location.origin);
    event.waitUntil(worker.registration.showNotification(notice.title, {
      body: notice.body, tag: notice.tag, data: { url: notice.url }, icon: '/icon-192.png', badge: '/icon-192.png',
    }));
  });

  worker.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const data = event.notification.data as { url?: unknown } | null;
    const url = typeof data?.url === 'string' ? data.url : `${worker.location.origin}/#/today`;
    event.waitUntil((async () => {
      const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === worker.location.origin);
      if (open) {
        await open.focus();
        await open.navigate(url).catch(() => null);
        return;
      }
      await worker.clients.openWindow(url);
    })());
  });
}
