import { randomBytes } from 'node:crypto';

/** 256 random bits: the link opts one contact out, so it must not be guessable or enumerable. */
export function newUnsubscribeToken(): string {
  return randomBytes(32).toString('base64url');
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/u/${token}`;
}

/** RFC 2369 + RFC 8058: one-click unsubscribe that mail providers show next to the sender. */
export function unsubscribeHeaders(baseUrl: string, token: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(baseUrl, token)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
