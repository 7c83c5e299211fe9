import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PushSubscriptionView } from '../../../../src/shared/push.js';
import { api, type Page } from '../../api.js';
import { Badge, QueryError, Spinner, useToast } from '../../components/ui.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

const listKey = ['push-subscriptions'];

/** Why this browser cannot be reminded, in words; null when it can. */
function unsupportedReason(): string | null {
  if (!window.isSecureContext) return 'This page is not on a secure (https) address, and browsers show reminders only for those. Whoever runs Followthrough can serve it over https.';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'This browser cannot show reminders from a web page. On an iPhone or iPad, add Followthrough to the Home Screen first and open it from there; elsewhere, a current Chrome, Edge, Firefox or Safari can.';
  }
  return null;
}

const BLOCKED = 'Notifications are blocked for this site in your browser. Allow them in the site settings (the icon left of the address), then try again.';

/** The server's key as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '='));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** This browser's push subscription, if it has one (and a service worker to hold it). */
async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** "Remind me on this device": push reminders before each timed follow-up, and the devices that get them. */
export function PushReminders() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const unsupported = unsupportedReason();
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const devices = useQuery({ queryKey: listKey, queryFn: () => api.get<Page<PushSubscriptionView>>('/push/subscriptions') });

  useEffect(() => {
    if (unsupported) return;
    void currentSubscription().then((s) => setEndpoint(s?.endpoint ?? null), () => setEndpoint(null));
  }, [unsupported]);

  const subscribe = useMutation({
    mutationFn: async () => {
      setProblem(null);
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new Error(BLOCKED);
      const registration = await navigator.serviceWorker.getRegistration('/');
      if (!registration) throw new Error('This browser has not installed the app\'s helper for working offline and for reminders yet. Reload the page, then try again.');
      const { publicKey } = await api.get<{ publicKey: string }>('/push/public-key');
      let subscription: PushSubscription;
      try {
        subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      } catch {
        throw new Error('The browser could not reach its push service to set up reminders. Check the connection and try again.');
      }
      await api.post<PushSubscriptionView>('/push/subscriptions', subscription.toJSON());
      return subscription.endpoint;
    },
    onSuccess: async (subscribed) => {
      setEndpoint(subscribed);
      await client.invalidateQueries({ queryKey: listKey });
      toast('This device will remind you');
    },
    onError: (error) => setProblem(error.message),
  });

  const remove = useMutation({
    mutationFn: async (device: PushSubscriptionView) => {
      await api.delete(`/push/subscriptions/${device.id}`);
      // Unsubscribing this very browser also drops its subscription at the push service.
      if (device.endpoint === endpoint) await (await currentSubscription())?.unsubscribe();
      return device;
    },
    onSuccess: async (device) => {
      if (device.endpoint === endpoint) setEndpoint(null);
      await client.invalidateQueries({ queryKey: listKey });
      toast(device.endpoint === endpoint ? 'This device will not remind you any more' : 'Reminders to that device stopped');
    },
    onError: (error) => setProblem(error.message),
  });

  const items = devices.data?.items ?? [];
  const thisDevice = items.find((d) => d.endpoint === endpoint && !d.disabledAt);
  const lead = me.user.reminderMinutes;
  return (
    <section className="panel stack" aria-labelledby="push-title" data-testid="push-reminders">
      <h2 id="push-title">Reminders on your devices</h2>
      <p>
        {lead > 0
          ? `A notification ${lead} minute${lead === 1 ? '' : 's'} before each timed follow-up: who, when in your time and theirs, how and what about. Change how long before under "You".`
          : 'Reminders are off: set how many minutes before a follow-up you want them under "You".'}
      </p>
      {unsupported ? <p role="status" data-testid="push-unsupported">{unsupported}</p> : null}
      {!unsupported && Notification.permission === 'denied' ? <p role="status">{BLOCKED}</p> : null}
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
      {!unsupported ? (
        <div className="actions actions-start">
          {thisDevice ? (
            <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate(thisDevice)}>Stop reminding me on this device</button>
          ) : (
            <button type="button" disabled={subscribe.isPending || Notification.permission === 'denied'} onClick={() => subscribe.mutate()}>Remind me on this device</button>
          )}
        </div>
      ) : null}
      {devices.isPending ? <Spinner /> : null}
      {devices.isError ? <QueryError error={devices.error} what="your devices" /> : null}
      {devices.data && items.length === 0 ? <p className="muted">No device reminds you yet.</p> : null}
      {items.length > 0 ? (
        <ul className="plain" aria-label="Devices that remind you">
          {items.map((d) => {
            const name = d.device ?? 'A browser';
            return (
              <li key={d.id} className="promise" data-testid="push-device">
                <div>
                  <strong>{name}</strong>{' '}
                  {d.endpoint === endpoint ? <Badge tone="info">This device</Badge> : null}{' '}
                  {d.disabledAt ? <Badge tone="warn" title={d.disabledReason ?? undefined}>Stopped by its browser</Badge> : null}
                  <div className="muted">
                    Added {formatInstant(d.createdAt, me.user.timeZone)}
                    {d.lastSuccessAt ? ` · last reminder ${formatInstant(d.lastSuccessAt, me.user.timeZone)}` : ' · no reminder yet'}
                  </div>
                  {d.disabledAt ? <div className="muted">Its subscription ended; subscribe again from that device to get reminders there.</div> : null}
                </div>
                <div className="row-actions">
                  <button type="button" className="button-link" disabled={remove.isPending} onClick={() => remove.mutate(d)} aria-label={`Remove ${name}, added ${formatInstant(d.createdAt, me.user.timeZone)}`}>Remove</button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
