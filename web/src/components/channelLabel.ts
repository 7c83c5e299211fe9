import { label } from './ui.js';

/** "Phone call" for `call`: its own module so that Today's rows need not load the next-step form to name a channel. */
export const channelLabel = (c: string): string => ({ sms: 'SMS', call: 'Phone call', video: 'Video call' } as Record<string, string>)[c] ?? label(c);
