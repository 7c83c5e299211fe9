/**
 * The webhook vocabulary without zod, so the web app's Settings page can show it without loading the schemas.
 */
export const webhookEventTypes = [
  'interaction.logged',
  'follow-up.created',
  'follow-up.cancelled',
  'follow-up.late',
  'contact.opted-out',
  'enrollment.exited',
  'booking.created',
  'digest.ready',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What each event means, in a salesperson's words (Settings shows these beside the checkboxes). */
export const webhookEventLabels: Record<WebhookEventType, string> = {
  'interaction.logged': 'A touch was logged',
  'follow-up.created': 'A follow-up was scheduled',
  'follow-up.cancelled': 'A follow-up was cancelled',
  'follow-up.late': 'A promised follow-up became late',
  'contact.opted-out': 'A contact opted out or said stop',
  'enrollment.exited': 'A contact left a playbook',
  'booking.created': 'A contact booked a time through a link',
  'digest.ready': 'A user\'s morning digest is ready',
};

/** `standard`: Standard Webhooks 1.0, signed. `slack`: Slack's incoming-webhook JSON, unsigned (the URL is the secret). */
export const webhookFormats = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

