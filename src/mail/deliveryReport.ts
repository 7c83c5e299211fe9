/**
 * Delivery status notifications (RFC 3464): the "undeliverable" mail a relay sends back when it
 * accepted a message with 250 and then could not deliver it. Most real bounces arrive this way,
 * not as a 5xx during sending. Read from the raw message, defensively: only a report that says
 * `Action: failed` counts, and it names the mail it is about by that mail's Message-ID.
 */
export interface DeliveryFailure {
  /** Message-IDs quoted in the report (the returned original's headers): the mail that bounced. */
  originalMessageIds: string[];
  failedRecipients: string[];
  /** The remote server's reason (Diagnostic-Code or Status), shortened. */
  diagnostic: string;
}

const unfold = (text: string): string => text.replace(/\r?\n[ \t]+/g, ' ');

export function deliveryFailureOf(raw: string, ownMessageId: string | null): DeliveryFailure | null {
  const head = unfold(raw.split(/\r?\n\r?\n/, 1)[0] ?? '');
  if (!/^content-type:\s*multipart\/report\b[^\n]*report-type\s*=\s*"?delivery-status/im.test(head)) return null;
  const text = unfold(raw);
  if (!/^action:\s*failed\b/im.test(text)) return null;
  const failedRecipients = [...text.matchAll(/^final-recipient:\s*rfc822;\s*<?([^\s<>;]+@[^\s<>;]+)>?/gim)]
    .map((m) => (m[1] ?? '').toLowerCase()).filter((a) => a.length <= 320);
  const originalMessageIds = [...new Set([...text.matchAll(/^message-id:\s*(<[^<>\s]{1,990}>)/gim)].map((m) => m[1] ?? ''))]
    .filter((id) => id && id !== ownMessageId);
  const diagnostic = (/^diagnostic-code:\s*(.+)$/im.exec(text)?.[1] ?? /^status:\s*(.+)$/im.exec(text)?.[1] ?? 'delivery failed').trim().slice(0, 300);
  return { originalMessageIds, failedRecipients: [...new Set(failedRecipients)], diagnostic };
}
