import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { bookedSchema, publicBookingSchema } from '../../../src/shared/booking.js';
import type { Channel } from '../../../src/shared/vocabulary.js';
import { api, isApiError } from '../api.js';

/** Types from the server's own schemas (type-only imports: no zod in the page's bundle). */
export type PublicBooking = z.infer<typeof publicBookingSchema>;
export type Booked = z.infer<typeof bookedSchema>;
export interface ReachableWindow { days: number[]; from: string; to: string }
export interface Preferences { preferredChannel?: Channel; reachable?: ReachableWindow[] }

/** The token of a booking link (`/book/<token>`), or null. */
export function bookingTokenFromPath(pathname: string): string | null {
  const m = /^\/book\/([A-Za-z0-9_-]{1,200})\/?$/.exec(pathname);
  return m?.[1] ?? null;
}

/** The public booking API for one link (no login: the token is the credential). */
export function bookingApi(token: string) {
  const path = `/public/bookings/${encodeURIComponent(token)}`;
  return {
    view: () => api.get<PublicBooking>(path),
    book: (start: string, channel: Channel) => api.post<Booked>(path, { start, channel }),
    cancel: (reason: string) => api.post<{ ok: true }>(`${path}/cancel`, reason.trim() ? { reason: reason.trim() } : {}),
    preferences: (prefs: Preferences) => api.post<{ ok: true }>(`${path}/preferences`, prefs),
    optOut: () => api.post<{ ok: true }>(`${path}/opt-out`, {}),
    icsHref: `/api/v1${path}/ics`,
  };
}
export type BookingApi = ReturnType<typeof bookingApi>;

/** 404 from any of the link's endpoints: unknown, expired or withdrawn, whatever the reason. */
export const isGone = (error: unknown): boolean => isApiError(error) && error.status === 404;

export type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; booking: PublicBooking }
  | { state: 'gone' }
  | { state: 'failed'; message: string };

/** What the link offers now; `reload` asks again (after a booking, a cancel, a time someone else took). */
export function useBooking(client: BookingApi): { loaded: Loaded; reload: () => Promise<void>; markGone: () => void } {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const reload = useCallback(async () => {
    try {
      setLoaded({ state: 'ready', booking: await client.view() });
    } catch (error) {
      setLoaded(isGone(error) ? { state: 'gone' } : { state: 'failed', message: error instanceof Error ? error.message : 'unknown error' });
    }
  }, [client]);
  useEffect(() => { void reload(); }, [reload]);
  const markGone = useCallback(() => setLoaded({ state: 'gone' }), []);
  return { loaded, reload, markGone };
}
